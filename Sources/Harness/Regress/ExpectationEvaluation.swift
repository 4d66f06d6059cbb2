import Foundation
import Reporting
import ResultStore
import Scenario
import Simulation

/// Judges a finished run against a scenario's expectations. Pure: the run, its stored versions and the golden
/// texts in, verdicts out.
struct ExpectationEvaluation {
    var expectations: Expectations
    var scenarioFile: String
    var start: SimInstant
    /// Golden texts by namespace, as read before the run.
    var golden: [String: String]
    var update: Bool

    func cases(result: RunResult, versions: [RecommendationRow], policies: [GoldenFile]?) -> [RegressCase] {
        var out = expectations.metrics.map { metric($0, result) }
        if !expectations.statuses.isEmpty {
            let timeline = StatusTimeline(rows: versions)
            out += expectations.statuses.map { status($0, timeline) }
        }
        if let folder = expectations.policies, let policies { out += self.policies(folder, actual: policies) }
        return out
    }

    func location(_ line: Int) -> String { "\(scenarioFile):\(line)" }

    func metric(_ b: MetricBound, _ result: RunResult) -> RegressCase {
        func show(_ v: Double) -> String { b.isTime ? Format.duration(seconds: Int64(v.rounded())) : Self.number(v) }
        guard let value = result.metric(b.name, namespace: b.namespace) else {
            let why: String
            if MetricCatalog.isTime(b.name) {
                why =
                    b.namespace.isEmpty
                    ? "no namespace reached that point in the run"
                    : "namespace \(b.namespace) never reached that point in the run"
            } else if !b.namespace.isEmpty && !result.lifecycles.contains(where: { $0.namespace == b.namespace }) {
                why = "namespace \(b.namespace) was never selected by the recommendation scope"
            } else {
                why = "the run did not report it"
            }
            return RegressCase(
                kind: .metric, expectation: b.text, location: location(b.line), outcome: .failed,
                detail: "metric missing: \(why) (expected \(b.op.rawValue) \(show(b.value)))")
        }
        let ok = b.op.holds(value, b.value)
        return RegressCase(
            kind: .metric, expectation: b.text, location: location(b.line), outcome: ok ? .passed : .failed,
            detail: ok ? show(value) : "got \(show(value)), expected \(b.op.rawValue) \(show(b.value))")
    }

    func status(_ p: StatusProbe, _ timeline: StatusTimeline) -> RegressCase {
        let seen = timeline.state(namespace: p.namespace, at: start + p.at)
        var differences: [String] = []
        if let s = p.status, s != seen.status {
            differences.append("status: expected \(s.rawValue) got \(seen.status.rawValue)")
        }
        if let a = p.stagedAction, a != seen.stagedAction {
            differences.append("stagedAction: expected \(a) got \(seen.stagedAction ?? "none")")
        }
        if let e = p.enforced, e != seen.enforced { differences.append("enforced: expected \(e) got \(seen.enforced)") }
        let actual = [
            seen.status.rawValue, seen.stagedAction.map { "stagedAction \($0)" }, seen.enforced ? "enforced" : nil,
        ]
        .compactMap { $0 }.joined(separator: ", ")
        return RegressCase(
            kind: .status, expectation: "status " + p.text, location: location(p.line),
            outcome: differences.isEmpty ? .passed : .failed,
            detail: differences.isEmpty ? actual : differences.joined(separator: "; "))
    }

    func policies(_ folder: GoldenFolder, actual: [GoldenFile]) -> [RegressCase] {
        let actualByNamespace = Dictionary(actual.map { ($0.namespace, $0.text) }, uniquingKeysWith: { a, _ in a })
        let namespaces = Set(golden.keys).union(actualByNamespace.keys).sorted()
        let at = location(folder.line)
        if namespaces.isEmpty {
            return [
                RegressCase(
                    kind: .policy, expectation: "policies", location: at, outcome: .passed,
                    detail: "no recommendations and no golden files")
            ]
        }
        return namespaces.map { ns in
            let file = (folder.resolved as NSString).appendingPathComponent("\(ns).yaml")
            let name = "policies \(ns)"
            func verdict(_ difference: String?, _ updatedDetail: String) -> RegressCase {
                guard let difference else {
                    return RegressCase(
                        kind: .policy, expectation: name, location: at, outcome: .passed, detail: "matches \(file)")
                }
                if update {
                    return RegressCase(
                        kind: .policy, expectation: name, location: at, outcome: .updated, detail: updatedDetail)
                }
                return RegressCase(kind: .policy, expectation: name, location: at, outcome: .failed, detail: difference)
            }
            switch (golden[ns], actualByNamespace[ns]) {
            case let (expected?, got?):
                return verdict(
                    GoldenPolicies.firstDifference(expected: expected, actual: got, file: file), "rewrote \(file)")
            case (_?, nil):
                return verdict(
                    "\(file): expected policies of \(ns), got no policy at the end of the run", "removed \(file)")
            default:
                return verdict(
                    "\(file): no golden file for the policies of \(ns) (run with --update to create it)",
                    "created \(file)")
            }
        }
    }

    /// Integers without decimals, other values with up to 4 significant decimals.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return Format.number(v, decimals: 4)
    }
}

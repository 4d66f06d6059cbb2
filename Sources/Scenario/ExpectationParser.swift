import CalicoModel
import Foundation
import Simulation
import Yams

extension Expectations {
    /// The checked `expect:` block of a scenario; nil when it has none. Errors name the scenario file's line.
    public static func parse(_ scenario: Scenario) throws(ScenarioError) -> Expectations? {
        guard let block = scenario.expect else { return nil }
        return try parse(YAMLCursor(node: block.node, file: scenario.file, path: "expect"), scenario: scenario)
    }

    static let keys = ["days", "seed", "metrics", "statuses", "policies"]

    static func parse(_ c: YAMLCursor, scenario: Scenario) throws(ScenarioError) -> Expectations {
        try c.checkKeys(keys)
        var x = Expectations()
        if let d = try c.optional("days") {
            let text = try d.string("a positive number of days")
            guard let days = Double(text), case .success(let duration) = InputLimits.simulatedDuration(days: days)
            else {
                throw d.fail(
                    "expected a positive number of days up to \(InputLimits.maxSimulatedDays), got \"\(text)\"")
            }
            x.duration = duration
        }
        if let s = try c.optional("seed") {
            let text = try s.string("a non-negative integer seed")
            guard let v = UInt64(text) else { throw s.fail("expected a non-negative integer seed, got \"\(text)\"") }
            x.seed = v
        }
        let runLength = x.duration ?? scenario.duration
        let namespaces = Set(scenario.cluster.namespaces.map(\.name))
        func checkNamespace(_ ns: String, _ at: YAMLCursor) throws(ScenarioError) {
            guard namespaces.contains(ns) else {
                throw at.fail("unknown namespace \"\(ns)\"; expected one declared under cluster.namespaces")
            }
        }
        if let m = try c.optional("metrics") {
            for item in try m.items() {
                let bound = try metricBound(item)
                if !bound.namespace.isEmpty { try checkNamespace(bound.namespace, item) }
                x.metrics.append(bound)
            }
        }
        if let s = try c.optional("statuses") {
            for item in try s.items() {
                let probe = try statusProbe(item)
                try checkNamespace(probe.namespace, item)
                guard probe.at <= runLength else {
                    throw item.fail(
                        "`at: \(probe.at.compact)` is after the end of the run (\(runLength.compact)); expected an offset within it"
                    )
                }
                x.statuses.append(probe)
            }
        }
        if let p = try c.optional("policies") {
            let path = try p.string("a folder of golden policies, relative to the scenario")
            let base = (scenario.file as NSString).deletingLastPathComponent
            let resolved = path.hasPrefix("/") || base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
            x.policies = GoldenFolder(path: path, resolved: resolved, line: p.line)
        }
        if x.metrics.isEmpty && x.statuses.isEmpty && x.policies == nil {
            throw c.fail("nothing to check; expected at least one of metrics, statuses or policies")
        }
        return x
    }

    /// `[ns/]name OP value`, e.g. `falseDeny.weekly <= 0`, `timeToStable.p95 <= 2h`, `shop/missedAttacks == 0`.
    static func metricBound(_ c: YAMLCursor) throws(ScenarioError) -> MetricBound {
        let expected = "a bound such as \"falseDeny.weekly <= 0\" or \"shop/timeToStable <= 2h\""
        let text = try c.string(expected).trimmingCharacters(in: .whitespaces)
        guard let opStart = text.firstIndex(where: { "<>=!".contains($0) }) else {
            throw c.fail("no comparison in \"\(text)\"; expected \(expected) (operators: <=, <, >=, >, ==, !=)")
        }
        let rest = text[opStart...]
        guard let op = ComparisonOperator.allCases.first(where: { rest.hasPrefix($0.rawValue) }) else {
            throw c.fail("unknown operator in \"\(text)\"; expected one of <=, <, >=, >, ==, !=")
        }
        let lhs = text[..<opStart].trimmingCharacters(in: .whitespaces)
        let rhs = rest.dropFirst(op.rawValue.count).trimmingCharacters(in: .whitespaces)
        var namespace = "", name = lhs
        if let slash = lhs.firstIndex(of: "/") {
            namespace = String(lhs[..<slash]); name = String(lhs[lhs.index(after: slash)...])
            guard !namespace.isEmpty else {
                throw c.fail("empty namespace in \"\(text)\"; expected ns/metric or a bare metric")
            }
        }
        guard !name.isEmpty else { throw c.fail("no metric name in \"\(text)\"; expected \(expected)") }
        let known = namespace.isEmpty ? MetricCatalog.overall + MetricCatalog.delivery : MetricCatalog.perNamespace
        guard known.contains(name) else {
            let hint =
                MetricCatalog.suggestion(for: name, overall: namespace.isEmpty).map { " (did you mean \($0)?)" } ?? ""
            let scope = namespace.isEmpty ? "an overall" : "a per-namespace"
            let other =
                namespace.isEmpty ? MetricCatalog.perNamespace.contains(name) : MetricCatalog.overall.contains(name)
            let where_ =
                other
                ? (namespace.isEmpty
                    ? "; it is reported per namespace: write ns/\(name)"
                    : "; it is only reported overall: drop the namespace") : ""
            throw c.fail(
                "unknown metric \"\(name)\"\(hint)\(where_); expected \(scope) metric such as \(known.prefix(4).joined(separator: ", "))"
            )
        }
        guard !rhs.isEmpty else { throw c.fail("no value after \(op.rawValue) in \"\(text)\"") }
        let value: Double
        if let v = Double(rhs), v.isFinite {
            value = v
        } else if let d = try? SimDuration(parsing: rhs, allowDays: true) {
            guard MetricCatalog.isTime(name) else {
                throw c.fail(
                    "a duration bound (\(rhs)) needs a time metric (timeTo…); \(name) is a count: expected a number")
            }
            value = Double(d.seconds)
        } else {
            throw c.fail("expected a number or a duration such as 2h after \(op.rawValue), got \"\(rhs)\"")
        }
        return MetricBound(namespace: namespace, name: name, op: op, value: value, text: text, line: c.line)
    }

    static func statusProbe(_ c: YAMLCursor) throws(ScenarioError) -> StatusProbe {
        try c.checkKeys(["at", "namespace", "status", "stagedAction", "enforced"])
        let atCursor = try c.required("at", "a time offset such as 1h or 2d")
        let at = try atCursor.offset("a time offset such as 1h or 2d")
        let namespace = try c.required("namespace", "a namespace").string("a namespace")
        var probe = StatusProbe(at: at, atText: try atCursor.string(), namespace: namespace, line: c.line)
        if let s = try c.optional("status") {
            let text = try s.string()
            guard let v = StatusProbe.Status(rawValue: text) else {
                throw s.fail(
                    "expected one of \(StatusProbe.Status.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(text)\""
                )
            }
            probe.status = v
        }
        if let a = try c.optional("stagedAction") {
            let text = try a.string()
            let allowed = ["Set", "Learn", "Ignore", "Delete"]
            guard allowed.contains(text) else {
                throw a.fail("expected one of \(allowed.joined(separator: ", ")), got \"\(text)\"")
            }
            probe.stagedAction = text
        }
        if let e = try c.optional("enforced") { probe.enforced = try e.bool() }
        if probe.status == nil && probe.stagedAction == nil && probe.enforced == nil {
            throw c.fail("nothing to check; expected at least one of status, stagedAction or enforced")
        }
        return probe
    }
}

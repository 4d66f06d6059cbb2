import Foundation
import Scenario
import Simulation
import Testing
import TrafficGeneration

@testable import Harness

/// `recsim infer` against the scenarios that generated the flow logs (issue 16): 14 days of each bundled scenario,
/// inferred back; the ground truth of every record says which patterns each inferred class is made of.
@Suite struct InferenceRoundTripTests {
    struct RoundTrip {
        var original: Scenario
        var inferred: InferredScenario
        var reparsed: Scenario
    }

    static func roundTrip(_ name: String, days: Int64 = 14) throws -> RoundTrip {
        let s = try Scenario.load(path: HarnessTestSupport.scenario(name))
        var accumulator = ClassAccumulator()
        _ = try FlowLogGeneration.run(s, seed: s.seed, duration: .days(days)) { r in
            accumulator.add(r.log, patterns: r.truth.map(\.patternID))
        }
        let inferred = try InferredScenario(
            name: "inferred-\(name)", sourceFile: "\(name).jsonl", accumulator: accumulator)
        let reparsed = try Scenario.parse(inferred.yaml(), file: "inferred-\(name).yaml")
        return RoundTrip(original: s, inferred: inferred, reparsed: reparsed)
    }

    /// Patterns whose traffic does not run the whole span: started or stopped by an event, or with an end that
    /// appears or goes away.
    static func partial(_ s: Scenario) -> Set<String> {
        var patterns: Set<String> = [], namespaces: Set<String> = [], workloads: Set<String> = []
        for e in s.events {
            switch e.change {
            case .patternStarts(let id), .patternStops(let id): patterns.insert(id)
            case .namespaceAppears(let ns), .namespaceDeleted(let ns): namespaces.insert(ns)
            case .workloadAppears(let ns, let n), .workloadDeleted(let ns, let n): workloads.insert("\(ns)/\(n)")
            }
        }
        var out: Set<String> = []
        for p in s.traffic {
            var ends: [(String, String?)] = []
            if case .workload(let ns, let n) = p.source { ends.append((ns, n)) }
            switch p.destination {
            case .workload(let ns, let n)?: ends.append((ns, n))
            case .service(let ns, _)?: ends.append((ns, nil))
            default: break
            }
            let touched = ends.contains { ns, name in
                if namespaces.contains(ns) { return true }
                if let name { return workloads.contains("\(ns)/\(name)") }
                return workloads.contains { $0.hasPrefix(ns + "/") }  // a service whose backends may change
            }
            if patterns.contains(p.id) || patterns.contains(p.groupID) || touched {
                out.insert(p.id)
            }
        }
        return out
    }

    /// The mean connections per hour a pattern generates.
    static func rate(_ p: TrafficPattern, hours: Double) -> Double {
        switch p.shape {
        case .steady(let rate, _): rate
        case .periodic(let every, _, _, let connections, _): Double(connections) * 3600 / Double(every.nominal.seconds)
        case .burst(let on, let off, let rate, _, _): rate * Double(on.seconds) / Double((on + off).seconds)
        case .once(_, let connections, _): Double(connections) / hours
        case .attack(let rate, _, _): rate
        }
    }

    @Test(arguments: ["online-boutique", "rare-traffic", "churn"])
    func inferredClassesMatchTheScenario(name: String) throws {
        let rt = try Self.roundTrip(name)
        let s = rt.original
        let partial = Self.partial(s)
        let byID = Dictionary(uniqueKeysWithValues: s.traffic.map { ($0.id, $0) })
        var checkedRates = 0, checkedPeriods = 0
        for c in rt.inferred.classes {
            let patterns = c.truthPatterns.compactMap { byID[$0] }
            #expect(patterns.count == c.truthPatterns.count, "\(c.key.label): unknown pattern ids \(c.truthPatterns)")
            guard !patterns.isEmpty, !patterns.contains(where: { partial.contains($0.id) }) else { continue }
            // Rates within 20% for classes with at least 50 arrivals.
            if c.estimate.arrivals >= 50 {
                let truth = patterns.map { Self.rate($0, hours: 14 * 24) }.reduce(0, +)
                let error = abs(c.estimate.ratePerHour - truth) / truth
                #expect(error <= 0.2, "\(c.key.label): inferred \(c.estimate.ratePerHour)/h, true \(truth)/h")
                checkedRates += 1
            }
            // A class made of one hourly, daily or weekly pattern is detected with its period.
            if patterns.count == 1, [.hourly, .daily, .weekly].contains(patterns[0].rarity) {
                let period: SimDuration? =
                    switch patterns[0].shape {
                    case .periodic(let every, _, _, _, _): every.nominal
                    case .burst(let on, let off, _, _, _): on + off
                    default: nil
                    }
                guard let period else { continue }
                guard case .periodic(let found, _, _, _) = c.estimate.shape else {
                    Issue.record("\(c.key.label) (\(patterns[0].id), every \(period.compact)): \(c.estimate.method)")
                    continue
                }
                #expect(found == period, "\(c.key.label): found every \(found.compact), true \(period.compact)")
                #expect(c.estimate.rarity == patterns[0].rarity)
                checkedPeriods += 1
            }
        }
        // churn changes most of its traffic by events; two of its classes run all along.
        #expect(checkedRates >= (name == "churn" ? 2 : 5), "rates compared: \(checkedRates)")
        if name != "churn" { #expect(checkedPeriods >= 2, "periods compared: \(checkedPeriods)") }
        // Every legit periodic pattern of the scenario that runs all along and is alone in its class was compared.
        let alone = Set(rt.inferred.classes.filter { $0.truthPatterns.count == 1 }.flatMap(\.truthPatterns))
        let periodic = s.traffic.filter {
            [.hourly, .daily, .weekly].contains($0.rarity) && $0.truth == .legit && !partial.contains($0.id)
                && alone.contains($0.id)
        }
        #expect(checkedPeriods == periodic.count)
    }

    @Test(arguments: ["online-boutique", "rare-traffic", "churn"])
    func adviceOnTheInferredScenarioEqualsAdviceOnTheOriginal(name: String) throws {
        let rt = try Self.roundTrip(name)
        var request = AdviceRequest()
        request.intervals = [.minutes(5)]
        let original = try #require(AdviceReportBuilder.chosen(ClosedFormAdvice.advise(rt.original, request: request)))
        let inferred = try #require(AdviceReportBuilder.chosen(ClosedFormAdvice.advise(rt.reparsed, request: request)))
        #expect(
            original.stabilization == inferred.stabilization,
            "\(name): \(original.drivers.map(\.adviceClass.label)) vs \(inferred.drivers.map(\.adviceClass.label))")
        #expect(original.interval == inferred.interval)
    }

    /// The inferred scenario is an ordinary scenario: it runs (and with the same seed, gives the same run).
    @Test func theInferredScenarioRuns() throws {
        let rt = try Self.roundTrip("rare-traffic", days: 3)
        var options = RunOptions()
        options.duration = .days(3)
        let a = try ScenarioRunner(scenario: rt.reparsed, options: options).run()
        let b = try ScenarioRunner(scenario: rt.reparsed, options: options).run()
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.flowLogRecords > 0)
        #expect(rt.inferred.yaml() == (try Self.roundTrip("rare-traffic", days: 3)).inferred.yaml(), "deterministic")
    }

    /// Names read from flow logs are quoted in one place: a hostile label value cannot add YAML structure.
    @Test func stringsFromFlowLogsAreQuoted() {
        #expect(InferredScenario.quoted("a\"b") == "\"a\\\"b\"")
        #expect(InferredScenario.quoted("x}\n- {id: evil}") == "\"x}\\n- {id: evil}\"")
        #expect(InferredScenario.quoted("tab\there\u{01}") == "\"tab\\there\\u0001\"")
    }
}

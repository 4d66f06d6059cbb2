import Scenario
import Simulation
import TrafficGeneration

/// An inference checked against the scenario that generated its flow logs: the ground truth of every record says
/// which patterns each inferred class is made of. Used by `recsim infer SCENARIO.yaml` and the round-trip tests.
public struct InferenceCheck: Sendable {
    /// One compared class.
    public struct Comparison: Sendable {
        public var label: String
        public var patterns: [String]
        public var arrivals: Int
        /// Inferred and true connections per hour (only for classes with at least `minimumArrivals`).
        public var inferredRate: Double?
        public var trueRate: Double?
        /// For a class made of one hourly, daily or weekly pattern: the true period and the one found (nil: none).
        public var truePeriod: SimDuration?
        public var foundPeriod: SimDuration?

        public var rateError: Double? {
            guard let a = inferredRate, let b = trueRate, b > 0 else { return nil }
            return abs(a - b) / b
        }
        public var periodMatches: Bool? { truePeriod.map { $0 == foundPeriod } }
    }

    public static let minimumArrivals = 50
    public static let rateTolerance = 0.2

    public var original: Scenario
    public var inferred: InferredScenario
    public var comparisons: [Comparison]
    /// Inferred classes left out of the comparison: a pattern that does not run the whole span (a scripted event
    /// starts or stops it, or one of its ends appears or goes away).
    public var partialClasses: Int

    /// Generates `days` of the scenario's traffic (its own seed) and infers it back.
    public static func run(_ scenario: Scenario, days: Int64) throws -> InferenceCheck {
        var accumulator = ClassAccumulator()
        _ = try FlowLogGeneration.run(scenario, seed: scenario.seed, duration: .days(days)) { r in
            accumulator.add(r.log, patterns: r.truth.map(\.patternID))
        }
        let inferred = try InferredScenario(
            name: "inferred-\(scenario.name)", sourceFile: "\(scenario.name) (\(days)d generated)",
            accumulator: accumulator)
        return InferenceCheck(original: scenario, inferred: inferred, hours: Double(days * 24))
    }

    init(original: Scenario, inferred: InferredScenario, hours: Double) {
        self.original = original; self.inferred = inferred
        let partial = Self.partialPatterns(original)
        let byID = Dictionary(original.traffic.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Comparison] = []
        var skipped = 0
        for c in inferred.classes {
            let patterns = c.truthPatterns.compactMap { byID[$0] }
            guard !patterns.isEmpty, patterns.count == c.truthPatterns.count else { continue }
            guard !patterns.contains(where: { partial.contains($0.id) }) else { skipped += 1; continue }
            var cmp = Comparison(label: c.key.label, patterns: c.truthPatterns, arrivals: c.estimate.arrivals)
            if c.estimate.arrivals >= Self.minimumArrivals {
                cmp.inferredRate = c.estimate.ratePerHour
                cmp.trueRate = patterns.map { Self.rate($0, hours: hours) }.reduce(0, +)
            }
            if patterns.count == 1, [.hourly, .daily, .weekly].contains(patterns[0].rarity) {
                switch patterns[0].shape {
                case .periodic(let every, _, _, _, _): cmp.truePeriod = every.nominal
                case .burst(let on, let off, _, _, _): cmp.truePeriod = on + off
                default: break
                }
                if case .periodic(let found, _, _, _) = c.estimate.shape { cmp.foundPeriod = found }
            }
            out.append(cmp)
        }
        comparisons = out
        partialClasses = skipped
    }

    /// Compared rates within the tolerance, and periods found.
    public var ratesWithinTolerance: Int { comparisons.filter { ($0.rateError ?? 1) <= Self.rateTolerance }.count }
    public var ratesCompared: Int { comparisons.filter { $0.rateError != nil }.count }
    public var periodsFound: Int { comparisons.filter { $0.periodMatches == true }.count }
    public var periodsCompared: Int { comparisons.filter { $0.periodMatches != nil }.count }
    public var passed: Bool { ratesWithinTolerance == ratesCompared && periodsFound == periodsCompared }

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

    /// Patterns whose traffic does not run the whole span: started or stopped by an event, or with an end that
    /// appears or goes away (for a service: any workload of its namespace).
    public static func partialPatterns(_ s: Scenario) -> Set<String> {
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
                return workloads.contains { $0.hasPrefix(ns + "/") }
            }
            if patterns.contains(p.id) || patterns.contains(p.groupID) || touched { out.insert(p.id) }
        }
        return out
    }
}

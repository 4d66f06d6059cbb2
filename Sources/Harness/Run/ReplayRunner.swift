import CalicoModel
import Foundation
import RecommendationEngine
import Simulation

/// Runs the engine over recorded flow logs instead of a scenario ("replay mode").
///
/// Records are read in file order and streamed (never all in memory). A record becomes visible to the engine
/// at its `end_time` (the flush); ticks happen every interval from the first record's `start_time`. The
/// recorded policy traces are used as they are: recorded traffic did not see recsim's recommendations.
public struct ReplayRunner {
    public struct Result: Sendable {
        public var recommendations: [CalicoPolicy]
        public var tier: Tier?
        public var enforcedPolicies: [CalicoPolicy]
        public var warnings: [String]
        public var records: Int
        public var skipped: Int
        public var ticks: Int
        public var start: SimInstant?
        public var end: SimInstant?
    }

    public var inventory: [LocatedResource]
    public var flowsPath: String
    public var scope: PolicyRecommendationScope
    public var seed: UInt64
    /// The engine model's assumptions in force (`--assume`).
    public var assumptions: Assumptions
    public var skipInvalid: Bool
    /// Stop at this offset from the first record (default: the last record's end).
    public var until: SimDuration?
    /// The window an export of Linseed L3Flows covers (they carry no time).
    public var l3FlowWindow: (start: Int64, end: Int64)?

    public init(
        inventory: [LocatedResource], flowsPath: String, scope: PolicyRecommendationScope?, seed: UInt64,
        assumptions: Assumptions = Assumptions(), skipInvalid: Bool = false, until: SimDuration? = nil
    ) {
        self.inventory = inventory; self.flowsPath = flowsPath; self.scope = scope ?? defaultRunScope; self.seed = seed
        self.assumptions = assumptions; self.skipInvalid = skipInvalid; self.until = until
    }

    /// The longest stretch of flow logs one replay covers.
    public static let maxSpan = SimDuration.days(Int64(InputLimits.maxSimulatedDays))

    public func run() throws -> Result {
        var namespaces: [String] = [], policies: [CalicoPolicy] = [], tier: Tier?
        for r in inventory {
            switch r.resource {
            case .namespace(let n): namespaces.append(n.name)
            case .policy(let p): policies.append(p)
            case .tier(let t) where t.name == recommendationTier: tier = t
            default: break
            }
        }
        var reader = try LineReader(path: flowsPath)
        var decoder = FlowLogDecoder()
        decoder.l3FlowWindow = l3FlowWindow
        var engine: RecommendationEngine?
        var warnings: [String] = [], records = 0, skipped = 0, ticks = 0
        var start: SimInstant?, last: SimInstant?
        var limit: SimInstant? { start.flatMap { s in until.map { s + $0 } } }

        func tick(until t: SimInstant, inclusive: Bool) {
            while let next = engine?.nextTickTime, inclusive ? next <= t : next < t {
                if let l = limit, next > l { return }
                _ = engine!.tick(at: next)
                ticks += 1
            }
        }

        var log = FlowLog.placeholder
        var lines = 0
        while true {
            if lines & 0xFFF == 0 { try Interruption.check() }  // every 4096 records read, skipped ones too
            lines &+= 1
            do {
                guard try decoder.nextRecord(into: &log, from: &reader, file: flowsPath) else { break }
            } catch {
                if !skipInvalid { throw error }
                skipped += 1
                continue
            }
            if engine == nil {
                let s = SimInstant(unixSeconds: log.startTime)
                start = s
                engine = RecommendationEngine(
                    scope: scope, generator: SeededGenerator(seed: seed).derived("engine"), at: s,
                    namespaces: namespaces.isEmpty ? [] : namespaces, existingPolicies: policies,
                    existingTier: tier, options: EngineOptions(assumptions: assumptions))
                warnings += engine!.warnings.map { "\($0)" }
            }
            let end = SimInstant(unixSeconds: log.endTime)
            if let l = limit, end > l { break }
            if let s = start, end > s + Self.maxSpan {
                // Ticking up to a record years away would never finish; a real export covers days or weeks.
                let error = FlowLogParseError(
                    file: flowsPath, line: reader.lineNumber, field: "end_time",
                    message:
                        "expected a record within \(InputLimits.maxSimulatedDays) days of the first record's start (\(s.rfc3339)), got \(end.rfc3339)"
                )
                if !skipInvalid { throw error }
                skipped += 1
                continue
            }
            tick(until: end, inclusive: false)
            if namespaces.isEmpty {
                // No inventory of namespaces: learn them from the records, as the namespace watcher would.
                for ns in [log.sourceNamespace, log.destNamespace]
                where ns != "-" && !ns.isEmpty && !(engine!.knownNamespaces.contains(ns)) {
                    engine!.addNamespace(ns)
                }
            }
            engine!.ingest(inPlace: &log)
            records += 1
            last = max(last ?? end, end)
        }
        if let l = limit ?? last { tick(until: l, inclusive: true) }
        if let e = engine, e.ignoredNamespaceNames + e.ignoredInvalidNameKeys > 0 {
            warnings.append(
                "ignored \(e.ignoredNamespaceNames) namespace name(s) and \(e.ignoredInvalidNameKeys) distinct flow key(s) "
                    + "whose names are not valid Kubernetes names (they cannot come from a cluster, and would be placed in selectors)"
            )
        }
        return Result(
            recommendations: engine?.recommendations ?? [], tier: engine?.tier,
            enforcedPolicies: engine?.enforcedPolicies ?? [],
            warnings: warnings, records: records, skipped: skipped, ticks: ticks, start: start, end: limit ?? last)
    }
}

/// Writes recommendations as `kubectl apply`-able YAML files: the tier first, one file per namespace.
public enum RecommendationFiles {
    public static func files(
        tier: Tier?, recommendations: [CalicoPolicy], enforced: [CalicoPolicy]
    ) throws -> [(name: String, yaml: String)] {
        var out: [(String, String)] = []
        if let tier { out.append(("00-tier-\(tier.name).yaml", try ResourceYAML.encode(.tier(tier)))) }
        for p in recommendations {
            out.append(
                ("\(p.metadata.namespace ?? "default").stagednetworkpolicy.yaml", try ResourceYAML.encode(.policy(p))))
        }
        for p in enforced {
            out.append(("\(p.metadata.namespace ?? "default").networkpolicy.yaml", try ResourceYAML.encode(.policy(p))))
        }
        return out
    }
}

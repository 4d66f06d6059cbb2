import CalicoModel
import Simulation

/// Accumulates observations into per-namespace scores and bucketed outcome counts.
///
/// Definitions (also in docs/results-schema.md):
/// - **false deny**: legit traffic that the recommendation denies — in the pending trace while staged, in the
///   enforced trace once enforced; counted in flows and in distinct flow classes, by rarity.
/// - **false deny if enforced at Stable**: legit traffic that the version frozen at the first Stable moment
///   would deny, from that moment to the end of the run.
/// - **missed attack**: attack traffic the recommendation allows (pending while staged, enforced once enforced).
/// - **coverage before Stable**: share of a namespace's legit flow classes (over the whole run) that were seen
///   before the namespace first became Stable.
public struct Scorer: Sendable {
    public struct Tally: Sendable, Hashable {
        public var flows = 0
        public var classes: Set<String> = []
    }

    public struct NamespaceScore: Sendable, Hashable {
        public var falseDeny: [String: Tally] = [:]          // by rarity, after Stable (staged) or enforced
        public var falseDenyIfEnforcedAtStable: [String: Tally] = [:]
        public var falseDenyWhileLearning: [String: Tally] = [:]
        public var missedAttacks = Tally()
        public var attacks = Tally()
        public var legitClasses: Set<String> = []
        public var legitClassesBeforeStable: Set<String> = []
        public var legitFlows = 0
        public var legitFlowsByRarity: [String: Int] = [:]
    }

    /// Outcome counts keyed by (bucket, namespace, pattern, rarity, truth, reporter, verdicts, phase).
    public struct OutcomeKey: Hashable, Sendable, Comparable {
        public var bucket: Int64
        public var namespace: String
        public var patternID: String
        public var rarity: String
        public var isAttack: Bool
        public var reporter: Reporter
        public var pending: FlowAction
        public var enforced: FlowAction
        public var phase: String
        public static func < (a: OutcomeKey, b: OutcomeKey) -> Bool {
            (a.bucket, a.namespace, a.patternID, a.reporter.rawValue, a.phase, a.pending.rawValue + a.enforced.rawValue)
                < (b.bucket, b.namespace, b.patternID, b.reporter.rawValue, b.phase, b.pending.rawValue + b.enforced.rawValue)
        }
    }

    public let bucketSeconds: Int64
    public private(set) var scores: [String: NamespaceScore] = [:]
    public private(set) var outcomes: [OutcomeKey: (flows: Int, records: Int)] = [:]

    public init(bucket: SimDuration = .hours(1)) { bucketSeconds = max(1, bucket.seconds) }

    public mutating func record(_ o: Observation, phase: ScoringPhase) {
        Self.score(o, phase: phase, into: &scores[o.namespace, default: NamespaceScore()])
        let key = OutcomeKey(bucket: o.time.unixSeconds - o.time.unixSeconds % bucketSeconds, namespace: o.namespace,
                             patternID: o.patternID, rarity: o.rarity, isAttack: o.isAttack, reporter: o.reporter,
                             pending: o.pendingAction, enforced: o.enforcedAction, phase: phase.rawValue)
        Self.count(o, into: &outcomes[key, default: (0, 0)])
    }

    private static func count(_ o: Observation, into cell: inout (flows: Int, records: Int)) {
        cell.flows += o.flows; cell.records += o.records
    }

    /// Adds an observation to its namespace's score, in place (no copy of the score's sets).
    private static func score(_ o: Observation, phase: ScoringPhase, into s: inout NamespaceScore) {
        let judged = phase == .enforced ? o.enforced : o.pending
        if o.isAttack {
            s.attacks.flows += o.flows; s.attacks.classes.insert(o.flowClass)
            if judged == .allowed || (judged == .notReached && phase != .learning && (phase == .enforced ? o.enforcedAction : o.pendingAction) == .allow) {
                s.missedAttacks.flows += o.flows; s.missedAttacks.classes.insert(o.flowClass)
            }
        } else {
            s.legitFlows += o.flows
            s.legitFlowsByRarity[o.rarity, default: 0] += o.flows
            s.legitClasses.insert(o.flowClass)
            if phase == .learning { s.legitClassesBeforeStable.insert(o.flowClass) }
            if judged == .denied {
                switch phase {
                case .learning: s.falseDenyWhileLearning[o.rarity, default: Tally()].add(o)
                case .afterStable, .enforced: s.falseDeny[o.rarity, default: Tally()].add(o)
                }
            }
            if o.ifEnforcedAtStable == .denied { s.falseDenyIfEnforcedAtStable[o.rarity, default: Tally()].add(o) }
        }
    }

    /// Outcome cells in a deterministic order; the scorer forgets them (they are written out in chunks).
    public mutating func drainOutcomes() -> [(OutcomeKey, flows: Int, records: Int)] {
        let out = outcomes.keys.sorted().map { ($0, outcomes[$0]!.flows, outcomes[$0]!.records) }
        outcomes.removeAll(keepingCapacity: true)
        return out
    }
}

extension Scorer.Tally {
    mutating func add(_ o: Observation) { flows += o.flows; classes.insert(o.flowClass) }
}

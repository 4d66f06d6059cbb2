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
///
/// Internally every string is a dense id (`ScoreNames`) and every class set a bit set, so scoring an observation
/// hashes no string; `scores` and `drainOutcomes` give names back.
public struct Scorer: Sendable {
    public struct Tally: Sendable, Hashable {
        public var flows = 0
        public var classes: Set<String> = []
    }

    public struct NamespaceScore: Sendable, Hashable {
        public var falseDeny: [String: Tally] = [:]  // by rarity, after Stable (staged) or enforced
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
                < (
                    b.bucket, b.namespace, b.patternID, b.reporter.rawValue, b.phase,
                    b.pending.rawValue + b.enforced.rawValue
                )
        }
    }

    public let bucketSeconds: Int64
    /// Ids of namespaces, flow classes, patterns and rarities.
    public var names = ScoreNames()
    private var state: [NamespaceState] = []
    private var cellKeys = FastIndex<CellKey>()
    private var cells: [(flows: Int, records: Int)] = []
    private var classVerdicts = ClassVerdicts()
    /// Per legit flow-class id: its first flow, and when the recommendation first allowed it.
    private var learning: [(first: SimInstant, learned: SimInstant?, rarity: Int32)?] = []

    public init(bucket: SimDuration = .hours(1)) { bucketSeconds = max(1, bucket.seconds) }

    /// Records an observation given with names.
    public mutating func record(_ o: Observation, phase: ScoringPhase) {
        let c = ScoredObservation(
            time: o.time, namespace: names.id(o.namespace), reporter: o.reporter, pattern: names.id(o.patternID),
            rarity: names.id(o.rarity), isAttack: o.isAttack, flowClass: names.id(o.flowClass), flows: o.flows,
            records: o.records, pendingAction: o.pendingAction, enforcedAction: o.enforcedAction,
            pending: o.pending, enforced: o.enforced, ifEnforcedAtStable: o.ifEnforcedAtStable)
        record(c, phase: phase)
    }

    /// Records an observation whose names are ids of `names`.
    public mutating func record(_ o: ScoredObservation, phase: ScoringPhase) {
        let ns = Int(o.namespace)
        if ns >= state.count { state.append(contentsOf: repeatElement(NamespaceState(), count: ns - state.count + 1)) }
        state[ns].isUsed = true
        // The verdict that counts in this phase, and whether an attack got through, serve both tallies.
        let judged = phase == .enforced ? o.enforced : o.pending
        let missed = o.isAttack && Self.isMissed(o, judged: judged, phase: phase)
        Self.score(o, phase: phase, judged: judged, missed: missed, into: &state[ns])
        noteClass(o, phase: phase, judged: judged, missed: missed)
        if !o.isAttack { noteLearning(o, judged: judged) }
        let key = CellKey(
            bucket: o.time.unixSeconds - o.time.unixSeconds % bucketSeconds, namespace: o.namespace, pattern: o.pattern,
            rarity: o.rarity,
            flags: CellKey.flags(
                isAttack: o.isAttack, reporter: o.reporter, pending: o.pendingAction,
                enforced: o.enforcedAction, phase: phase))
        let hash = key.fastHash
        if let i = cellKeys.find(key, hash: hash) {
            cells[i].flows += o.flows; cells[i].records += o.records
        } else {
            _ = cellKeys.insert(key, hash: hash)
            cells.append((o.flows, o.records))
        }
    }

    /// Keeps the flow classes a verdict names: legit classes denied after Stable (staged, or by the version frozen at
    /// Stable) and attack classes allowed.
    @inline(__always)
    private mutating func noteClass(
        _ o: ScoredObservation, phase: ScoringPhase, judged: RecommendationDecision, missed: Bool
    ) {
        if o.isAttack {
            if missed { classVerdicts.recordMissed(o) }
        } else if phase != .learning || o.ifEnforcedAtStable != nil {
            classVerdicts.recordLegit(
                o, judgedDenied: phase != .learning && judged == .denied,
                atStableDenied: o.ifEnforcedAtStable == .denied)
        }
    }

    @inline(__always)
    private mutating func noteLearning(_ o: ScoredObservation, judged: RecommendationDecision) {
        let i = Int(o.flowClass)
        if i >= learning.count { learning.append(contentsOf: repeatElement(nil, count: i - learning.count + 1)) }
        if learning[i] == nil { learning[i] = (o.time, nil, o.rarity) }
        if judged == .allowed, learning[i]!.learned == nil { learning[i]!.learned = o.time }
    }

    /// Per rarity (by name): the delays, in seconds, from each legit class's first flow to the first flow the
    /// recommendation allowed, sorted, and how many classes it never allowed.
    public var timeToLearn: [String: (delays: [Int64], unlearned: Int)] {
        var out: [String: (delays: [Int64], unlearned: Int)] = [:]
        for case let e? in learning {
            let r = names[e.rarity]
            var v = out[r] ?? ([], 0)
            if let learned = e.learned { v.delays.append((learned - e.first).seconds) } else { v.unlearned += 1 }
            out[r] = v
        }
        for r in out.keys { out[r]!.delays.sort() }
        return out
    }

    /// The flow classes behind each namespace's answer, ordered by namespace and class.
    public var classVerdictRows: [ClassVerdict] { classVerdicts.rows(names) }

    /// Whether an attack observation counts as missed: allowed, or reaching no recommendation while the trace allows it
    /// after Learning.
    @inline(__always)
    private static func isMissed(_ o: ScoredObservation, judged: RecommendationDecision, phase: ScoringPhase) -> Bool {
        judged == .allowed
            || (judged == .notReached && phase != .learning
                && (phase == .enforced ? o.enforcedAction : o.pendingAction) == .allow)
    }

    private static func score(
        _ o: ScoredObservation, phase: ScoringPhase, judged: RecommendationDecision, missed: Bool,
        into s: inout NamespaceState
    ) {
        if o.isAttack {
            s.attackFlows += o.flows; s.attackClasses.insert(o.flowClass)
            if missed {
                s.missedFlows += o.flows; s.missedClasses.insert(o.flowClass)
            }
        } else {
            s.legitFlows += o.flows
            s.add(.legitByRarity, o.rarity, flows: o.flows, flowClass: nil)
            s.legitClasses.insert(o.flowClass)
            if phase == .learning { s.legitClassesBeforeStable.insert(o.flowClass) }
            if judged == .denied {
                switch phase {
                case .learning: s.add(.falseDenyWhileLearning, o.rarity, flows: o.flows, flowClass: o.flowClass)
                case .afterStable, .enforced: s.add(.falseDeny, o.rarity, flows: o.flows, flowClass: o.flowClass)
                }
            }
            if o.ifEnforcedAtStable == .denied {
                s.add(.falseDenyAtStable, o.rarity, flows: o.flows, flowClass: o.flowClass)
            }
        }
    }

    /// Per-namespace scores with names.
    public var scores: [String: NamespaceScore] {
        var out: [String: NamespaceScore] = [:]
        for (i, s) in state.enumerated() where s.isUsed {
            out[names[Int32(i)]] = s.score(names)
        }
        return out
    }

    /// Outcome cells in a deterministic order; the scorer forgets them (they are written out in chunks).
    public mutating func drainOutcomes() -> [(OutcomeKey, flows: Int, records: Int)] {
        let rank = names.ranks()
        let order = cells.indices.sorted { a, b in
            let x = cellKeys[a], y = cellKeys[b]
            if x.bucket != y.bucket { return x.bucket < y.bucket }
            if x.namespace != y.namespace { return rank[Int(x.namespace)] < rank[Int(y.namespace)] }
            if x.pattern != y.pattern { return rank[Int(x.pattern)] < rank[Int(y.pattern)] }
            if x.flags != y.flags { return x.sortFlags < y.sortFlags }
            return rank[Int(x.rarity)] < rank[Int(y.rarity)]
        }
        let out = order.map { i -> (OutcomeKey, flows: Int, records: Int) in
            let k = cellKeys[i]
            return (k.outcomeKey(names), cells[i].flows, cells[i].records)
        }
        cellKeys.removeAll()
        cells.removeAll(keepingCapacity: true)
        return out
    }
}

/// An observation whose strings are ids of a `Scorer`'s `names`.
public struct ScoredObservation: Sendable {
    public var time: SimInstant
    public var namespace: Int32
    public var reporter: Reporter
    public var pattern: Int32
    public var rarity: Int32
    public var isAttack: Bool
    public var flowClass: Int32
    public var flows: Int
    public var records: Int
    public var pendingAction: FlowAction
    public var enforcedAction: FlowAction
    public var pending: RecommendationDecision
    public var enforced: RecommendationDecision
    public var ifEnforcedAtStable: RecommendationDecision?
}

/// One namespace's running score, by ids.
struct NamespaceState: Sendable {
    enum Kind: Int { case falseDeny, falseDenyAtStable, falseDenyWhileLearning, legitByRarity }
    struct IDTally: Sendable {
        var flows = 0
        var classes = BitSet()
    }
    var isUsed = false
    var attackFlows = 0, missedFlows = 0, legitFlows = 0
    var attackClasses = BitSet(), missedClasses = BitSet(), legitClasses = BitSet(), legitClassesBeforeStable = BitSet()
    /// Per kind, per rarity id.
    var tallies: [[IDTally?]] = [[], [], [], []]

    /// Adds flows (and a class, when given) to the tally of `kind` for `rarity`.
    @inline(__always)
    mutating func add(_ kind: Kind, _ rarity: Int32, flows: Int, flowClass: Int32?) {
        let k = kind.rawValue, r = Int(rarity)
        if r >= tallies[k].count { tallies[k].append(contentsOf: repeatElement(nil, count: r - tallies[k].count + 1)) }
        if tallies[k][r] == nil { tallies[k][r] = IDTally() }
        tallies[k][r]!.flows += flows
        if let flowClass { tallies[k][r]!.classes.insert(flowClass) }
    }

    func score(_ names: ScoreNames) -> Scorer.NamespaceScore {
        func strings(_ b: BitSet) -> Set<String> { Set(b.members.map { names[$0] }) }
        func byRarity(_ kind: Kind) -> [String: Scorer.Tally] {
            var out: [String: Scorer.Tally] = [:]
            for (r, t) in tallies[kind.rawValue].enumerated() {
                if let t { out[names[Int32(r)]] = Scorer.Tally(flows: t.flows, classes: strings(t.classes)) }
            }
            return out
        }
        var s = Scorer.NamespaceScore()
        s.falseDeny = byRarity(.falseDeny)
        s.falseDenyIfEnforcedAtStable = byRarity(.falseDenyAtStable)
        s.falseDenyWhileLearning = byRarity(.falseDenyWhileLearning)
        s.missedAttacks = Scorer.Tally(flows: missedFlows, classes: strings(missedClasses))
        s.attacks = Scorer.Tally(flows: attackFlows, classes: strings(attackClasses))
        s.legitClasses = strings(legitClasses)
        s.legitClassesBeforeStable = strings(legitClassesBeforeStable)
        s.legitFlows = legitFlows
        for (r, t) in tallies[Kind.legitByRarity.rawValue].enumerated() {
            if let t { s.legitFlowsByRarity[names[Int32(r)]] = t.flows }
        }
        return s
    }
}

/// An outcome cell's key, by ids.
struct CellKey: FastHashable, Sendable {
    var bucket: Int64
    var namespace: Int32, pattern: Int32, rarity: Int32
    /// isAttack, reporter, pending, enforced and phase, packed.
    var flags: UInt32

    static func flags(
        isAttack: Bool, reporter: Reporter, pending: FlowAction, enforced: FlowAction, phase: ScoringPhase
    ) -> UInt32 {
        let r: UInt32 =
            switch reporter {
            case .src: 0;
            case .dst: 1;
            case .fwd: 2
            }
        let p: UInt32 =
            switch phase {
            case .learning: 0;
            case .afterStable: 1;
            case .enforced: 2
            }
        return (isAttack ? 1 : 0) | r << 1 | (pending == .allow ? 0 : 1) << 3 | (enforced == .allow ? 0 : 1) << 4 | p
            << 5
    }

    var isAttack: Bool { flags & 1 != 0 }
    var reporter: Reporter {
        switch (flags >> 1) & 3 {
        case 0: .src;
        case 1: .dst;
        default: .fwd
        }
    }
    var pending: FlowAction { (flags >> 3) & 1 == 0 ? .allow : .deny }
    var enforced: FlowAction { (flags >> 4) & 1 == 0 ? .allow : .deny }
    var phase: ScoringPhase {
        switch (flags >> 5) & 3 {
        case 0: .learning;
        case 1: .afterStable;
        default: .enforced
        }
    }

    /// The order `OutcomeKey` sorts by after bucket, namespace and pattern: reporter, phase, then the two verdicts
    /// (as their names sort), then truth.
    var sortFlags: (String, String, String, Int) {
        (reporter.rawValue, phase.rawValue, pending.rawValue + enforced.rawValue, isAttack ? 1 : 0)
    }

    var fastHash: UInt64 {
        var x = fastMix(UInt64(bitPattern: bucket))
        x = fastMix(x ^ (UInt64(UInt32(bitPattern: namespace)) << 32 | UInt64(UInt32(bitPattern: pattern))))
        return fastMix(x ^ (UInt64(UInt32(bitPattern: rarity)) << 32 | UInt64(flags)))
    }

    func outcomeKey(_ names: ScoreNames) -> Scorer.OutcomeKey {
        Scorer.OutcomeKey(
            bucket: bucket, namespace: names[namespace], patternID: names[pattern], rarity: names[rarity],
            isAttack: isAttack, reporter: reporter, pending: pending, enforced: enforced, phase: phase.rawValue)
    }
}

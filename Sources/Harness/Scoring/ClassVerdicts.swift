import CalicoModel
import Simulation

/// Per flow class, what a verdict-first report needs to name the traffic behind a namespace's answer: legit classes
/// the version frozen at Stable denies or the staged policy denied after Stable (and when it learned them), and
/// attack classes the recommendation allowed.
///
/// Only classes with such a denial or miss are kept; scoring an ordinary observation costs one array read.
struct ClassVerdicts: Sendable {
    struct Entry: Sendable {
        var namespace: Int32, pattern: Int32, rarity: Int32
        var isAttack: Bool
        var reporter: Reporter
        var atStableDeniedFlows = 0
        var atStableFirstDenied: SimInstant?
        var afterStableDeniedFlows = 0
        var afterStableFirstDenied: SimInstant?
        var afterStableLastDenied: SimInstant?
        /// First time the staged (or enforced) policy allowed the class after `afterStableLastDenied`.
        var allowedAfterLastDenial: SimInstant?
        var missedFlows = 0
        var firstMissed: SimInstant?
    }

    /// Indexed by flow-class id.
    private var entries: [Entry?] = []

    @inline(__always)
    private mutating func entry(_ o: ScoredObservation) -> Int {
        let i = Int(o.flowClass)
        if i >= entries.count { entries.append(contentsOf: repeatElement(nil, count: i - entries.count + 1)) }
        if entries[i] == nil {
            entries[i] = Entry(
                namespace: o.namespace, pattern: o.pattern, rarity: o.rarity, isAttack: o.isAttack, reporter: o.reporter
            )
        }
        return i
    }

    /// Records a legit observation after the namespace's first Stable moment.
    @inline(__always)
    mutating func recordLegit(_ o: ScoredObservation, judgedDenied: Bool, atStableDenied: Bool) {
        let i = Int(o.flowClass)
        let known = i < entries.count && entries[i] != nil
        guard known || judgedDenied || atStableDenied else { return }
        let e = entry(o)
        if atStableDenied {
            entries[e]!.atStableDeniedFlows += o.flows
            if entries[e]!.atStableFirstDenied == nil { entries[e]!.atStableFirstDenied = o.time }
        }
        if judgedDenied {
            entries[e]!.afterStableDeniedFlows += o.flows
            if entries[e]!.afterStableFirstDenied == nil { entries[e]!.afterStableFirstDenied = o.time }
            entries[e]!.afterStableLastDenied = o.time
            entries[e]!.allowedAfterLastDenial = nil
        } else if entries[e]!.afterStableLastDenied != nil, entries[e]!.allowedAfterLastDenial == nil {
            entries[e]!.allowedAfterLastDenial = o.time
        }
    }

    /// Records an attack observation the recommendation allowed.
    @inline(__always)
    mutating func recordMissed(_ o: ScoredObservation) {
        let e = entry(o)
        entries[e]!.missedFlows += o.flows
        if entries[e]!.firstMissed == nil { entries[e]!.firstMissed = o.time }
    }

    /// The kept classes with names, ordered by namespace, then flow class.
    func rows(_ names: ScoreNames) -> [ClassVerdict] {
        var out: [ClassVerdict] = []
        for (i, e) in entries.enumerated() {
            guard let e else { continue }
            guard e.atStableDeniedFlows > 0 || e.afterStableDeniedFlows > 0 || e.missedFlows > 0 else { continue }
            out.append(
                ClassVerdict(
                    namespace: names[e.namespace], flowClass: names[Int32(i)], patternID: names[e.pattern],
                    rarity: names[e.rarity],
                    isAttack: e.isAttack, reporter: e.reporter,
                    atStableDeniedFlows: e.atStableDeniedFlows, atStableFirstDenied: e.atStableFirstDenied,
                    afterStableDeniedFlows: e.afterStableDeniedFlows, afterStableFirstDenied: e.afterStableFirstDenied,
                    learnedAt: e.afterStableLastDenied == nil ? nil : e.allowedAfterLastDenial,
                    missedFlows: e.missedFlows, firstMissed: e.firstMissed))
        }
        return out.sorted { ($0.namespace, $0.flowClass) < ($1.namespace, $1.flowClass) }
    }
}

/// One flow class's part in a namespace's answer (a row of the store's `class_verdict` table).
public struct ClassVerdict: Sendable, Hashable {
    public var namespace: String
    /// `reporter|source|destination|protocol|port`, as in the `falseDenyClasses.*` metrics.
    public var flowClass: String
    public var patternID: String
    public var rarity: String
    public var isAttack: Bool
    public var reporter: Reporter
    /// Legit flows the version frozen at the namespace's first Stable moment denies, from then to the end.
    public var atStableDeniedFlows: Int
    public var atStableFirstDenied: SimInstant?
    /// Legit flows the staged policy (enforced, once enforced) denied after Stable.
    public var afterStableDeniedFlows: Int
    public var afterStableFirstDenied: SimInstant?
    /// When the staged policy first allowed the class after its last denial after Stable (it learned it); nil if never.
    public var learnedAt: SimInstant?
    /// Attack flows the recommendation allowed (any phase).
    public var missedFlows: Int
    public var firstMissed: SimInstant?
}

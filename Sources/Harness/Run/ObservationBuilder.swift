import CalicoModel
import PolicyEvaluation
import Simulation
import TrafficGeneration

/// Turns a window's connection classes into scored observations, one per (class, reporter, pattern).
///
/// Reporters follow Calico (SPEC §4.1): the source reports when it is a workload; the destination reports
/// when it is a workload and the source's enforced egress let the connection out.
///
/// It memoises each connection's judgements by the simulation's `ConnectionKey`. A reporter's verdict depends
/// only on the policies that apply to its endpoint — its namespace's policies (current and frozen) and the
/// cluster-wide ones — so an entry stays valid until a policy of the source's or the destination's namespace
/// changes (`update(…changed:)`); a connection seen in many windows is evaluated once per such change. Classes
/// without a key (built by hand) are evaluated every time.
struct ObservationBuilder {
    /// Evaluates with the recommendations as they are now (staged) and enforced policies.
    private(set) var current: Evaluator
    /// Evaluates with each namespace's recommendation frozen at its first Stable moment, enforced.
    private(set) var frozen: Evaluator
    /// Namespaces that have a frozen recommendation.
    private(set) var frozenNamespaces: Set<String>

    /// What one reporter of a connection contributes to an observation; names are ids of the scorer's
    /// `ScoreNames` (no strings, so copying one costs nothing).
    struct Judgement {
        var namespace: Int32
        var flowClass: Int32
        var reporter: Reporter
        var pendingAction: FlowAction
        var enforcedAction: FlowAction
        var pending: RecommendationDecision
        var enforced: RecommendationDecision
        var atStable: RecommendationDecision?
    }

    /// A connection's judgements (source reporter first) and the stamps of the namespaces they were made under.
    struct Entry {
        var judgements: [Judgement]
        var sourceNamespace: Int32, destinationNamespace: Int32
        var sourceStamp: UInt64, destinationStamp: UInt64
    }

    /// Beyond this many connections the memo starts again, so memory stays bounded over long runs.
    static let maxEntries = 500_000
    private var memoKeys = FastIndex<ConnectionKey>()
    private var entries: [Entry] = []
    private var memoToken: (any AnyObject & Sendable)?
    private var versions = NamespacePolicyVersions()

    init(current: Evaluator, frozen: Evaluator, frozenNamespaces: Set<String>) {
        self.current = current; self.frozen = frozen; self.frozenNamespaces = frozenNamespaces
    }

    /// New evaluators; `changed` names the namespaces whose current or frozen policies differ from before (nil:
    /// any may).
    mutating func update(current: Evaluator, frozen: Evaluator, frozenNamespaces: Set<String>, changed: Set<String>?) {
        self.current = current; self.frozen = frozen; self.frozenNamespaces = frozenNamespaces
        versions.changed(changed)
    }

    private func isValid(_ e: Entry) -> Bool {
        e.sourceStamp == versions.stamp(e.sourceNamespace)
            && e.destinationStamp == versions.stamp(e.destinationNamespace)
    }

    /// Scored observations of the window, names as ids of `names`.
    mutating func observations(_ window: ConnectionWindow, names: inout ScoreNames, into out: inout [ScoredObservation])
    {
        if window.simulationToken !== memoToken || entries.count > Self.maxEntries {
            memoKeys.removeAll(); entries.removeAll(); patterns.removeAll()
            memoToken = window.simulationToken
        }
        let judge = Judge(current: current, frozen: frozen, frozenNamespaces: frozenNamespaces)
        for c in window.connections {
            guard let key = window.key(of: c) else {
                for j in judge.judge(c.connection, names: &names) {
                    for p in c.truth {
                        Self.append(
                            j, pattern: PatternIDs(p, names: &names), count: p.count, at: window.end, into: &out)
                    }
                }
                continue
            }
            let i: Int
            if let found = memoKeys.find(key) {
                i = found
                if !isValid(entries[i]) { entries[i] = makeEntry(c.connection, judge: judge, names: &names) }
            } else {
                i = memoKeys.insert(key)
                entries.append(makeEntry(c.connection, judge: judge, names: &names))
            }
            for j in entries[i].judgements {
                c.forEachPattern { index, count in
                    let ids = patternIDs(index, window: window, names: &names)
                    Self.append(j, pattern: ids, count: count, at: window.end, into: &out)
                }
            }
        }
    }

    /// A pattern's ids (pattern, rarity) and truth.
    struct PatternIDs {
        var pattern: Int32, rarity: Int32, isAttack: Bool
        init(pattern: Int32, rarity: Int32, isAttack: Bool) {
            self.pattern = pattern; self.rarity = rarity; self.isAttack = isAttack
        }
        init(_ p: PatternCount, names: inout ScoreNames) {
            self.init(pattern: names.id(p.patternID), rarity: names.id(p.rarity.rawValue), isAttack: p.truth == .attack)
        }
    }

    /// Per pattern-table index of the simulation: its ids.
    private var patterns: [PatternIDs?] = []

    private mutating func patternIDs(_ index: Int32, window: ConnectionWindow, names: inout ScoreNames) -> PatternIDs {
        let i = Int(index)
        if i < patterns.count, let p = patterns[i] { return p }
        let info = window.pattern(at: index)!
        let p = PatternIDs(
            pattern: names.id(info.id), rarity: names.id(info.rarity.rawValue), isAttack: info.truth == .attack)
        if i >= patterns.count { patterns.append(contentsOf: repeatElement(nil, count: i - patterns.count + 1)) }
        patterns[i] = p
        return p
    }

    private mutating func makeEntry(_ conn: Connection, judge: Judge, names: inout ScoreNames) -> Entry {
        let src = versions.id(conn.source.kind == .workload ? conn.source.namespace : nil)
        let dst = versions.id(conn.destination.kind == .workload ? conn.destination.namespace : nil)
        return Entry(
            judgements: judge.judge(conn, names: &names), sourceNamespace: src, destinationNamespace: dst,
            sourceStamp: versions.stamp(src), destinationStamp: versions.stamp(dst))
    }

    /// Evaluates connections under one builder's policies (a separate value, so that filling the builder's memo
    /// never copies it).
    private struct Judge {
        let current: Evaluator
        let frozen: Evaluator
        let frozenNamespaces: Set<String>

        /// The judgements of a connection's reporters.
        func judge(_ conn: Connection, names: inout ScoreNames) -> [Judgement] {
            var out: [Judgement] = []
            var egressAllowed = true
            if conn.source.kind == .workload, let ns = conn.source.namespace {
                let v = current.evaluate(conn, reporter: .src)
                egressAllowed = v.enforced.action == .allow
                out.append(judgement(conn, reporter: .src, namespace: ns, verdict: v, names: &names))
            }
            if egressAllowed, conn.destination.kind == .workload, let ns = conn.destination.namespace {
                out.append(
                    judgement(
                        conn, reporter: .dst, namespace: ns, verdict: current.evaluate(conn, reporter: .dst),
                        names: &names))
            }
            return out
        }

        private func judgement(
            _ conn: Connection, reporter: Reporter, namespace: String, verdict: Verdict,
            names: inout ScoreNames
        ) -> Judgement {
            let atStable: RecommendationDecision?
            if frozenNamespaces.contains(namespace) {
                let f = frozen.evaluate(conn, reporter: reporter).enforced
                atStable = RecommendationDecision(hits: f.hits, finalAction: f.action)
            } else {
                atStable = nil
            }
            return Judgement(
                namespace: names.id(namespace),
                flowClass: names.id(ObservationBuilder.flowClass(conn, reporter: reporter)),
                reporter: reporter, pendingAction: verdict.pending.action, enforcedAction: verdict.enforced.action,
                pending: RecommendationDecision(hits: verdict.pending.hits, finalAction: verdict.pending.action),
                enforced: RecommendationDecision(hits: verdict.enforced.hits, finalAction: verdict.enforced.action),
                atStable: atStable)
        }
    }

    @inline(__always)
    private static func append(
        _ j: Judgement, pattern p: PatternIDs, count: Int64, at t: SimInstant, into out: inout [ScoredObservation]
    ) {
        out.append(
            ScoredObservation(
                time: t, namespace: j.namespace, reporter: j.reporter, pattern: p.pattern, rarity: p.rarity,
                isAttack: p.isAttack, flowClass: j.flowClass, flows: Int(count), records: 1,
                pendingAction: j.pendingAction, enforcedAction: j.enforcedAction, pending: j.pending,
                enforced: j.enforced, ifEnforcedAtStable: j.atStable))
    }

    /// A distinct flow class: reporter, aggregated peers, protocol and port (external peers by domain or IP).
    static func flowClass(_ c: Connection, reporter: Reporter) -> String {
        func peer(_ e: FlowEndpoint, domains: [String]) -> String {
            switch e.kind {
            case .workload, .hostEndpoint, .networkSet: return "\(e.namespace ?? "-")/\(e.aggregatedName)"
            case .network: return domains.first ?? e.ip.map { "\($0)" } ?? e.name
            }
        }
        return
            "\(reporter.rawValue)|\(peer(c.source, domains: []))|\(peer(c.destination, domains: c.destinationDomains))|\(c.protocol.flowLogName)|\(c.destinationPort.map(String.init) ?? "-")"
    }
}

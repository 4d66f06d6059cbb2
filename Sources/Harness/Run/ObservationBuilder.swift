import CalicoModel
import PolicyEvaluation
import Simulation
import TrafficGeneration

/// Turns a window's connection classes into scored observations, one per (class, reporter, pattern).
///
/// Reporters follow Calico (SPEC §4.1): the source reports when it is a workload; the destination reports
/// when it is a workload and the source's enforced egress let the connection out.
///
/// A builder is made for one version of the policies (current and frozen); it memoises each connection's
/// verdicts by the simulation's `ConnectionKey`, so a connection seen in many windows is evaluated once per
/// policy version. Classes without a key (built by hand) are evaluated every time.
struct ObservationBuilder {
    /// Evaluates with the recommendations as they are now (staged) and enforced policies.
    var current: Evaluator
    /// Evaluates with each namespace's recommendation frozen at its first Stable moment, enforced.
    var frozen: Evaluator
    /// Namespaces that have a frozen recommendation.
    var frozenNamespaces: Set<String>

    /// What one reporter of a connection contributes to an observation.
    struct Judgement {
        var namespace: String
        var reporter: Reporter
        var flowClass: String
        var pendingAction: FlowAction
        var enforcedAction: FlowAction
        var pending: RecommendationDecision
        var enforced: RecommendationDecision
        var atStable: RecommendationDecision?
    }

    /// Per connection: the judgements of its reporters (source first), in `judgements`.
    private var memoKeys = FastIndex<ConnectionKey>()
    private var memoRanges: [Range<Int>] = []
    private var judgements: [Judgement] = []
    private var memoToken: (any AnyObject & Sendable)?

    init(current: Evaluator, frozen: Evaluator, frozenNamespaces: Set<String>) {
        self.current = current; self.frozen = frozen; self.frozenNamespaces = frozenNamespaces
    }

    mutating func observations(_ window: ConnectionWindow, into out: inout [Observation]) {
        if window.simulationToken !== memoToken {
            memoKeys.removeAll(); memoRanges.removeAll(); judgements.removeAll()
            memoToken = window.simulationToken
        }
        var scratch: [Judgement] = []
        let judge = Judge(current: current, frozen: frozen, frozenNamespaces: frozenNamespaces)
        for c in window.connections {
            let range: Range<Int>
            if let key = window.key(of: c) {
                if let i = memoKeys.find(key) {
                    range = memoRanges[i]
                } else {
                    let start = judgements.count
                    judge.judge(c.connection, into: &judgements)
                    _ = memoKeys.insert(key)
                    range = start..<judgements.count
                    memoRanges.append(range)
                }
                for j in range { Self.append(c, judgements[j], at: window.end, into: &out) }
            } else {
                scratch.removeAll(keepingCapacity: true)
                judge.judge(c.connection, into: &scratch)
                for j in scratch { Self.append(c, j, at: window.end, into: &out) }
            }
        }
    }

    /// Evaluates connections under one builder's policies (a separate value, so that filling the builder's memo
    /// never copies it).
    private struct Judge {
        let current: Evaluator
        let frozen: Evaluator
        let frozenNamespaces: Set<String>

        /// The judgements of a connection's reporters.
        func judge(_ conn: Connection, into out: inout [Judgement]) {
            var egressAllowed = true
            if conn.source.kind == .workload, let ns = conn.source.namespace {
                let v = current.evaluate(conn, reporter: .src)
                egressAllowed = v.enforced.action == .allow
                out.append(judgement(conn, reporter: .src, namespace: ns, verdict: v))
            }
            if egressAllowed, conn.destination.kind == .workload, let ns = conn.destination.namespace {
                out.append(judgement(conn, reporter: .dst, namespace: ns, verdict: current.evaluate(conn, reporter: .dst)))
            }
        }

        private func judgement(_ conn: Connection, reporter: Reporter, namespace: String, verdict: Verdict) -> Judgement {
            let atStable: RecommendationDecision?
            if frozenNamespaces.contains(namespace) {
                let f = frozen.evaluate(conn, reporter: reporter).enforced
                atStable = RecommendationDecision(hits: f.hits, finalAction: f.action)
            } else { atStable = nil }
            return Judgement(namespace: namespace, reporter: reporter, flowClass: ObservationBuilder.flowClass(conn, reporter: reporter),
                             pendingAction: verdict.pending.action, enforcedAction: verdict.enforced.action,
                             pending: RecommendationDecision(hits: verdict.pending.hits, finalAction: verdict.pending.action),
                             enforced: RecommendationDecision(hits: verdict.enforced.hits, finalAction: verdict.enforced.action),
                             atStable: atStable)
        }
    }

    private static func append(_ c: ConnectionClass, _ j: Judgement, at t: SimInstant, into out: inout [Observation]) {
        for p in c.truth {
            out.append(Observation(time: t, namespace: j.namespace, reporter: j.reporter, patternID: p.patternID,
                                   rarity: p.rarity.rawValue, isAttack: p.truth == .attack, flowClass: j.flowClass,
                                   flows: Int(p.count), records: 1, pendingAction: j.pendingAction,
                                   enforcedAction: j.enforcedAction, pending: j.pending, enforced: j.enforced,
                                   ifEnforcedAtStable: j.atStable))
        }
    }

    /// A distinct flow class: reporter, aggregated peers, protocol and port (external peers by domain or IP).
    static func flowClass(_ c: Connection, reporter: Reporter) -> String {
        func peer(_ e: FlowEndpoint, domains: [String]) -> String {
            switch e.kind {
            case .workload, .hostEndpoint, .networkSet: return "\(e.namespace ?? "-")/\(e.aggregatedName)"
            case .network: return domains.first ?? e.ip.map { "\($0)" } ?? e.name
            }
        }
        return "\(reporter.rawValue)|\(peer(c.source, domains: []))|\(peer(c.destination, domains: c.destinationDomains))|\(c.protocol.flowLogName)|\(c.destinationPort.map(String.init) ?? "-")"
    }
}

import CalicoModel
import PolicyEvaluation
import Simulation
import TrafficGeneration

/// Turns a window's connection classes into scored observations, one per (class, reporter, pattern).
///
/// Reporters follow Calico (SPEC §4.1): the source reports when it is a workload; the destination reports
/// when it is a workload and the source's enforced egress let the connection out.
struct ObservationBuilder {
    /// Evaluates with the recommendations as they are now (staged) and enforced policies.
    var current: Evaluator
    /// Evaluates with each namespace's recommendation frozen at its first Stable moment, enforced.
    var frozen: Evaluator
    /// Namespaces that have a frozen recommendation.
    var frozenNamespaces: Set<String>

    func observations(_ window: ConnectionWindow, into out: inout [Observation]) {
        for c in window.connections {
            let conn = c.connection
            var egressAllowed = true
            if conn.source.kind == .workload, let ns = conn.source.namespace {
                let v = current.evaluate(conn, reporter: .src)
                egressAllowed = v.enforced.action == .allow
                append(c, reporter: .src, namespace: ns, verdict: v, at: window.end, into: &out)
            }
            if egressAllowed, conn.destination.kind == .workload, let ns = conn.destination.namespace {
                let v = current.evaluate(conn, reporter: .dst)
                append(c, reporter: .dst, namespace: ns, verdict: v, at: window.end, into: &out)
            }
        }
    }

    private func append(_ c: ConnectionClass, reporter: Reporter, namespace: String, verdict: Verdict, at t: SimInstant,
                        into out: inout [Observation]) {
        let conn = c.connection
        let atStable: RecommendationDecision?
        if frozenNamespaces.contains(namespace) {
            let f = frozen.evaluate(conn, reporter: reporter).enforced
            atStable = RecommendationDecision(hits: f.hits, finalAction: f.action)
        } else { atStable = nil }
        let pending = RecommendationDecision(hits: verdict.pending.hits, finalAction: verdict.pending.action)
        let enforced = RecommendationDecision(hits: verdict.enforced.hits, finalAction: verdict.enforced.action)
        let flowClass = ObservationBuilder.flowClass(conn, reporter: reporter)
        for p in c.truth {
            out.append(Observation(time: t, namespace: namespace, reporter: reporter, patternID: p.patternID,
                                   rarity: p.rarity.rawValue, isAttack: p.truth == .attack, flowClass: flowClass,
                                   flows: Int(p.count), records: 1, pendingAction: verdict.pending.action,
                                   enforcedAction: verdict.enforced.action, pending: pending, enforced: enforced,
                                   ifEnforcedAtStable: atStable))
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

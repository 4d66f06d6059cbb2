import CalicoModel
import Foundation

/// The policies that apply to one endpoint identity in one direction, tier by tier, in walk order.
struct PolicyPlan: Sendable {
    struct TierStep: Sendable {
        var tier: Int
        /// Range into `policies`.
        var start: Int
        var end: Int
    }
    var steps: [TierStep] = []
    var policies: [Int] = []
}

/// Everything the evaluator derives from an endpoint's namespace, labels and service account: the label
/// views selectors see and, for Calico endpoints, which policies apply. Shared by every endpoint with the
/// same identity (all pods of a deployment), computed once.
final class EndpointIdentity: Sendable {
    /// Own labels plus Calico's implicit ones and the namespace labels under `pcns.`.
    let labels: Labels
    /// What a `namespaceSelector` sees: the namespace's labels (incl. `projectcalico.org/name`) and
    /// `projectcalico.org/namespace` (so a rewritten `global()` works); empty for non-namespaced entities.
    let namespaceLabels: Labels
    /// What `serviceAccountSelector` / `serviceAccounts.selector` see: `projectcalico.org/name`.
    let serviceAccountLabels: Labels
    /// Plans by direction; `pending` equal to `enforced` when no staged policy applies.
    let ingressEnforced: PolicyPlan, ingressPending: PolicyPlan, ingressSamePlans: Bool
    let egressEnforced: PolicyPlan, egressPending: PolicyPlan, egressSamePlans: Bool

    init(endpoint e: FlowEndpoint, set: CompiledPolicySet) {
        var l = e.labels
        var nsView: Labels = [:]
        let ns = e.namespace
        if let ns, e.kind == .workload || e.kind == .networkSet {
            let nsLabels = set.namespaceLabels(ns)
            for (k, v) in nsLabels { l["pcns." + k] = v }
            nsView = nsLabels
            nsView["projectcalico.org/namespace"] = ns
            l["projectcalico.org/namespace"] = ns
        }
        switch e.kind {
        case .workload:
            l["projectcalico.org/orchestrator"] = "k8s"
            if let sa = e.serviceAccount { l["projectcalico.org/serviceaccount"] = sa }
        case .networkSet:
            l["projectcalico.org/kind"] = "NetworkSet"
            if l["projectcalico.org/name"] == nil { l["projectcalico.org/name"] = e.name }
        case .hostEndpoint, .network:
            break
        }
        labels = l
        namespaceLabels = nsView
        serviceAccountLabels = e.serviceAccount.map { ["projectcalico.org/name": $0] } ?? [:]
        if e.isCalicoEndpoint {
            (ingressEnforced, ingressPending) = set.plans(.ingress, endpoint: e, labels: l, namespaceView: nsView,
                                                         serviceAccountLabels: serviceAccountLabels)
            (egressEnforced, egressPending) = set.plans(.egress, endpoint: e, labels: l, namespaceView: nsView,
                                                       serviceAccountLabels: serviceAccountLabels)
        } else {
            (ingressEnforced, ingressPending, egressEnforced, egressPending) = (PolicyPlan(), PolicyPlan(), PolicyPlan(), PolicyPlan())
        }
        ingressSamePlans = ingressEnforced.policies == ingressPending.policies
        egressSamePlans = egressEnforced.policies == egressPending.policies
    }
}

/// Identities by endpoint, built on first use. Keyed first by (kind, namespace, name, service account) with
/// a label check (cheap when the caller reuses its label dictionary), then by the full label set, so every
/// pod of a workload shares one identity.
final class IdentityCache: @unchecked Sendable {
    private struct NameKey: Hashable {
        var kind: FlowEndpoint.Kind
        var namespace: String?
        var name: String
        var serviceAccount: String?
    }
    private struct LabelKey: Hashable {
        var kind: FlowEndpoint.Kind
        var namespace: String?
        var name: String?   // network sets are identified by name too
        var serviceAccount: String?
        var labels: Labels
    }
    private struct Entry {
        var labels: Labels
        var identity: EndpointIdentity
    }

    private let lock = NSLock()
    private var byName: [NameKey: Entry] = [:]
    private var byLabels: [LabelKey: EndpointIdentity] = [:]

    /// Identities of both ends of a connection (nil for `pub`/`pvt` networks, which have no labels).
    func identities(_ a: FlowEndpoint, _ b: FlowEndpoint, set: CompiledPolicySet) -> (EndpointIdentity?, EndpointIdentity?) {
        lock.lock()
        defer { lock.unlock() }
        return (lookup(a, set), lookup(b, set))
    }

    private func lookup(_ e: FlowEndpoint, _ set: CompiledPolicySet) -> EndpointIdentity? {
        if e.kind == .network { return nil }
        let key = NameKey(kind: e.kind, namespace: e.namespace, name: e.name, serviceAccount: e.serviceAccount)
        if let entry = byName[key], entry.labels == e.labels { return entry.identity }
        let labelKey = LabelKey(kind: e.kind, namespace: e.namespace, name: e.kind == .networkSet ? e.name : nil,
                                serviceAccount: e.serviceAccount, labels: e.labels)
        let identity: EndpointIdentity
        if let found = byLabels[labelKey] {
            identity = found
        } else {
            identity = EndpointIdentity(endpoint: e, set: set)
            byLabels[labelKey] = identity
        }
        byName[key] = Entry(labels: e.labels, identity: identity)
        return identity
    }
}

import CalicoModel
import Foundation

/// The policies that apply to one endpoint identity in one direction, tier by tier, in walk order, with
/// their rule ranges, as plain values (the walk touches no policy object until it records a hit).
/// Staged policies are included and flagged: the enforced trace skips them, the pending trace does not.
struct PolicyPlan: Sendable {
    struct TierStep: Sendable {
        var tier: Int32
        /// Range into `entries`.
        var start: Int32
        var end: Int32
        var defaultPass: Bool
        /// False when every policy of this tier for the endpoint is staged: the enforced walk skips the tier.
        var hasEnforced: Bool
    }
    struct Entry: Sendable {
        var policy: Int32
        /// Range into `RuleTables.rules` for this direction.
        var rulesStart: Int32
        var rulesEnd: Int32
        var staged: Bool
    }
    var steps: [TierStep] = []
    var entries: [Entry] = []
    var hasStaged = false

    /// Appends a policy; policies arrive sorted by tier, so a new tier starts a new step.
    mutating func append(_ policy: Int, rules: Range<Int>, tier: Int, defaultPass: Bool, staged: Bool) {
        if steps.last?.tier != Int32(tier) {
            steps.append(
                TierStep(
                    tier: Int32(tier), start: Int32(entries.count), end: Int32(entries.count),
                    defaultPass: defaultPass, hasEnforced: false))
        }
        entries.append(
            Entry(
                policy: Int32(policy), rulesStart: Int32(rules.lowerBound), rulesEnd: Int32(rules.upperBound),
                staged: staged))
        steps[steps.count - 1].end = Int32(entries.count)
        if staged { hasStaged = true } else { steps[steps.count - 1].hasEnforced = true }
    }
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
    /// The plans by direction.
    let ingress: PolicyPlan
    let egress: PolicyPlan
    /// `kns.<namespace>`, the profile a workload's traces end in when no tier decides.
    let namespaceProfile: String?

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
        namespaceProfile = e.kind == .workload ? ns.map { "kns.\($0)" } : nil
        serviceAccountLabels = e.serviceAccount.map { ["projectcalico.org/name": $0] } ?? [:]
        if e.isCalicoEndpoint {
            ingress = set.plan(
                .ingress, endpoint: e, labels: l, namespaceView: nsView, serviceAccountLabels: serviceAccountLabels)
            egress = set.plan(
                .egress, endpoint: e, labels: l, namespaceView: nsView, serviceAccountLabels: serviceAccountLabels)
        } else {
            (ingress, egress) = (PolicyPlan(), PolicyPlan())
        }
    }
}

import CalicoModel
import RecommendationEngine
import ResultStore
import Simulation

/// Follows the engine's changes: the lifecycle of each namespace's recommendation, the versions to store,
/// and the version frozen at the moment each recommendation first became Stable.
struct ChangeRecorder {
    private(set) var lifecycles: [String: RecommendationLifecycle] = [:]
    /// The recommendation of each namespace as it was when it first became Stable.
    private(set) var frozenAtStable: [String: CalicoPolicy] = [:]
    private var status: [String: RecommendationStatus] = [:]
    private(set) var pendingRows: [RecommendationRow] = []
    private(set) var fingerprint = RunFingerprint()
    private var digester = RecordDigester()
    /// Set when something changed that alters the policies the evaluator must see.
    var policiesChanged = true
    var frozenChanged = true
    /// Namespaces whose policies (current or frozen) changed since the evaluators were last rebuilt; a change
    /// that is not a namespace's own (the tier, spec-intended network sets) sets `allChanged`.
    var changedNamespaces: Set<String> = []
    var allChanged = true
    /// Shared with the other sessions of a sweep seed, when given.
    var yamlCache: PolicyYAMLCache?

    mutating func lifecycle(_ ns: String) -> RecommendationLifecycle {
        lifecycles[ns] ?? RecommendationLifecycle(namespace: ns)
    }

    mutating func record(_ changes: [RecommendationChange], at t: SimInstant, userAction: String? = nil) {
        for change in changes { record(change, at: t, userAction: userAction) }
    }

    private mutating func record(_ change: RecommendationChange, at t: SimInstant, userAction: String?) {
        if case .writeFailed(let ns, let attempt) = change {
            // Nothing changed in the datastore; the fault log has it too.
            fingerprint.fold("write-failed \(t.unixSeconds) \(ns) \(attempt)")
            return
        }
        policiesChanged = true
        let ns = change.namespace
        switch change {
        case .tierCreated, .egressDomainSetUpdated, .egressDomainSetDeleted, .maxRulesExceeded: allChanged = true
        default: changedNamespaces.insert(ns)
        }
        var life = lifecycle(ns)
        var event: RecommendationEvent?
        var detail = ""
        switch change {
        case .tierCreated(let tier):
            fingerprint.fold("tier \(t.unixSeconds) \(tier.name)")
            return
        case .created:
            event = .created
        case .rulesUpdated:
            event = .updated
            if let s = status[ns], s != RecommendationStatus.learning { life.learningResets += 1 }
        case .statusChanged(_, let previousName, _, let to):
            event = .renamed
            detail = previousName
            life.renames += 1
            if to == .stable, life.firstStableAt == nil, let p = change.policy {
                life.firstStableAt = t
                frozenAtStable[ns] = p
                frozenChanged = true
            }
        case .stagedActionChanged:
            event = .userAction
            detail = userAction ?? "automation"
        case .deleted(_, let reason):
            event = .deleted
            detail = reason.rawValue
        case .enforcedPolicyCreated:
            if life.enforcedAt == nil { life.enforcedAt = t }
            event = .userAction
            detail = "enforce"
        case .enforcedPolicyDeleted:
            event = .userAction
            detail = "deleteEnforced"
        case .writeRejected(_, let problems):
            fingerprint.fold("rejected \(t.unixSeconds) \(ns) \(problems.joined(separator: "; "))")
            return
        case .writeFailed:
            return
        case .egressDomainSetUpdated, .egressDomainSetDeleted, .maxRulesExceeded:
            fingerprint.fold("spec-intended \(t.unixSeconds) \(change)")
            return
        }
        guard let policy = change.policy, let event else { return }
        let egress = policy.spec.egress?.count ?? 0, ingress = policy.spec.ingress?.count ?? 0
        let s =
            RecommendationStatus(rawValue: policy.metadata.annotations?["policyrecommendation.tigera.io/status"] ?? "")
            ?? RecommendationStatus.learning
        if policy.kind == .stagedNetworkPolicy {
            status[ns] = s
            if egress + ingress > 0, life.firstRuleAt == nil { life.firstRuleAt = t }
            life.egressRules = egress
            life.ingressRules = ingress
        }
        lifecycles[ns] = life
        let yaml = yamlCache?.yaml(policy) ?? PolicyYAMLCache.encode(policy)
        fingerprint.fold("version \(t.unixSeconds) \(event.rawValue) \(detail)\n\(yaml)")
        pendingRows.append(
            RecommendationRow(
                time: t, namespace: ns, name: policy.metadata.name, status: s,
                stagedAction: policy.spec.stagedAction ?? .set, egressRules: egress,
                ingressRules: ingress, event: event, detail: detail, yaml: yaml))
    }

    /// Folds one record into the fingerprint. `inout` only so that a record held in an array is read where it
    /// lies: a borrowed argument from an array element costs a copy (a reference count on its shared text).
    mutating func foldFlowLog(_ log: inout FlowLog) { fingerprint.fold(hash: digester.digest(&log)) }

    mutating func takeRows() -> [RecommendationRow] {
        defer { pendingRows.removeAll(keepingCapacity: true) }
        return pendingRows
    }

    /// Every namespace the run saw, sorted, with its lifecycle.
    func allLifecycles(namespaces: [String]) -> [RecommendationLifecycle] {
        Set(namespaces).union(lifecycles.keys).sorted().map { lifecycles[$0] ?? RecommendationLifecycle(namespace: $0) }
    }
}

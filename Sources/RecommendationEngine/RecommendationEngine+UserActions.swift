import CalicoModel
import Simulation

/// The web console's actions on recommendations (SPEC §2.12), and the automation that scripts them.
extension RecommendationEngine {
    /// "Add to policy board" (→ Active): merge-patch `stagedAction: Set` (label and spec) and
    /// `ownerReferences: null`. The engine stops updating the policy.
    @discardableResult
    public mutating func activate(
        namespace: String, at now: SimInstant
    ) throws(RecommendationActionError) -> [RecommendationChange] {
        let changes = try setStagedAction(.set, namespace: namespace, action: "activate", dropOwnerReferences: true)
        if !changes.isEmpty { activatedAt[namespace] = now }
        return changes
    }

    /// "Dismiss policy" (→ Dismissed): `stagedAction: Ignore`. The engine stops updating the policy.
    @discardableResult
    public mutating func dismiss(namespace: String) throws(RecommendationActionError) -> [RecommendationChange] {
        try setStagedAction(.ignore, namespace: namespace, action: "dismiss")
    }

    /// "Reactivate" (from Dismissed): `stagedAction: Learn`. Learning resumes on top of the existing rules
    /// with a 2 × interval lookback (the policy has `lastUpdated`): not a reset.
    @discardableResult
    public mutating func reactivate(namespace: String) throws(RecommendationActionError) -> [RecommendationChange] {
        let changes = try setStagedAction(.learn, namespace: namespace, action: "reactivate")
        if !changes.isEmpty { activatedAt[namespace] = nil }
        return changes
    }

    /// "Enforce": the console creates a `NetworkPolicy` converted from the stored recommendation
    /// (`ConvertStagedPolicyToEnforced`: same metadata without uid/resourceVersion, same spec without
    /// `stagedAction`) and deletes the staged policy. While the engine runs, its NetworkPolicy watcher sets
    /// the cached recommendation to `Ignore` and the sync recreates it so; while stopped, it stays deleted.
    @discardableResult
    public mutating func enforce(
        namespace: String, at now: SimInstant
    ) throws(RecommendationActionError) -> [RecommendationChange] {
        guard let staged = store[namespace] else {
            throw RecommendationActionError(action: "enforce", namespace: namespace, reason: .noRecommendation)
        }
        let key = "\(namespace)/\(staged.name)"
        guard enforced[key] == nil else {
            throw RecommendationActionError(action: "enforce", namespace: namespace, reason: .enforcedPolicyExists)
        }
        var meta = staged.metadata
        meta.uid = nil; meta.resourceVersion = nil
        var spec = staged.spec
        spec.stagedAction = nil
        let policy = CalicoPolicy(kind: .networkPolicy, metadata: meta, spec: spec)
        enforced[key] = policy
        var changes: [RecommendationChange] = [.enforcedPolicyCreated(policy)]
        activatedAt[namespace] = nil
        store[namespace] = nil
        if isRunning, var record = records[namespace] {
            let from = staged.spec.stagedAction
            record.policy.spec.stagedAction = .ignore
            record.policy.metadata.labels = (record.policy.metadata.labels ?? [:]).merging(
                [RecommendationKeys.stagedActionLabel: StagedAction.ignore.rawValue]) { _, new in new }
            records[namespace] = record
            changes += sync(namespace, .stagedActionChanged(record.policy, from: from))
        } else {
            records[namespace] = nil
            changes.append(.deleted(staged, reason: .enforcedWhileStopped))
        }
        return changes
    }

    /// Deletes the enforced policies created from recommendations in a namespace ("to generate a new
    /// recommendation, delete the network policy"). The engine does nothing about it: the recommendation
    /// stays `Ignore` until reactivated.
    @discardableResult
    public mutating func deleteEnforcedPolicy(
        namespace: String
    ) throws(RecommendationActionError) -> [RecommendationChange] {
        let keys = enforced.keys.sorted().filter { enforced[$0]!.metadata.namespace == namespace }
        guard !keys.isEmpty else {
            throw RecommendationActionError(
                action: "delete enforced policy", namespace: namespace, reason: .noEnforcedPolicy)
        }
        return keys.map { .enforcedPolicyDeleted(enforced.removeValue(forKey: $0)!) }
    }

    /// A merge-patch of the stored policy by the console; the SNP watcher copies it into the engine's cache.
    private mutating func setStagedAction(
        _ action: StagedAction, namespace: String, action name: String,
        dropOwnerReferences: Bool = false
    ) throws(RecommendationActionError) -> [RecommendationChange] {
        guard var policy = store[namespace] else {
            throw RecommendationActionError(action: name, namespace: namespace, reason: .noRecommendation)
        }
        let before = policy
        policy.spec.stagedAction = action
        policy.metadata.labels = (policy.metadata.labels ?? [:]).merging(
            [RecommendationKeys.stagedActionLabel: action.rawValue]) { _, new in new }
        if dropOwnerReferences { policy.metadata.ownerReferences = nil }
        guard policy != before else { return [] }
        store[namespace] = policy
        records[namespace] = Record(policy: policy)
        return [.stagedActionChanged(policy, from: before.spec.stagedAction)]
    }

    /// The automation rules of `options.automation`, in namespace order.
    mutating func applyAutomation(at now: SimInstant) -> [RecommendationChange] {
        let auto = options.automation
        guard auto.activateWhenStable || auto.enforceAfterActivation != nil else { return [] }
        var changes: [RecommendationChange] = []
        for ns in store.keys.sorted() {
            guard let policy = store[ns] else { continue }
            if auto.activateWhenStable, policy.spec.stagedAction == .learn,
                policy.metadata.annotations?[RecommendationKeys.status] == RecommendationStatus.stable.rawValue
            {
                changes += (try? activate(namespace: ns, at: now)) ?? []
            }
            if let delay = auto.enforceAfterActivation, store[ns]?.spec.stagedAction == .set,
                let at = activatedAt[ns], now >= at + delay
            {
                changes += (try? enforce(namespace: ns, at: now)) ?? []
            }
        }
        return changes
    }
}

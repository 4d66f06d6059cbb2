import CalicoModel
import Simulation

/// Why a recommendation left the datastore.
public enum DeletionReason: String, Sendable, Hashable {
    /// The scope's selector no longer selects the namespace (`filterNamespaces`, SPEC §1.5).
    case namespaceDeselected
    /// The namespace was deleted (`RemoveNamespace`, SPEC §2.1).
    case namespaceRemoved
    /// The web console enforced it while the engine was stopped: the staged policy is deleted and nothing
    /// recreates it as `Ignore` (the engine's NetworkPolicy watcher is not running).
    case enforcedWhileStopped
    /// A status change renamed it; the old name was deleted and the datastore rejected the new one.
    case replacedButRejected
}

/// One change the engine (or a user action it models) made to the datastore, as a value the harness records.
public enum RecommendationChange: Hashable, Sendable {
    /// The `namespace-isolation` tier was created (with the first recommendation).
    case tierCreated(Tier)
    /// A recommendation was stored for the first time (its first rules).
    case created(CalicoPolicy)
    /// The rules changed: status reset to `Learning`, `lastUpdated` set to now.
    case rulesUpdated(CalicoPolicy)
    /// Status moved to `Stabilizing` or `Stable`. The name got a new suffix, so the controller deleted
    /// `previousName` and created the policy anew.
    case statusChanged(CalicoPolicy, previousName: String, from: String?, to: RecommendationStatus)
    /// `stagedAction` changed through a user action or automation.
    case stagedActionChanged(CalicoPolicy, from: StagedAction?)
    /// The recommendation was deleted.
    case deleted(CalicoPolicy, reason: DeletionReason)
    /// The datastore rejected a write of this (cached) policy; the stored version, if any, is unchanged.
    case writeRejected(CalicoPolicy, problems: [String])
    /// A datastore write of the namespace's recommendation failed (an injected fault); the sync retries at the
    /// next resync. `attempt` counts the failures of this write so far.
    case writeFailed(namespace: String, attempt: Int)
    /// An enforced `NetworkPolicy` was created from a recommendation.
    case enforcedPolicyCreated(CalicoPolicy)
    /// An enforced `NetworkPolicy` was deleted.
    case enforcedPolicyDeleted(CalicoPolicy)
    /// Spec-intended: the egress-domains NetworkSet of a contracted recommendation was created or updated.
    case egressDomainSetUpdated(NetworkSet)
    /// Spec-intended: the egress-domains NetworkSet was deleted along with its recommendation.
    case egressDomainSetDeleted(NetworkSet)
    /// Spec-intended: a recommendation still has more rules than `maxRules` after contraction ("error condition").
    case maxRulesExceeded(namespace: String, direction: TrafficDirection, ruleCount: Int, maxRules: Int)

    /// The namespace the change concerns (empty for the tier).
    public var namespace: String {
        switch self {
        case .tierCreated: return ""
        case .created(let p), .rulesUpdated(let p), .statusChanged(let p, _, _, _), .stagedActionChanged(let p, _),
            .deleted(let p, _), .enforcedPolicyCreated(let p), .enforcedPolicyDeleted(let p), .writeRejected(let p, _):
            return p.metadata.namespace ?? ""
        case .egressDomainSetUpdated(let s), .egressDomainSetDeleted(let s): return s.metadata.namespace ?? ""
        case .maxRulesExceeded(let ns, _, _, _), .writeFailed(let ns, _): return ns
        }
    }

    /// The policy after the change (the deleted one for deletions), if the change concerns a policy.
    public var policy: CalicoPolicy? {
        switch self {
        case .created(let p), .rulesUpdated(let p), .statusChanged(let p, _, _, _), .stagedActionChanged(let p, _),
            .deleted(let p, _), .enforcedPolicyCreated(let p), .enforcedPolicyDeleted(let p), .writeRejected(let p, _):
            return p
        default: return nil
        }
    }
}

/// Scripted user behaviour the engine applies at the end of every tick, in namespace order.
///
/// Real users act through the web console; these rules stand in for a user who follows the docs' advice
/// ("wait for Stable before accepting").
public struct Automation: Hashable, Sendable {
    /// Activate (`stagedAction: Set`) every `Learn` recommendation as soon as its status is `Stable`.
    public var activateWhenStable: Bool
    /// Enforce an activated recommendation this long after its activation (nil: never).
    public var enforceAfterActivation: SimDuration?

    public init(activateWhenStable: Bool = false, enforceAfterActivation: SimDuration? = nil) {
        self.activateWhenStable = activateWhenStable; self.enforceAfterActivation = enforceAfterActivation
    }
    /// No automation: recommendations stay in `Learn` unless the harness acts.
    public static let none = Automation()
}

/// Options of a `RecommendationEngine` that are not part of the scope.
public struct EngineOptions: Hashable, Sendable {
    /// The model's named assumptions (`Assumptions.registry`): the defaults profile, the flow query, the
    /// datastore's validation, and the spec-intended `maxRules` / `policiesLearningCutOff` behaviour (SPEC §2.11).
    public var assumptions: Assumptions
    /// `minPollInterval`.
    public var minimumInterval: SimDuration
    /// The cluster's DNS domain (from `resolv.conf`); domains ending in `svc.<clusterDomain>` never make rules.
    public var clusterDomain: String
    public var automation: Automation
    /// Minimum flow-log retention; the engine keeps at least `max(initialLookback, 2 × interval)`.
    public var minimumRetention: SimDuration
    /// The flow-log store's retention (`FlowWindow.storeRetention`); nil: longer than any query window.
    public var flowLogRetention: SimDuration?

    /// Fallbacks for absent scope fields, as the `defaults` assumption selects.
    public var defaults: EngineDefaults { assumptions.engineDefaults }

    /// The API's default for both `maxRules` and `policiesLearningCutOff`.
    public static let apiDefaultLimit = 20

    public init(
        assumptions: Assumptions = Assumptions(), minimumInterval: SimDuration = .seconds(30),
        clusterDomain: String = "cluster.local", automation: Automation = .none,
        minimumRetention: SimDuration = .zero
    ) {
        self.assumptions = assumptions; self.minimumInterval = minimumInterval; self.clusterDomain = clusterDomain
        self.automation = automation; self.minimumRetention = minimumRetention
    }
}

/// A user action that cannot be applied.
public struct RecommendationActionError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable {
        case noRecommendation = "there is no recommendation in this namespace"
        case enforcedPolicyExists = "an enforced policy with this name already exists"
        case noEnforcedPolicy = "there is no enforced recommendation policy in this namespace"
    }
    public var action: String
    public var namespace: String
    public var reason: Reason
    public var description: String { "\(action) in namespace \"\(namespace)\": \(reason.rawValue)" }
}

import CalicoModel
import Simulation

/// The recommendation tier's name (fixed in Calico).
public let recommendationTier = "namespace-isolation"

/// How a trace's verdict relates to the recommended policy of the reporting namespace.
public enum RecommendationDecision: String, Sendable, Hashable {
    /// The `namespace-isolation` tier allowed (or passed) the traffic.
    case allowed
    /// The `namespace-isolation` tier denied it (a rule, or the end-of-tier deny).
    case denied
    /// An earlier tier decided, or the namespace has no recommendation yet.
    case notReached

    /// Reads the decision off a trace's hits: the last hit in the recommendation tier decides.
    public init(hits: [PolicyHit], finalAction: FlowAction) {
        guard let last = hits.last(where: { $0.tier == recommendationTier }) else { self = .notReached; return }
        switch last.action {
        case .deny, .eotDeny: self = .denied
        case .allow, .pass: self = .allowed
        case .unknown: self = .notReached
        }
        // A deny in a later tier after a pass does not belong to the recommendation.
        if self == .allowed && finalAction == .deny && last.action == .allow { self = .notReached }
    }
}

/// One scored cell: connection attempts of one pattern seen by one reporter of a namespace in one window.
public struct Observation: Sendable, Hashable {
    public var time: SimInstant
    /// Namespace of the reporting endpoint (its recommendation is the one being judged).
    public var namespace: String
    public var reporter: Reporter
    public var patternID: String
    public var rarity: String
    public var isAttack: Bool
    /// Distinct flow class: reporter side plus the aggregated peers, protocol and port.
    public var flowClass: String
    public var flows: Int
    public var records: Int
    public var pendingAction: FlowAction
    public var enforcedAction: FlowAction
    /// What the recommendation tier did in the pending trace (staged policies evaluated as enforced).
    public var pending: RecommendationDecision
    /// What it did in the enforced trace (only differs once a recommendation is enforced).
    public var enforced: RecommendationDecision
    /// What the recommendation frozen at the moment it first became Stable would do if enforced;
    /// nil before the namespace first became Stable.
    public var ifEnforcedAtStable: RecommendationDecision?

    public init(
        time: SimInstant, namespace: String, reporter: Reporter, patternID: String, rarity: String, isAttack: Bool,
        flowClass: String, flows: Int, records: Int, pendingAction: FlowAction, enforcedAction: FlowAction,
        pending: RecommendationDecision, enforced: RecommendationDecision, ifEnforcedAtStable: RecommendationDecision?
    ) {
        self.time = time; self.namespace = namespace; self.reporter = reporter; self.patternID = patternID
        self.rarity = rarity; self.isAttack = isAttack; self.flowClass = flowClass; self.flows = flows;
        self.records = records
        self.pendingAction = pendingAction; self.enforcedAction = enforcedAction; self.pending = pending
        self.enforced = enforced; self.ifEnforcedAtStable = ifEnforcedAtStable
    }
}

/// Where a namespace's recommendation is in its life, for splitting scores.
public enum ScoringPhase: String, Sendable, Hashable, CaseIterable {
    /// Before the recommendation first became Stable.
    case learning
    /// After it first became Stable, while still staged.
    case afterStable = "after-stable"
    /// After a scripted enforcement.
    case enforced
}

import CalicoModel

/// The policy hits of one evaluation and its final verdict.
public struct PolicyTrace: Hashable, Sendable {
    public var action: FlowAction
    public var hits: [PolicyHit]
    public init(action: FlowAction, hits: [PolicyHit]) { self.action = action; self.hits = hits }

    /// True when the trace ends in a profile allow: traffic no policy tier decided (what the engine queries).
    public var endsInProfileAllow: Bool { hits.last.map { $0.isProfile && $0.action == .allow } ?? false }

    /// Hit strings as flow logs write them.
    public func hitStrings(legacy: Bool = false) -> [String] { hits.map { $0.formatted(legacy: legacy) } }
}

/// Both traces of one connection at one reporter (SPEC §3.2).
public struct Verdict: Hashable, Sendable {
    /// Staged policies skipped.
    public var enforced: PolicyTrace
    /// Staged policies evaluated as if enforced.
    public var pending: PolicyTrace
    public init(enforced: PolicyTrace, pending: PolicyTrace) { self.enforced = enforced; self.pending = pending }
}

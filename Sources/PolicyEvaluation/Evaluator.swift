import CalicoModel

/// Calico's tier walk (SPEC §4.1): for a connection and a reporter, the enforced and pending traces.
public struct Evaluator: Sendable {
    public let policySet: PolicySet
    public init(_ policySet: PolicySet) { self.policySet = policySet }

    /// Evaluates the policies of the reporting endpoint: egress policies of the source for `.src`,
    /// ingress policies of the destination for `.dst`.
    public func evaluate(_ connection: Connection, reporter: Reporter) -> Verdict {
        // PLACEHOLDER until the evaluator lands: everything falls through to the namespace profile.
        let ep = reporter == .src ? connection.source : connection.destination
        let hit = PolicyHit(index: 0, tier: PolicyHit.profileTier, kind: .profile, namespace: nil,
                            name: ep.profiles.first ?? "__PROFILE__", action: .allow, ruleIndex: 0)
        let t = PolicyTrace(action: .allow, hits: [hit])
        return Verdict(enforced: t, pending: t)
    }
}

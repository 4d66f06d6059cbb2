import CalicoModel

/// Calico's tier walk (SPEC §4.1): for a connection and a reporter, the enforced and pending traces.
public struct Evaluator: Sendable {
    public let policySet: PolicySet
    public init(_ policySet: PolicySet) { self.policySet = policySet }

    /// Evaluates the policies of the reporting endpoint: egress policies of the source for `.src`,
    /// ingress policies of the destination for `.dst` (and `.fwd`, which recsim does not model separately).
    ///
    /// The reporting endpoint should be a Calico endpoint (pod or host endpoint). Any other endpoint has no
    /// policies and no profiles, so its traces are a single `__PROFILE__` deny.
    public func evaluate(_ connection: Connection, reporter: Reporter) -> Verdict {
        let set = policySet.compiled
        let (srcID, dstID) = set.cache.identities(connection.source, connection.destination, set: set)
        let egress = reporter == .src
        let direction: PolicyType = egress ? .egress : .ingress
        let local = egress ? connection.source : connection.destination
        let context = MatchContext(connection, direction: direction, source: srcID, destination: dstID)
        guard let id = egress ? srcID : dstID else {
            let t = TierWalk.walk(PolicyPlan(), set: set, context: context, profiles: [])
            return Verdict(enforced: t, pending: t)
        }
        let enforcedPlan = egress ? id.egressEnforced : id.ingressEnforced
        let enforced = TierWalk.walk(enforcedPlan, set: set, context: context, profiles: local.profiles)
        if egress ? id.egressSamePlans : id.ingressSamePlans {
            return Verdict(enforced: enforced, pending: enforced)
        }
        let pending = TierWalk.walk(egress ? id.egressPending : id.ingressPending, set: set, context: context,
                                    profiles: local.profiles)
        return Verdict(enforced: enforced, pending: pending)
    }

    /// Both reporters' verdicts, the way a flow between two pods is logged twice. A side that is not a
    /// Calico endpoint does not report and gets nil.
    public func evaluateBothSides(_ connection: Connection) -> (source: Verdict?, destination: Verdict?) {
        (connection.source.isCalicoEndpoint ? evaluate(connection, reporter: .src) : nil,
         connection.destination.isCalicoEndpoint ? evaluate(connection, reporter: .dst) : nil)
    }

    /// Whether the connection would be allowed end to end: every reporting side's enforced (or pending)
    /// verdict allows it.
    public func isAllowed(_ connection: Connection, pending: Bool = false) -> Bool {
        let (s, d) = evaluateBothSides(connection)
        for v in [s, d] { if let v, (pending ? v.pending : v.enforced).action != .allow { return false } }
        return true
    }
}

/// One pass over the tiers of a plan.
enum TierWalk {
    static func walk(_ plan: PolicyPlan, set: CompiledPolicySet, context m: MatchContext, profiles: [String]) -> PolicyTrace {
        var hits: [PolicyHit] = []
        hits.reserveCapacity(plan.steps.count + 1)
        let policies = set.policies
        tiers: for step in plan.steps {
            for k in step.start..<step.end {
                let p = policies[plan.policies[k]]
                let rules = p.rules(m.direction)
                for i in rules.indices where rules[i].matches(m) {
                    let action: HitAction
                    switch rules[i].action {
                    case .log: continue
                    case .allow: action = .allow
                    case .deny: action = .deny
                    case .pass: action = .pass
                    }
                    hits.append(hit(p, tier: set.tiers[step.tier].name, index: hits.count, rule: i, action: action))
                    switch action {
                    case .allow: return PolicyTrace(action: .allow, hits: hits)
                    case .pass: continue tiers
                    default: return PolicyTrace(action: .deny, hits: hits)
                    }
                }
            }
            // No rule decided: the tier's default action, attributed to its first policy for this endpoint.
            let tier = set.tiers[step.tier]
            let first = policies[plan.policies[step.start]]
            let pass = tier.defaultAction == .pass
            hits.append(hit(first, tier: tier.name, index: hits.count, rule: -1, action: pass ? .pass : .deny))
            if !pass { return PolicyTrace(action: .deny, hits: hits) }
        }
        for profile in profiles where Profiles.allows(profile) {
            hits.append(PolicyHit(index: hits.count, tier: PolicyHit.profileTier, kind: .profile, namespace: nil,
                                  name: profile, action: .allow, ruleIndex: 0))
            return PolicyTrace(action: .allow, hits: hits)
        }
        hits.append(PolicyHit(index: hits.count, tier: PolicyHit.profileTier, kind: nil, namespace: nil,
                              name: PolicyHit.profileTier, action: .deny, ruleIndex: -1))
        return PolicyTrace(action: .deny, hits: hits)
    }

    @inline(__always)
    static func hit(_ p: CompiledPolicy, tier: String, index: Int, rule: Int, action: HitAction) -> PolicyHit {
        PolicyHit(index: index, tier: tier, kind: p.hitKind, namespace: p.namespace, name: p.name, action: action, ruleIndex: rule)
    }
}

/// The Calico profiles recsim knows.
enum Profiles {
    /// `kns.<ns>` (namespace profile: ingress and egress `[Allow]`) and Calico's `projectcalico-default-allow`
    /// allow; other profiles (`ksa.*` carry labels only) have no rules.
    static func allows(_ profile: String) -> Bool {
        profile.hasPrefix("kns.") || profile == "projectcalico-default-allow"
    }
}

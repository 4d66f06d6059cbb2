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
        let context = MatchContext(connection, direction: egress ? .egress : .ingress, source: srcID, destination: dstID)
        guard let id = egress ? srcID : dstID, (egress ? connection.source : connection.destination).isCalicoEndpoint else {
            var hits: [PolicyHit] = []
            let t = PolicyTrace(action: TierWalk.profiles([], hits: &hits), hits: hits)
            return Verdict(enforced: t, pending: t)
        }
        return TierWalk.walk(egress ? id.egress : id.ingress, set: set, connection, context,
                             profiles: egress ? connection.source.profiles : connection.destination.profiles)
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

/// The tier walk, done once for both traces.
///
/// Which rule of a policy decides (its first matching non-Log rule) does not depend on the trace, so each
/// tier is scanned once: the pending trace takes the first deciding policy, the enforced trace the first
/// deciding enforced one; a tier with only staged policies does not exist for the enforced trace.
enum TierWalk {
    /// Where one trace stands.
    private struct Side {
        var hits: [PolicyHit] = []
        var action: FlowAction? = nil
        var active: Bool
        init(active: Bool) { self.active = active; if active { hits.reserveCapacity(4) } }
    }

    static func walk(_ plan: PolicyPlan, set: CompiledPolicySet, _ c: Connection, _ m: MatchContext, profiles: [String]) -> Verdict {
        let tables = set.tables
        var enforced = Side(active: true)
        var pending = Side(active: plan.hasStaged)   // otherwise pending == enforced
        for step in plan.steps {
            let wantE = enforced.action == nil && step.hasEnforced
            let wantP = pending.active && pending.action == nil
            if !wantE && !wantP { if enforced.action != nil && (!pending.active || pending.action != nil) { break } else { continue } }
            var firstE = -1, firstP = -1
            var decidedE = !wantE, decidedP = !wantP
            var k = Int(step.start)
            while k < Int(step.end) && !(decidedE && decidedP) {
                let entry = plan.entries[k]
                let forE = !decidedE && !entry.staged
                let forP = !decidedP
                if forE || forP {
                    if forE && firstE < 0 { firstE = k }
                    if forP && firstP < 0 { firstP = k }
                    if let (rule, action) = firstMatch(entry, tables, c, m) {
                        if forE { record(&enforced, set.policies[Int(entry.policy)], rule: rule, action: action); decidedE = true }
                        if forP { record(&pending, set.policies[Int(entry.policy)], rule: rule, action: action); decidedP = true }
                    }
                }
                k += 1
            }
            // No rule decided: the tier's default action, attributed to its first policy for this endpoint.
            let endAction: HitAction = step.defaultPass ? .pass : .deny
            if !decidedE { record(&enforced, set.policies[Int(plan.entries[firstE].policy)], rule: -1, action: endAction) }
            if !decidedP { record(&pending, set.policies[Int(plan.entries[firstP].policy)], rule: -1, action: endAction) }
        }
        let e = PolicyTrace(action: enforced.action ?? TierWalk.profiles(profiles, hits: &enforced.hits), hits: enforced.hits)
        guard pending.active else { return Verdict(enforced: e, pending: e) }
        let p = PolicyTrace(action: pending.action ?? TierWalk.profiles(profiles, hits: &pending.hits), hits: pending.hits)
        return Verdict(enforced: e, pending: p)
    }

    /// The policy's first matching rule that is not `Log`, with its action.
    @inline(__always)
    private static func firstMatch(_ entry: PolicyPlan.Entry, _ tables: RuleTables, _ c: Connection,
                                   _ m: MatchContext) -> (Int, HitAction)? {
        var r = Int(entry.rulesStart)
        while r < Int(entry.rulesEnd) {
            if tables.matches(rule: r, c, m) {
                switch tables.rules[r].action {
                case .log: break
                case .allow: return (r - Int(entry.rulesStart), .allow)
                case .deny: return (r - Int(entry.rulesStart), .deny)
                case .pass: return (r - Int(entry.rulesStart), .pass)
                }
            }
            r += 1
        }
        return nil
    }

    @inline(__always)
    private static func record(_ side: inout Side, _ p: CompiledPolicy, rule: Int, action: HitAction) {
        var h = p.hitTemplate
        h.index = side.hits.count
        h.ruleIndex = rule
        h.action = action
        side.hits.append(h)
        switch action {
        case .allow: side.action = .allow
        case .pass: break
        default: side.action = .deny
        }
    }

    /// No tier decided: the endpoint's profiles (`kns.<ns>` allows, rule 0), else deny.
    static func profiles(_ profiles: [String], hits: inout [PolicyHit]) -> FlowAction {
        for profile in profiles where Profiles.allows(profile) {
            hits.append(PolicyHit(index: hits.count, tier: PolicyHit.profileTier, kind: .profile, namespace: nil,
                                  name: profile, action: .allow, ruleIndex: 0))
            return .allow
        }
        hits.append(PolicyHit(index: hits.count, tier: PolicyHit.profileTier, kind: nil, namespace: nil,
                              name: PolicyHit.profileTier, action: .deny, ruleIndex: -1))
        return .deny
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

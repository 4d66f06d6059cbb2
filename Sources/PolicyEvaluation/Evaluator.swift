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
        let (s, d) = resolve(connection.source, connection.destination)
        return evaluate(connection, reporter: reporter, source: s, destination: d)
    }

    /// An endpoint's identity under this evaluator's policies (its labels matched against every selector
    /// once), for evaluating many connections of the same endpoint without looking it up again.
    public struct ResolvedEnd: Sendable {
        fileprivate let identity: EndpointIdentity?
    }

    /// Resolves an endpoint for `evaluate(_:reporter:source:destination:)`.
    public func resolve(_ endpoint: FlowEndpoint) -> ResolvedEnd {
        let set = policySet.compiled
        return ResolvedEnd(identity: set.cache.identity(endpoint, set: set))
    }

    /// Resolves a connection's two ends.
    func resolve(_ source: FlowEndpoint, _ destination: FlowEndpoint) -> (ResolvedEnd, ResolvedEnd) {
        let set = policySet.compiled
        let (s, d) = set.cache.identities(source, destination, set: set)
        return (ResolvedEnd(identity: s), ResolvedEnd(identity: d))
    }

    /// `evaluate(_:reporter:)` with the ends already resolved by `resolve` on this evaluator: `source` from the
    /// connection's source endpoint, `destination` from its destination.
    public func evaluate(
        _ connection: Connection, reporter: Reporter, source: ResolvedEnd, destination: ResolvedEnd
    ) -> Verdict {
        let set = policySet.compiled
        let (srcID, dstID) = (source.identity, destination.identity)
        let egress = reporter == .src
        let context = MatchContext(
            connection, direction: egress ? .egress : .ingress, source: srcID, destination: dstID)
        guard let id = egress ? srcID : dstID, (egress ? connection.source : connection.destination).isCalicoEndpoint
        else {
            var hits: [PolicyHit] = []
            let t = PolicyTrace(action: TierWalk.profiles([], hits: &hits), hits: hits)
            return Verdict(enforced: t, pending: t)
        }
        return TierWalk.walk(
            egress ? id.egress : id.ingress, set: set, identity: id, egress: egress, connection, context,
            profiles: egress ? connection.source.profiles : connection.destination.profiles)
    }

    /// Both reporters' verdicts, the way a flow between two pods is logged twice. A side that is not a
    /// Calico endpoint does not report and gets nil.
    public func evaluateBothSides(_ connection: Connection) -> (source: Verdict?, destination: Verdict?) {
        (
            connection.source.isCalicoEndpoint ? evaluate(connection, reporter: .src) : nil,
            connection.destination.isCalicoEndpoint ? evaluate(connection, reporter: .dst) : nil
        )
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
///
/// The walk first only records its decisions (compactly); the traces a decision path produces are
/// memoised per endpoint identity, so hit strings are built once per distinct path, not per evaluation.
enum TierWalk {
    static func walk(
        _ plan: PolicyPlan, set: CompiledPolicySet, identity: EndpointIdentity, egress: Bool,
        _ c: Connection, _ m: MatchContext, profiles: [String]
    ) -> Verdict {
        var ePath = PathRecorder(active: true), pPath = PathRecorder(active: plan.hasStaged)
        run(plan, set.tables, c, m, &ePath, &pPath)
        let profileMode: UInt8? = profiles.isEmpty ? 0 : (profiles.first == identity.namespaceProfile ? 1 : nil)
        var key: MemoKey? = nil
        if let profileMode, !ePath.overflow, !pPath.overflow {
            key = MemoKey(
                identity: ObjectIdentifier(identity), egress: egress, profileMode: profileMode,
                enforced: ePath.key, pending: pPath.key)
            if let v = set.cache.memoizedVerdict(key!) { return v }
        }
        var eHits = HitRecorder(active: true, plan: plan, set: set),
            pHits = HitRecorder(active: plan.hasStaged, plan: plan, set: set)
        run(plan, set.tables, c, m, &eHits, &pHits)
        let e = PolicyTrace(action: eHits.action ?? TierWalk.profiles(profiles, hits: &eHits.hits), hits: eHits.hits)
        var verdict = Verdict(enforced: e, pending: e)
        if pHits.active {
            verdict.pending = PolicyTrace(
                action: pHits.action ?? TierWalk.profiles(profiles, hits: &pHits.hits), hits: pHits.hits)
        }
        if let key { set.cache.memoize(key, verdict) }
        return verdict
    }

    /// One pass over the plan, reporting each trace's decisions to its recorder.
    @inline(__always)
    static func run<R: WalkRecorder>(
        _ plan: PolicyPlan, _ tables: RuleTables, _ c: Connection, _ m: MatchContext,
        _ enforced: inout R, _ pending: inout R
    ) {
        for step in plan.steps {
            let wantE = enforced.action == nil && step.hasEnforced
            let wantP = pending.active && pending.action == nil
            if !wantE && !wantP {
                if enforced.action != nil && (!pending.active || pending.action != nil) { break } else { continue }
            }
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
                        if forE { enforced.record(entry: k, rule: rule, action: action); decidedE = true }
                        if forP { pending.record(entry: k, rule: rule, action: action); decidedP = true }
                    }
                }
                k += 1
            }
            // No rule decided: the tier's default action, attributed to its first policy for this endpoint.
            let endAction: HitAction = step.defaultPass ? .pass : .deny
            if !decidedE { enforced.record(entry: firstE, rule: -1, action: endAction) }
            if !decidedP { pending.record(entry: firstP, rule: -1, action: endAction) }
        }
    }

    /// The policy's first matching rule that is not `Log`, with its action.
    @inline(__always)
    private static func firstMatch(
        _ entry: PolicyPlan.Entry, _ tables: RuleTables, _ c: Connection,
        _ m: MatchContext
    ) -> (Int, HitAction)? {
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

    /// No tier decided: the endpoint's profiles (`kns.<ns>` allows, rule 0), else deny.
    static func profiles(_ profiles: [String], hits: inout [PolicyHit]) -> FlowAction {
        for profile in profiles where Profiles.allows(profile) {
            hits.append(
                PolicyHit(
                    index: hits.count, tier: PolicyHit.profileTier, kind: .profile, namespace: nil,
                    name: profile, action: .allow, ruleIndex: 0))
            return .allow
        }
        hits.append(
            PolicyHit(
                index: hits.count, tier: PolicyHit.profileTier, kind: nil, namespace: nil,
                name: PolicyHit.profileTier, action: .deny, ruleIndex: -1))
        return .deny
    }
}

/// Receives one trace's decisions during the walk.
protocol WalkRecorder {
    var active: Bool { get }
    /// Set once the trace is decided (allow or deny).
    var action: FlowAction? { get }
    mutating func record(entry: Int, rule: Int, action: HitAction)
}

extension HitAction {
    var decided: FlowAction? {
        switch self {
        case .allow: return .allow
        case .pass: return nil
        default: return .deny
        }
    }
}

/// Builds the hits of a trace.
struct HitRecorder: WalkRecorder {
    var hits: [PolicyHit] = []
    var action: FlowAction? = nil
    let active: Bool
    let plan: PolicyPlan
    let set: CompiledPolicySet

    init(active: Bool, plan: PolicyPlan, set: CompiledPolicySet) {
        self.active = active; self.plan = plan; self.set = set
        if active { hits.reserveCapacity(4) }
    }

    mutating func record(entry: Int, rule: Int, action: HitAction) {
        var h = set.policies[Int(plan.entries[entry].policy)].hitTemplate
        h.index = hits.count
        h.ruleIndex = rule
        h.action = action
        hits.append(h)
        self.action = action.decided
    }
}

/// Records a trace's decisions as up to four 32-bit words (entry, rule, action), the memo key of its path.
struct PathRecorder: WalkRecorder {
    var key = PathKey()
    var action: FlowAction? = nil
    var overflow = false
    let active: Bool

    init(active: Bool) { self.active = active }

    mutating func record(entry: Int, rule: Int, action: HitAction) {
        self.action = action.decided
        let code: UInt64 = action == .allow ? 0 : (action == .deny ? 1 : 2)
        guard key.count < 4, entry < 0xFFFF, rule + 1 < 0x3FFF else { overflow = true; return }
        let word = UInt64(entry + 1) << 16 | UInt64(rule + 1) << 2 | code
        if key.count < 2 {
            key.low |= word << (32 * UInt64(key.count))
        } else {
            key.high |= word << (32 * UInt64(key.count - 2))
        }
        key.count += 1
    }
}

/// A trace's decision path.
struct PathKey: Hashable, Sendable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var count: UInt8 = 0
}

/// A memoised verdict: whose plan, which direction, how profiles resolve, and both traces' paths.
struct MemoKey: Hashable, Sendable {
    var identity: ObjectIdentifier
    var egress: Bool
    /// 0: no profiles (deny); 1: the namespace profile first (allow).
    var profileMode: UInt8
    var enforced: PathKey
    var pending: PathKey
}

/// The Calico profiles recsim knows.
enum Profiles {
    /// `kns.<ns>` (namespace profile: ingress and egress `[Allow]`) and Calico's `projectcalico-default-allow`
    /// allow; other profiles (`ksa.*` carry labels only) have no rules.
    static func allows(_ profile: String) -> Bool {
        profile.hasPrefix("kns.") || profile == "projectcalico-default-allow"
    }
}

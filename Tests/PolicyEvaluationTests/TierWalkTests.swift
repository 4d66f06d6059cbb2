import CalicoModel
import Testing

@testable import PolicyEvaluation

@Suite struct TierWalkTests {
    let a = Fx.pod("a-1", "ns1", ["app": "a"])
    let b = Fx.pod("b-1", "ns1", ["app": "b"])

    @Test func noPolicyFallsToNamespaceProfile() throws {
        let v = try Fx.evaluator([]).evaluate(Fx.tcp(a, b), reporter: .dst)
        #expect(v.enforced.action == .allow)
        #expect(v.enforced.hitStrings() == ["0|__PROFILE__|pro:kns.ns1|allow|0"])
        #expect(v.enforced.hitStrings(legacy: true) == ["0|__PROFILE__|__PROFILE__.kns.ns1|allow|0"])
        #expect(v.enforced.endsInProfileAllow)
        #expect(v.pending == v.enforced)
    }

    @Test func endpointWithoutProfilesIsDenied() throws {
        let hep = FlowEndpoint(kind: .hostEndpoint, name: "eth0", labels: ["host": "h"], profiles: [])
        let v = try Fx.evaluator([]).evaluate(Fx.tcp(a, hep), reporter: .dst)
        #expect(v.enforced.action == .deny)
        #expect(v.enforced.hitStrings() == ["0|__PROFILE__|__PROFILE__|deny|-1"])
    }

    @Test func tiersInOrderAndPassJumpsToNextTier() throws {
        let tiers = [
            Tier(name: "security", order: 100), Tier(name: "platform", order: 200), Tier(name: "zz", order: nil),
        ]
        let e = try Fx.evaluator(
            tiers: tiers,
            [
                Fx.policy("platform.allow", tier: "platform", ingress: [Fx.allow]),
                Fx.policy("security.pass", tier: "security", ingress: [Rule(action: .log), Fx.pass]),
                Fx.policy("zz.deny", tier: "zz", ingress: [Fx.deny]),
            ])
        let v = e.evaluate(Fx.tcp(a, b), reporter: .dst)
        #expect(v.enforced.action == .allow)
        // Log (rule 0) is not recorded; Pass is rule 1.
        #expect(
            v.enforced.hitStrings() == ["0|security|gnp:security.pass|pass|1", "1|platform|gnp:platform.allow|allow|0"])
        #expect(e.policySet.tierOrder == ["security", "platform", "default", "zz"])
    }

    @Test func endOfTierDenyNamesFirstPolicyWithMinusOne() throws {
        let tiers = [Tier(name: "t", order: 10)]
        let e = try Fx.evaluator(
            tiers: tiers,
            [
                Fx.policy(
                    "t.second", tier: "t", order: 20, ingress: [Fx.allowFrom(EntityRule(nets: ["192.0.2.0/24"]))]),
                Fx.policy(
                    "t.first", tier: "t", order: 10, ingress: [Fx.allowFrom(EntityRule(nets: ["198.51.100.0/24"]))]),
                Fx.policy("t.egress-only", tier: "t", order: 1, types: [.egress], egress: [Fx.allow]),
            ])
        let v = e.evaluate(Fx.tcp(a, b), reporter: .dst)
        #expect(v.enforced.action == .deny)
        #expect(v.enforced.hitStrings() == ["0|t|gnp:t.first|deny|-1"])
    }

    @Test func endOfTierPassContinues() throws {
        let tiers = [Tier(name: "t", order: 10, defaultAction: .pass)]
        let e = try Fx.evaluator(
            tiers: tiers, [Fx.policy("t.p", tier: "t", ingress: [Fx.allowFrom(EntityRule(nets: ["192.0.2.0/24"]))])])
        let v = e.evaluate(Fx.tcp(a, b), reporter: .dst)
        #expect(v.enforced.hitStrings() == ["0|t|gnp:t.p|pass|-1", "1|__PROFILE__|pro:kns.ns1|allow|0"])
    }

    @Test func policyOrderTiesBreakByName() throws {
        let e = try Fx.evaluator([
            Fx.policy("b", order: 5, ingress: [Fx.deny]),
            Fx.policy("a", order: 5, ingress: [Fx.allow]),
            Fx.policy("0-unordered", ingress: [Fx.deny]),
        ])
        #expect(e.evaluate(Fx.tcp(a, b), reporter: .dst).enforced.hitStrings() == ["0|default|gnp:a|allow|0"])
    }

    @Test func namespacedPolicySelectsOnlyItsNamespace() throws {
        let other = Fx.pod("c-1", "ns2", ["app": "b"])
        let e = try Fx.evaluator([Fx.np("deny-b", "ns1", selector: "app == 'b'", ingress: [Fx.deny])])
        #expect(e.evaluate(Fx.tcp(a, b), reporter: .dst).enforced.hitStrings() == ["0|default|np:ns1/deny-b|deny|0"])
        #expect(e.evaluate(Fx.tcp(a, other), reporter: .dst).enforced.action == .allow)
    }

    @Test func reporterPicksDirection() throws {
        let e = try Fx.evaluator([Fx.policy("egress-deny", selector: "app == 'a'", types: [.egress], egress: [Fx.deny])]
        )
        #expect(e.evaluate(Fx.tcp(a, b), reporter: .src).enforced.action == .deny)
        #expect(e.evaluate(Fx.tcp(a, b), reporter: .dst).enforced.action == .allow)
        #expect(!e.isAllowed(Fx.tcp(a, b)))
    }

    @Test func globalPolicyNamespaceSelector() throws {
        let ns = [Namespace(name: "ns1", labels: ["env": "prod"]), Namespace(name: "ns2", labels: ["env": "dev"])]
        let e = try Fx.evaluator(
            [Fx.policy("prod-deny", namespaceSelector: "env == 'prod'", ingress: [Fx.deny])], namespaces: ns)
        #expect(e.evaluate(Fx.tcp(a, b), reporter: .dst).enforced.action == .deny)
        #expect(e.evaluate(Fx.tcp(a, Fx.pod("x", "ns2")), reporter: .dst).enforced.action == .allow)
    }

    @Test func stagedPoliciesOnlyInPendingTrace() throws {
        let tiers = [Tier(name: "namespace-isolation", order: 10000)]
        let e = try Fx.evaluator(
            tiers: tiers,
            [
                Fx.np(
                    "namespace-isolation.ns1-abcde", "ns1", tier: "namespace-isolation",
                    selector: "projectcalico.org/namespace == 'ns1'",
                    ingress: [Fx.allowFrom(EntityRule(selector: "app == 'x'"))], staged: .learn)
            ])
        let v = e.evaluate(Fx.tcp(a, b), reporter: .dst)
        // Enforced: the tier holds only a staged policy, so it is skipped (no end-of-tier deny).
        #expect(v.enforced.hitStrings() == ["0|__PROFILE__|pro:kns.ns1|allow|0"])
        #expect(v.pending.action == .deny)
        #expect(v.pending.hitStrings() == ["0|namespace-isolation|snp:ns1/namespace-isolation.ns1-abcde|deny|-1"])
        #expect(
            v.pending.hitStrings(legacy: true) == [
                "0|namespace-isolation|ns1/namespace-isolation.staged:ns1-abcde|deny|-1"
            ])
        let allowed = e.evaluate(Fx.tcp(Fx.pod("x-1", "ns1", ["app": "x"]), b), reporter: .dst)
        #expect(allowed.pending.hitStrings() == ["0|namespace-isolation|snp:ns1/namespace-isolation.ns1-abcde|allow|0"])
    }

    @Test func stagedPolicyAmongEnforcedOnes() throws {
        let e = try Fx.evaluator([
            Fx.policy("staged-deny", order: 1, ingress: [Fx.deny]).with(
                kind: .stagedGlobalNetworkPolicy, stagedAction: .set),
            Fx.policy("allow", order: 2, ingress: [Fx.allow]),
        ])
        let v = e.evaluate(Fx.tcp(a, b), reporter: .dst)
        #expect(v.enforced.hitStrings() == ["0|default|gnp:allow|allow|0"])
        #expect(v.pending.hitStrings() == ["0|default|sgnp:staged-deny|deny|0"])
        #expect(v.pending.hitStrings(legacy: true) == ["0|default|default.staged:staged-deny|deny|0"])
    }

    @Test func stagedDeleteIsDropped() throws {
        let e = try Fx.evaluator([Fx.np("gone", "ns1", ingress: [Fx.deny], staged: .delete)])
        let v = e.evaluate(Fx.tcp(a, b), reporter: .dst)
        #expect(v.enforced.action == .allow)
        #expect(v.pending == v.enforced)
    }

    @Test func unknownTierIsAnError() {
        #expect(throws: PolicySetError.self) { try Fx.evaluator([Fx.policy("p", tier: "nope", ingress: [Fx.allow])]) }
    }

    @Test func badSelectorIsAnErrorNamingTheField() {
        do {
            _ = try Fx.evaluator([Fx.np("p", "ns1", ingress: [Fx.allowFrom(EntityRule(selector: "app == "))])])
            Issue.record("expected an error")
        } catch {
            #expect(error.policy == "NetworkPolicy ns1/p")
            #expect(error.field == "spec.ingress[0].source.selector")
        }
    }
}

extension CalicoPolicy {
    func with(kind: PolicyKind, stagedAction: StagedAction?) -> CalicoPolicy {
        var s = spec
        s.stagedAction = stagedAction
        return CalicoPolicy(kind: kind, metadata: metadata, spec: s)
    }
}

/// Calico's update processors rewrite namespace selectors textually; these pin that behaviour.
@Suite struct NamespaceSelectorRewriteTests {
    let hep = FlowEndpoint(kind: .hostEndpoint, name: "eth0", labels: ["role": "gw"], profiles: [])
    let pod = Fx.pod("a-1", "ns1", ["role": "gw"])

    func selected(_ p: CalicoPolicy, _ e: FlowEndpoint) throws -> Bool {
        try Fx.evaluator([p], namespaces: [Namespace(name: "ns1", labels: ["team": "x"])])
            .evaluate(Fx.tcp(pod, e), reporter: .dst).enforced.hits.first?.kind == .globalNetworkPolicy
    }

    @Test func policyNamespaceSelector() throws {
        // all() = any namespaced endpoint.
        #expect(try selected(Fx.policy("p", namespaceSelector: "all()", ingress: [Fx.deny]), pod))
        #expect(try !selected(Fx.policy("p", namespaceSelector: "all()", ingress: [Fx.deny]), hep))
        // A negation also matches non-namespaced endpoints (no pcns. labels)…
        #expect(try selected(Fx.policy("p", namespaceSelector: "!has(team)", ingress: [Fx.deny]), hep))
        #expect(try !selected(Fx.policy("p", namespaceSelector: "!has(team)", ingress: [Fx.deny]), pod))
        // …unless the policy's own selector says all(), which the same textual rewrite turns into has(namespace).
        #expect(
            try !selected(Fx.policy("p", selector: "all()", namespaceSelector: "!has(team)", ingress: [Fx.deny]), hep))
        // A GlobalNetworkPolicy's namespaceSelector keeps global() as a plain selector: everything.
        #expect(try selected(Fx.policy("p", namespaceSelector: "global()", ingress: [Fx.deny]), pod))
        // Empty strings are "not set".
        #expect(try selected(Fx.policy("p", namespaceSelector: "", ingress: [Fx.deny]), hep))
    }

    @Test func emptyRuleSelectorsAreUnset() throws {
        let pub = FlowEndpoint.network(ip: IPAddress("8.8.8.8")!)
        let e = try Fx.evaluator([
            Fx.np("p", "ns1", egress: [Fx.allowTo(EntityRule(selector: "", notSelector: "", namespaceSelector: ""))])
        ])
        #expect(e.evaluate(Fx.tcp(pod, pub), reporter: .src).enforced.hitStrings() == ["0|default|np:ns1/p|allow|0"])
    }
}

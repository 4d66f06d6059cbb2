import CalicoModel
import Testing

@testable import PolicyEvaluation

@Suite struct MemoAndBenchTests {
    @Test func memoisedVerdictsStayPerProfileAndPath() throws {
        let e = try Fx.evaluator([
            Fx.np("deny-b", "ns1", selector: "app == 'b'", ingress: [Rule(action: .deny, protocol: .udp)])
        ])
        let a = Fx.pod("a-1", "ns1", ["app": "a"])
        let b = Fx.pod("b-1", "ns1", ["app": "b"])
        let tcp = Fx.tcp(a, b)
        let udp = Connection(source: a, destination: b, protocol: .udp, destinationPort: 53)
        for _ in 0..<3 {
            #expect(e.evaluate(tcp, reporter: .dst).enforced.hitStrings() == ["0|default|np:ns1/deny-b|deny|-1"])
            #expect(e.evaluate(udp, reporter: .dst).enforced.hitStrings() == ["0|default|np:ns1/deny-b|deny|0"])
            #expect(e.evaluate(tcp, reporter: .src).enforced.hitStrings() == ["0|__PROFILE__|pro:kns.ns1|allow|0"])
        }
        // Same identity (namespace, labels, service account) but no profiles: not the memoised profile allow.
        var bare = a
        bare.profiles = []
        #expect(
            e.evaluate(Fx.tcp(bare, b), reporter: .src).enforced.hitStrings() == ["0|__PROFILE__|__PROFILE__|deny|-1"])
        var custom = a
        custom.profiles = ["projectcalico-default-allow"]
        #expect(
            e.evaluate(Fx.tcp(custom, b), reporter: .src).enforced.hitStrings() == [
                "0|__PROFILE__|pro:projectcalico-default-allow|allow|0"
            ])
        #expect(e.evaluate(tcp, reporter: .src).enforced.hitStrings() == ["0|__PROFILE__|pro:kns.ns1|allow|0"])
    }

    @Test func relabelledEndpointGetsANewIdentity() throws {
        let e = try Fx.evaluator([Fx.np("deny-b", "ns1", selector: "app == 'b'", ingress: [Fx.deny])])
        let a = Fx.pod("a-1", "ns1", ["app": "a"])
        var pod = Fx.pod("x-1", "ns1", ["app": "a"])
        #expect(e.evaluate(Fx.tcp(a, pod), reporter: .dst).enforced.action == .allow)
        pod.labels["app"] = "b"
        #expect(e.evaluate(Fx.tcp(a, pod), reporter: .dst).enforced.action == .deny)
    }

    @Test func syntheticClusterIsDeterministic() throws {
        let one = SyntheticCluster(namespaceCount: 20, policyCount: 60)
        let two = SyntheticCluster(namespaceCount: 20, policyCount: 60)
        #expect(one.policies == two.policies)
        #expect(one.connections(500) == two.connections(500))
        #expect(one.policies.count == 60)
        let set = try one.policySet()
        #expect(set.tierOrder == ["security", "platform", "namespace-isolation", "default"])
        let e = Evaluator(set)
        let verdicts = one.connections(500).map { e.evaluate($0, reporter: .dst) }
        #expect(verdicts.contains { $0.enforced.action == .allow } && verdicts.contains { $0.enforced.action == .deny })
        #expect(verdicts.contains { $0.pending != $0.enforced })
    }
}

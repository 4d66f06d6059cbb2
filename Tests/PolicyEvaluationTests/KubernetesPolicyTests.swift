import CalicoModel
import Testing

@testable import PolicyEvaluation

@Suite struct KubernetesPolicyTests {
    func knp(_ yaml: String) throws -> KubernetesNetworkPolicy {
        let r = try ResourceYAML.decode(yaml, file: "test.yaml")
        guard case .kubernetesPolicy(let p) = r[0].resource else {
            throw PolicySetError(policy: "", field: "", message: "not a k8s policy")
        }
        return p
    }

    let web = Fx.pod("web-1", "shop", ["app": "web"])
    let db = Fx.pod("db-1", "shop", ["app": "db"], ports: [ContainerPort(name: "pg", containerPort: 5432)])

    @Test func convertedPoliciesSitInDefaultTierAtOrder1000() throws {
        let p = try knp(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-in, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress:
              - from: [{podSelector: {matchLabels: {app: web}}}]
                ports: [{port: pg}, {port: 9000, endPort: 9010, protocol: TCP}, {port: 53, protocol: UDP}]
            """)
        let spec = try KubernetesPolicyConversion.calicoSpec(of: p)
        #expect(spec.order == 1000)
        #expect(spec.types == [.ingress])
        #expect(spec.selector == "app == 'db' && projectcalico.org/orchestrator == 'k8s'")
        // One rule per protocol, sorted: TCP then UDP.
        #expect(spec.ingress?.map { $0.protocol } == [.tcp, .udp])
        #expect(
            spec.ingress?[0].destination?.ports == [
                CalicoModel.Port(min: 9000, max: 9010), CalicoModel.Port(named: "pg"),
            ])

        let gnp = Fx.policy("first", order: 10, ingress: [Rule(action: .pass)])
        let e = try Fx.evaluator([gnp], k8s: [p])
        #expect(
            e.evaluate(Fx.tcp(web, db, 5432), reporter: .dst).enforced.hitStrings()
                == ["0|default|gnp:first|pass|0", "1|__PROFILE__|pro:kns.shop|allow|0"])
        let noPass = try Fx.evaluator([], k8s: [p])
        #expect(
            noPass.evaluate(Fx.tcp(web, db, 5432), reporter: .dst).enforced.hitStrings() == [
                "0|default|knp:shop/db-in|allow|0"
            ])
        #expect(
            noPass.evaluate(Fx.tcp(web, db, 5432), reporter: .dst).enforced.hitStrings(legacy: true)
                == ["0|default|shop/knp.default.db-in|allow|0"])
        #expect(noPass.evaluate(Fx.tcp(web, db, 9005), reporter: .dst).enforced.action == .allow)
        #expect(
            noPass.evaluate(Fx.tcp(web, db, 9011), reporter: .dst).enforced.hitStrings() == [
                "0|default|knp:shop/db-in|deny|-1"
            ])
        // podSelector-only peers are same-namespace.
        let stranger = Fx.pod("web-1", "elsewhere", ["app": "web"])
        #expect(noPass.evaluate(Fx.tcp(stranger, db, 5432), reporter: .dst).enforced.action == .deny)
    }

    @Test func stagedKubernetesPolicyIsPendingOnly() throws {
        let p = try knp(
            """
            apiVersion: projectcalico.org/v3
            kind: StagedKubernetesNetworkPolicy
            metadata: {name: lock, namespace: shop}
            spec:
              stagedAction: Set
              podSelector: {}
              policyTypes: [Egress]
            """)
        let v = try Fx.evaluator([], k8s: [p]).evaluate(Fx.tcp(web, db), reporter: .src)
        #expect(v.enforced.action == .allow)
        #expect(v.pending.hitStrings() == ["0|default|sknp:shop/lock|deny|-1"])
        #expect(v.pending.hitStrings(legacy: true) == ["0|default|shop/staged:knp.default.lock|deny|-1"])
    }

    @Test func ipBlockAndNamespaceSelector() throws {
        let p = try knp(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-out, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Egress]
              egress:
              - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
              - to: [{namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [data]}]}}]
            """)
        let e = try Fx.evaluator([], k8s: [p], namespaces: [Namespace(name: "warehouse", labels: ["team": "data"])])
        #expect(
            e.evaluate(Fx.tcp(web, .network(ip: IPAddress("1.2.3.4")!), 443), reporter: .src).enforced.action == .allow)
        #expect(
            e.evaluate(Fx.tcp(web, .network(ip: IPAddress("10.2.3.4")!), 443), reporter: .src).enforced.action == .deny)
        #expect(
            e.evaluate(Fx.tcp(web, Fx.pod("w", "warehouse"), 1), reporter: .src).enforced.hitStrings() == [
                "0|default|knp:shop/web-out|allow|1"
            ])
        #expect(e.evaluate(Fx.tcp(web, db), reporter: .src).enforced.action == .deny)
    }
}

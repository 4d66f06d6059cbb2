import CalicoModel
import Testing

@testable import PolicyEvaluation

@Suite struct RuleMatchTests {
    let client = Fx.pod("client-1", "app", ["role": "client"], ip: "10.1.0.5", sa: "web")
    let server = Fx.pod(
        "server-1", "app", ["role": "server"], ip: "10.1.0.9",
        ports: [
            ContainerPort(name: "http", containerPort: 8080),
            ContainerPort(name: "dns", containerPort: 53, protocol: "UDP"),
        ])
    let namespaces = [Namespace(name: "app", labels: ["team": "a"]), Namespace(name: "other", labels: ["team": "b"])]

    /// Allowed by the single egress rule at the source (first hit is the rule, not the profile)?
    func egressAllows(_ rule: Rule, _ c: Connection, ns: String = "app", global: Bool = false) throws -> Bool {
        let p =
            global
            ? Fx.policy("p", types: [.egress], egress: [rule])
            : Fx.policy("p", kind: .networkPolicy, namespace: ns, types: [.egress], egress: [rule])
        return try Fx.evaluator([p], namespaces: namespaces).evaluate(c, reporter: .src).enforced.hits.first?.action
            == .allow
    }

    func ingressAllows(_ rule: Rule, _ c: Connection, ns: String = "app") throws -> Bool {
        let p = Fx.policy("p", kind: .networkPolicy, namespace: ns, types: [.ingress], ingress: [rule])
        return try Fx.evaluator([p], namespaces: namespaces).evaluate(c, reporter: .dst).enforced.hits.first?.action
            == .allow
    }

    @Test func domainPatterns() {
        let p = DomainPattern("*.google.com")!
        #expect(p.matches("www.google.com"))
        #expect(p.matches("www.ipv6.google.com"))
        #expect(p.matches("WWW.Google.COM."))
        #expect(!p.matches("google.com"))
        #expect(!p.matches("wwwgoogle.com"))
        #expect(DomainPattern("api.example.com")!.matches("API.example.com"))
        #expect(!DomainPattern("api.example.com")!.matches("x.api.example.com"))
        let mid = DomainPattern("update.*.example.com")!
        #expect(mid.matches("update.eu.example.com"))
        #expect(mid.matches("update.a.b.example.com"))
        #expect(!mid.matches("update.example.com"))
        #expect(DomainPattern("*.*.com") == nil)
    }

    @Test func domainsMatchEgressDestinationDomains() throws {
        let ext = FlowEndpoint.network(ip: IPAddress("142.250.1.1")!)
        let rule = Fx.allowTo(EntityRule(domains: ["*.google.com"]), proto: nil)
        #expect(try egressAllows(rule, Fx.tcp(client, ext, 443, domains: ["www.google.com"])))
        #expect(try !egressAllows(rule, Fx.tcp(client, ext, 443, domains: ["google.com"])))
        #expect(try !egressAllows(rule, Fx.tcp(client, ext, 443)))
    }

    @Test func servicesMatchTheConnectionsService() throws {
        let svc = ServiceReference(name: "api", namespace: "app", portName: "http", port: 80)
        let rule = Fx.allowTo(EntityRule(services: ServiceMatch(name: "api")), proto: nil)
        #expect(try egressAllows(rule, Fx.tcp(client, server, 8080, service: svc)))
        #expect(try !egressAllows(rule, Fx.tcp(client, server, 8080)))
        let otherNS = Fx.allowTo(EntityRule(services: ServiceMatch(name: "api", namespace: "other")), proto: nil)
        #expect(try !egressAllows(otherNS, Fx.tcp(client, server, 8080, service: svc)))
    }

    @Test func servicesMatchBackingPodsWhenTheServiceIsKnown() throws {
        let decoded = try ResourceYAML.decode(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: app}
            spec:
              selector: {role: server}
              ports: [{name: http, port: 80, targetPort: http}]
            """, file: "svc.yaml")
        guard case .service(let service) = decoded[0].resource else { Issue.record("not a service"); return }
        let e = try Fx.evaluator(
            [
                Fx.policy(
                    "in", kind: .networkPolicy, namespace: "app", selector: "role == 'client'", types: [.ingress],
                    ingress: [Fx.allowFrom(EntityRule(services: ServiceMatch(name: "api")))]),
                Fx.policy(
                    "out", kind: .networkPolicy, namespace: "app", selector: "role == 'client'", types: [.egress],
                    egress: [Fx.allowTo(EntityRule(services: ServiceMatch(name: "api")), proto: nil)]),
            ], namespaces: namespaces, services: [service])
        // Ingress from a backend of the Service.
        #expect(
            e.evaluate(Fx.tcp(server, client, 5000), reporter: .dst).enforced.hitStrings() == [
                "0|default|np:app/in|allow|0"
            ])
        // Egress straight to a backend on the target port (named port http = 8080), not on other ports.
        #expect(e.evaluate(Fx.tcp(client, server, 8080), reporter: .src).enforced.action == .allow)
        #expect(e.evaluate(Fx.tcp(client, server, 9999), reporter: .src).enforced.action == .deny)
    }

    @Test func namedPortsResolveAgainstTheDestination() throws {
        let rule = Fx.allowTo(EntityRule(ports: [CalicoModel.Port(named: "http")]))
        #expect(try egressAllows(rule, Fx.tcp(client, server, 8080)))
        #expect(try !egressAllows(rule, Fx.tcp(client, server, 8081)))
        // The port's protocol must match too: dns is UDP 53.
        let dns = Fx.allowTo(EntityRule(ports: [CalicoModel.Port(named: "dns")]), proto: nil)
        #expect(try !egressAllows(dns, Fx.tcp(client, server, 53)))
        let udp = Connection(source: client, destination: server, protocol: .udp, destinationPort: 53)
        #expect(try egressAllows(dns, udp))
        // Ranges are inclusive; notPorts excludes.
        #expect(
            try egressAllows(
                Fx.allowTo(EntityRule(ports: [CalicoModel.Port(min: 8000, max: 8080)])), Fx.tcp(client, server, 8080)))
        #expect(
            try !egressAllows(Fx.allowTo(EntityRule(notPorts: [CalicoModel.Port(8080)])), Fx.tcp(client, server, 8080)))
    }

    @Test func namespaceSelectorSeesNamespaceLabelsAndName() throws {
        let peer = Fx.pod("x", "other", ["role": "client"])
        #expect(try ingressAllows(Fx.allowFrom(EntityRule(namespaceSelector: "team == 'b'")), Fx.tcp(peer, server)))
        #expect(
            try ingressAllows(
                Fx.allowFrom(EntityRule(namespaceSelector: "projectcalico.org/name == 'other'")), Fx.tcp(peer, server)))
        #expect(
            try ingressAllows(
                Fx.allowFrom(EntityRule(namespaceSelector: "kubernetes.io/metadata.name == 'other'")),
                Fx.tcp(peer, server)))
        #expect(try !ingressAllows(Fx.allowFrom(EntityRule(namespaceSelector: "team == 'a'")), Fx.tcp(peer, server)))
        // Pods carry their namespace's labels under pcns.
        #expect(try ingressAllows(Fx.allowFrom(EntityRule(selector: "pcns.team == 'a'")), Fx.tcp(client, server)))
    }

    @Test func globalNamespaceSelectorMatchesOnlyNonNamespacedEntities() throws {
        let global = FlowEndpoint.networkSet(
            NetworkSet(
                metadata: ObjectMeta(name: "corp", labels: ["zone": "corp"]),
                spec: .init(nets: ["203.0.113.0/24"]), isGlobal: true),
            ip: IPAddress("203.0.113.7"))
        let local = FlowEndpoint.networkSet(
            NetworkSet(
                metadata: ObjectMeta(name: "corp", namespace: "app", labels: ["zone": "corp"]),
                spec: .init(nets: ["203.0.113.0/24"]), isGlobal: false),
            ip: IPAddress("203.0.113.7"))
        let rule = Fx.allowTo(EntityRule(selector: "zone == 'corp'", namespaceSelector: "global()"))
        #expect(try egressAllows(rule, Fx.tcp(client, global, 443)))
        #expect(try !egressAllows(rule, Fx.tcp(client, local, 443)))
        // Without a namespaceSelector a namespaced policy only sees its own namespace.
        let plain = Fx.allowTo(EntityRule(selector: "zone == 'corp'"))
        #expect(try !egressAllows(plain, Fx.tcp(client, global, 443)))
        #expect(try egressAllows(plain, Fx.tcp(client, local, 443)))
        // The recommendation engine's NetworkSet rule shape.
        let rec = Fx.allowTo(
            EntityRule(
                selector: "projectcalico.org/name == 'corp' && projectcalico.org/kind == 'NetworkSet'",
                namespaceSelector: "global()"))
        #expect(try egressAllows(rec, Fx.tcp(client, global, 443)))
        // all() means any namespaced endpoint.
        let all = Fx.allowTo(EntityRule(namespaceSelector: "all()"))
        #expect(try !egressAllows(all, Fx.tcp(client, global, 443)))
        #expect(try egressAllows(all, Fx.tcp(client, local, 443)))
    }

    @Test func implicitWorkloadLabels() throws {
        #expect(
            try ingressAllows(
                Fx.allowFrom(
                    EntityRule(
                        selector:
                            "projectcalico.org/namespace == 'app' && projectcalico.org/orchestrator == 'k8s' && projectcalico.org/serviceaccount == 'web'"
                    )),
                Fx.tcp(client, server)))
        #expect(
            try ingressAllows(
                Fx.allowFrom(EntityRule(serviceAccounts: ServiceAccountMatch(names: ["web"]))), Fx.tcp(client, server)))
        #expect(
            try !ingressAllows(
                Fx.allowFrom(EntityRule(serviceAccounts: ServiceAccountMatch(names: ["db"]))), Fx.tcp(client, server)))
        #expect(
            try ingressAllows(
                Fx.allowFrom(
                    EntityRule(serviceAccounts: ServiceAccountMatch(selector: "projectcalico.org/name == 'web'"))),
                Fx.tcp(client, server)))
    }

    @Test func networksHaveNoLabels() throws {
        let pub = FlowEndpoint.network(ip: IPAddress("8.8.8.8")!)
        #expect(try !egressAllows(Fx.allowTo(EntityRule(selector: "all()")), Fx.tcp(client, pub, 53), global: true))
        #expect(
            try !egressAllows(
                Fx.allowTo(EntityRule(namespaceSelector: "global()")), Fx.tcp(client, pub, 53), global: true))
        // notSelector alone (global policy) does not exclude an unlabelled address…
        #expect(try egressAllows(Fx.allowTo(EntityRule(notSelector: "has(x)")), Fx.tcp(client, pub, 53), global: true))
        // …but in a namespaced policy it implies "in this namespace".
        #expect(try !egressAllows(Fx.allowTo(EntityRule(notSelector: "has(x)")), Fx.tcp(client, pub, 53)))
        #expect(try egressAllows(Fx.allowTo(EntityRule(nets: ["8.8.8.0/24"])), Fx.tcp(client, pub, 53)))
        #expect(try !egressAllows(Fx.allowTo(EntityRule(notNets: ["8.0.0.0/8"])), Fx.tcp(client, pub, 53)))
    }

    @Test func aggregatedNetworksWithoutAddress() throws {
        let pvt = FlowEndpoint(kind: .network, name: "pvt", profiles: [])
        let pub = FlowEndpoint(kind: .network, name: "pub", profiles: [])
        let privateRule = Fx.allowTo(EntityRule(nets: CIDR.privateRanges))
        #expect(try egressAllows(privateRule, Fx.tcp(client, pvt, 443)))
        #expect(try !egressAllows(privateRule, Fx.tcp(client, pub, 443)))
        #expect(try !egressAllows(Fx.allowTo(EntityRule(nets: ["10.0.0.0/8"])), Fx.tcp(client, pvt, 443)))
        #expect(try egressAllows(Fx.allowTo(EntityRule(nets: ["0.0.0.0/0"])), Fx.tcp(client, pub, 443)))
        #expect(try !egressAllows(Fx.allowTo(EntityRule(notNets: CIDR.privateRanges)), Fx.tcp(client, pvt, 443)))
        #expect(try egressAllows(Fx.allowTo(EntityRule(notNets: CIDR.privateRanges)), Fx.tcp(client, pub, 443)))
    }

    @Test func protocolICMPAndIPVersion() throws {
        let ping = Connection(
            source: client, destination: server, protocol: .icmp, destinationPort: nil, icmpType: 8, icmpCode: 0)
        #expect(try egressAllows(Rule(action: .allow, protocol: .icmp, icmp: ICMPFields(type: 8)), ping))
        #expect(try !egressAllows(Rule(action: .allow, protocol: .icmp, icmp: ICMPFields(type: 0)), ping))
        #expect(try !egressAllows(Rule(action: .allow, protocol: .icmp, notICMP: ICMPFields(type: 8, code: 0)), ping))
        #expect(try egressAllows(Rule(action: .allow, notProtocol: .tcp), ping))
        #expect(try !egressAllows(Rule(action: .allow, notProtocol: .icmp), ping))
        #expect(try egressAllows(Rule(action: .allow, ipVersion: 4), ping))
        #expect(try !egressAllows(Rule(action: .allow, ipVersion: 6), ping))
        #expect(try egressAllows(Rule(action: .allow, protocol: .number(6)), Fx.tcp(client, server)))
    }
}

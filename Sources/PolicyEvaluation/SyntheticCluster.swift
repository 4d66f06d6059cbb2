import CalicoModel

/// A deterministic synthetic cluster for benchmarking the evaluator: namespaces with a handful of apps,
/// policies spread over three tiers plus `default`, staged recommendations, and a fixed list of connections.
///
/// Layout (defaults): 100 namespaces × 5 apps × 2 pods; 300 policies = 10 in `security` (order 100),
/// 20 in `platform` (order 200), one `StagedNetworkPolicy` per namespace in `namespace-isolation`
/// (order 10000, Learn) and the rest as namespaced `NetworkPolicy`s in `default`.
public struct SyntheticCluster: Sendable {
    public var namespaces: [Namespace] = []
    public var tiers: [Tier] = []
    public var policies: [CalicoPolicy] = []
    public var pods: [FlowEndpoint] = []
    public var externals: [FlowEndpoint] = []

    public static let apps = ["frontend", "backend", "db", "cache", "worker"]

    public init(namespaceCount: Int = 100, policyCount: Int = 300, podsPerApp: Int = 2) {
        precondition(
            namespaceCount > 0 && policyCount >= 30 + namespaceCount, "need room for the fixed tiers' policies")
        tiers = [
            Tier(name: "security", order: 100), Tier(name: "platform", order: 200),
            Tier(name: "namespace-isolation", order: 10000),
        ]
        for n in 0..<namespaceCount {
            let ns = SyntheticCluster.namespaceName(n)
            namespaces.append(
                Namespace(name: ns, labels: ["team": "team-\(n % 10)", "env": n % 3 == 0 ? "prod" : "dev"]))
            for (a, app) in SyntheticCluster.apps.enumerated() {
                for p in 0..<podsPerApp {
                    let ip = IPAddress.v4(0x0A00_0000 | UInt32(n) << 12 | UInt32(a) << 4 | UInt32(p))
                    pods.append(
                        .workload(
                            name: "\(app)-\(n)-\(p)", namespace: ns,
                            labels: ["app": app, "tier": a < 2 ? "web" : "data"],
                            ip: ip, serviceAccount: app,
                            namedPorts: [ContainerPort(name: "http", containerPort: 8080)],
                            aggregatedName: "\(app)-\(n)-*"))
                }
            }
        }
        externals = ["8.8.8.8", "203.0.113.10", "192.168.1.20", "172.16.5.5"].map { .network(ip: IPAddress($0)!) }
        policies += SyntheticCluster.securityPolicies() + SyntheticCluster.platformPolicies()
        for n in 0..<namespaceCount { policies.append(SyntheticCluster.recommendation(n)) }
        var i = 0
        while policies.count < policyCount {
            policies.append(SyntheticCluster.appPolicy(i, namespaceCount: namespaceCount))
            i += 1
        }
    }

    public static func namespaceName(_ n: Int) -> String { "ns-\(String(1000 + n).dropFirst())" }

    public func policySet() throws(PolicySetError) -> PolicySet {
        try PolicySet(tiers: tiers, policies: policies, namespaces: namespaces)
    }

    /// `count` connections, cycling deterministically through pod pairs, external peers and protocols.
    public func connections(_ count: Int) -> [Connection] {
        var out: [Connection] = []
        out.reserveCapacity(count)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let ports: [UInt16] = [80, 443, 8080, 5432, 6379, 53, 9090]
        for _ in 0..<count {
            let src = pods[next(pods.count)]
            let r = next(10)
            let dst = r < 8 ? pods[next(pods.count)] : externals[next(externals.count)]
            let port = ports[next(ports.count)]
            let proto: ProtocolValue = port == 53 ? .udp : .tcp
            out.append(
                Connection(
                    source: src, destination: dst, protocol: proto, destinationPort: port,
                    sourcePort: UInt16(32768 + next(20000))))
        }
        return out
    }

    // MARK: Policies

    static func gnp(
        _ name: String, tier: String, order: Double, selector: String? = nil, namespaceSelector: String? = nil,
        ingress: [Rule] = [], egress: [Rule] = []
    ) -> CalicoPolicy {
        CalicoPolicy(
            kind: .globalNetworkPolicy, metadata: ObjectMeta(name: "\(tier).\(name)"),
            spec: PolicySpec(
                tier: tier, order: PolicyOrder(order), selector: selector, namespaceSelector: namespaceSelector,
                types: [.ingress, .egress], egress: egress, ingress: ingress))
    }

    static func securityPolicies() -> [CalicoPolicy] {
        var out: [CalicoPolicy] = []
        for i in 0..<9 {
            out.append(
                gnp(
                    "block-\(i)", tier: "security", order: Double(10 + i),
                    selector: "tier == 'data' || app == 'frontend'",
                    ingress: [Rule(action: .deny, source: EntityRule(nets: ["198.51.\(100 + i).0/24"]))],
                    egress: [Rule(action: .deny, destination: EntityRule(nets: ["198.51.\(100 + i).0/24"]))]))
        }
        out.append(
            gnp(
                "pass-rest", tier: "security", order: 100, ingress: [Rule(action: .pass)], egress: [Rule(action: .pass)]
            ))
        return out
    }

    static func platformPolicies() -> [CalicoPolicy] {
        var out: [CalicoPolicy] = []
        out.append(
            gnp(
                "allow-dns", tier: "platform", order: 10,
                egress: [
                    Rule(
                        action: .allow, protocol: .udp,
                        destination: EntityRule(nets: ["192.168.0.10/32"], ports: [Port(53)]))
                ]))
        for t in 0..<10 {
            out.append(
                gnp(
                    "team-\(t)-monitoring", tier: "platform", order: Double(20 + t),
                    namespaceSelector: "team == 'team-\(t)'",
                    ingress: [
                        Rule(
                            action: .allow, protocol: .tcp, source: EntityRule(nets: ["10.255.\(t).0/24"]),
                            destination: EntityRule(ports: [Port(9090)]))
                    ]))
        }
        for e in 0..<8 {
            out.append(
                gnp(
                    "env-\(e)-log", tier: "platform", order: Double(40 + e),
                    namespaceSelector: e % 2 == 0 ? "env == 'prod'" : "env == 'dev'",
                    ingress: [
                        Rule(
                            action: .log, protocol: .tcp,
                            destination: EntityRule(ports: [Port(min: 9000 + UInt16(e), max: 9000 + UInt16(e))]))
                    ]))
        }
        out.append(
            gnp(
                "pass-rest", tier: "platform", order: 100, ingress: [Rule(action: .pass)], egress: [Rule(action: .pass)]
            ))
        return out
    }

    /// A recommendation-shaped staged policy (Learn) isolating namespace `n`.
    static func recommendation(_ n: Int) -> CalicoPolicy {
        let ns = namespaceName(n)
        let peer = namespaceName((n + 1) % 100)
        let spec = PolicySpec(
            stagedAction: .learn, tier: "namespace-isolation", selector: "projectcalico.org/namespace == '\(ns)'",
            types: [.egress, .ingress],
            egress: [
                Rule(action: .allow, protocol: .udp, destination: EntityRule(ports: [Port(53)])),
                Rule(
                    action: .allow, protocol: .tcp,
                    destination: EntityRule(
                        namespaceSelector: "projectcalico.org/name == '\(peer)'", ports: [Port(8080)])),
                Rule(
                    action: .allow, protocol: .tcp,
                    destination: EntityRule(nets: CIDR.privateRanges, ports: [Port(443)])),
                Rule(action: .allow, protocol: .tcp, destination: EntityRule(ports: [Port(443)])),
            ],
            ingress: [
                Rule(
                    action: .allow, protocol: .tcp,
                    source: EntityRule(namespaceSelector: "projectcalico.org/name == '\(ns)'"),
                    destination: EntityRule(ports: [Port(80), Port(8080)])),
                Rule(
                    action: .allow, protocol: .tcp,
                    source: EntityRule(namespaceSelector: "projectcalico.org/name == '\(peer)'"),
                    destination: EntityRule(ports: [Port(8080)])),
            ])
        return CalicoPolicy(
            kind: .stagedNetworkPolicy, metadata: ObjectMeta(name: "namespace-isolation.\(ns)-bench", namespace: ns),
            spec: spec)
    }

    /// App-to-app policies in the `default` tier: app k of a namespace accepts the next app on its port.
    static func appPolicy(_ i: Int, namespaceCount: Int) -> CalicoPolicy {
        let ns = namespaceName(i % namespaceCount)
        let app = apps[(i / namespaceCount) % apps.count]
        let client = apps[(i / namespaceCount + 1) % apps.count]
        let spec = PolicySpec(
            tier: "default", order: PolicyOrder(Double(100 + i % 7)), selector: "app == '\(app)'", types: [.ingress],
            ingress: [
                Rule(
                    action: .allow, protocol: .tcp, source: EntityRule(selector: "app == '\(client)'"),
                    destination: EntityRule(ports: [Port(named: "http"), Port(80)])),
                Rule(
                    action: .allow, protocol: .tcp,
                    source: EntityRule(selector: "tier == 'web'", namespaceSelector: "team == 'team-\(i % 10)'"),
                    destination: EntityRule(ports: [Port(443)])),
            ])
        return CalicoPolicy(
            kind: .networkPolicy, metadata: ObjectMeta(name: "default.\(app)-ingress-\(i)", namespace: ns), spec: spec)
    }
}

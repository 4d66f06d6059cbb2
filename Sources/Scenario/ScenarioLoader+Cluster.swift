import CalicoModel
import Simulation
import Yams

extension ScenarioLoader {
    /// The `cluster:` block: each section is read by its own function, in this order (later sections refer to
    /// namespaces and workloads declared by earlier ones).
    func parseCluster(_ c: YAMLCursor) throws(ScenarioError) -> ClusterSpec {
        try c.checkKeys([
            "nodes", "namespaces", "workloads", "services", "networkSets", "globalNetworkSets",
            "externalEndpoints", "policies",
        ])
        var spec = ClusterSpec()
        if let n = try c.optional("nodes") {
            let v = try n.int("a positive node count")
            guard v > 0 else { throw n.fail("expected a positive node count") }
            spec.nodes = Int(v)
        }
        try parseNamespaces(c, into: &spec)
        try parseWorkloads(c, into: &spec)
        try parseServices(c, into: &spec)
        try parseNetworkSets(c, into: &spec)
        try parseExternalEndpoints(c, into: &spec)
        try parsePolicies(c, into: &spec)
        return spec
    }

    /// A namespace named in a section must be declared under `cluster.namespaces`.
    static func requireNamespace(_ name: String, _ at: YAMLCursor, in spec: ClusterSpec) throws(ScenarioError) {
        guard spec.namespaces.contains(where: { $0.name == name }) else {
            throw at.fail("unknown namespace \"\(name)\"; expected one declared under cluster.namespaces")
        }
    }

    /// `cluster.namespaces`: names (DNS-1123 labels), optionally with labels; no duplicates.
    func parseNamespaces(_ c: YAMLCursor, into spec: inout ClusterSpec) throws(ScenarioError) {
        if let ns = try c.optional("namespaces") {
            for item in try ns.items() {
                let n: NamespaceSpec
                if item.isScalar {
                    n = NamespaceSpec(name: try item.name(.dns1123Label))
                } else {
                    try item.checkKeys(["name", "labels"])
                    n = NamespaceSpec(
                        name: try item.required("name", "a namespace name").name(.dns1123Label),
                        labels: try item.optional("labels")?.labels() ?? [:])
                }
                guard !spec.namespaces.contains(where: { $0.name == n.name }) else {
                    throw item.fail("duplicate namespace \"\(n.name)\"")
                }
                spec.namespaces.append(n)
            }
        }
    }

    /// `cluster.workloads`: name, namespace, kind, labels, replicas, service account, container ports.
    func parseWorkloads(_ c: YAMLCursor, into spec: inout ClusterSpec) throws(ScenarioError) {
        if let ws = try c.optional("workloads") {
            for item in try ws.items() {
                try item.checkKeys(["name", "namespace", "kind", "labels", "replicas", "serviceAccount", "ports"])
                let nsCursor = try item.required("namespace", "the workload's namespace")
                let ns = try nsCursor.string()
                try Self.requireNamespace(ns, nsCursor, in: spec)
                var ports: [ContainerPort] = []
                if let ps = try item.optional("ports") {
                    for p in try ps.items() {
                        if p.isScalar { ports.append(ContainerPort(containerPort: try port(p))); continue }
                        try p.checkKeys(["name", "port", "containerPort", "protocol"])
                        var num = try p.optional("port")
                        if num == nil { num = try p.required("containerPort", "a port number") }
                        var proto: String?
                        if let pc = try p.optional("protocol") { proto = try protocolValue(pc).description }
                        ports.append(
                            ContainerPort(
                                name: try p.optional("name")?.string(), containerPort: try port(num!), protocol: proto))
                    }
                }
                var replicas: Int64 = 1
                if let r = try item.optional("replicas") {
                    replicas = try r.int("a replica count ≥ 1")
                    guard (1...Int64(InputLimits.maxReplicas)).contains(replicas) else {
                        throw r.fail("expected a replica count between 1 and \(InputLimits.maxReplicas)")
                    }
                }
                let w = WorkloadSpec(
                    name: try item.required("name", "the workload's name").name(.dns1123Subdomain), namespace: ns,
                    kind: try item.optional("kind")?.oneOf(WorkloadSpec.Kind.self) ?? .deployment,
                    labels: try item.optional("labels")?.labels() ?? [:], replicas: Int(replicas),
                    serviceAccount: try item.optional("serviceAccount")?.name(.dns1123Subdomain) ?? "default",
                    ports: ports)
                guard !spec.workloads.contains(where: { $0.namespace == w.namespace && $0.name == w.name }) else {
                    throw item.fail("duplicate workload \"\(w.namespace)/\(w.name)\"")
                }
                spec.workloads.append(w)
            }
        }
    }

    /// `cluster.services`: a selector (or the labels of a named workload) and service ports.
    func parseServices(_ c: YAMLCursor, into spec: inout ClusterSpec) throws(ScenarioError) {
        if let ss = try c.optional("services") {
            for item in try ss.items() {
                try item.checkKeys(["name", "namespace", "selector", "workload", "ports"])
                let nsCursor = try item.required("namespace", "the service's namespace")
                let ns = try nsCursor.string()
                try Self.requireNamespace(ns, nsCursor, in: spec)
                var selector: [String: String]
                if let w = try item.optional("workload") {
                    let wname = try w.string()
                    guard let wl = spec.workloads.first(where: { $0.namespace == ns && $0.name == wname }) else {
                        throw w.fail(
                            "unknown workload \"\(wname)\" in namespace \(ns); expected one under cluster.workloads")
                    }
                    selector = wl.labels
                } else {
                    selector = try item.required("selector", "a label selector mapping, or `workload`").labels()
                }
                var ports: [ServiceSpec.PortSpec] = []
                for p in try item.required("ports", "a list of service ports").items() {
                    if p.isScalar { ports.append(.init(port: try port(p))); continue }
                    try p.checkKeys(["name", "port", "targetPort", "protocol"])
                    var target: Port?
                    if let t = try p.optional("targetPort") {
                        let s = try t.string()
                        guard let tp = Port(parsing: s), tp.minPort == tp.maxPort else {
                            throw t.fail("expected a port number or a container port name")
                        }
                        target = tp
                    }
                    ports.append(
                        .init(
                            name: try p.optional("name")?.string(),
                            port: try port(try p.required("port", "a port number")),
                            targetPort: target, protocol: try optionalProtocol(p)))
                }
                spec.services.append(
                    ServiceSpec(
                        name: try item.required("name", "the service's name").name(.dns1035Label), namespace: ns,
                        selector: selector, ports: ports))
            }
        }
    }

    /// `cluster.networkSets` and `cluster.globalNetworkSets`: nets and/or allowed egress domains.
    func parseNetworkSets(_ c: YAMLCursor, into spec: inout ClusterSpec) throws(ScenarioError) {
        for (key, global) in [("networkSets", false), ("globalNetworkSets", true)] {
            guard let ns = try c.optional(key) else { continue }
            for item in try ns.items() {
                try item.checkKeys(
                    global
                        ? ["name", "nets", "allowedEgressDomains", "labels"]
                        : ["name", "namespace", "nets", "allowedEgressDomains", "labels"])
                var namespace: String?
                if !global {
                    let n = try item.required("namespace", "the network set's namespace")
                    namespace = try n.string()
                    try Self.requireNamespace(namespace!, n, in: spec)
                }
                var nets: [String] = []
                if let n = try item.optional("nets") {
                    for (i, s) in try n.stringList().enumerated() where CIDR(s) == nil {
                        throw YAMLCursor(node: n.node, file: file, path: "\(n.path)[\(i)]").fail(
                            "expected a CIDR such as 10.1.0.0/16, got \"\(s)\"")
                    }
                    nets = try n.stringList()
                }
                let domains = try item.optional("allowedEgressDomains")?.stringList() ?? []
                guard !nets.isEmpty || !domains.isEmpty else {
                    throw item.fail("expected nets or allowedEgressDomains (or both)")
                }
                let meta = ObjectMeta(
                    name: try item.required("name", "the network set's name").name(.dns1123Subdomain),
                    namespace: namespace,
                    labels: try item.optional("labels")?.labels())
                spec.networkSets.append(
                    NetworkSet(
                        metadata: meta,
                        spec: .init(
                            nets: nets.isEmpty ? nil : nets,
                            allowedEgressDomains: domains.isEmpty ? nil : domains),
                        isGlobal: global))
            }
        }
    }

    /// `cluster.externalEndpoints`: addresses (ip, ips or a CIDR, up to 8 hosts) and domains.
    func parseExternalEndpoints(_ c: YAMLCursor, into spec: inout ClusterSpec) throws(ScenarioError) {
        if let es = try c.optional("externalEndpoints") {
            for item in try es.items() {
                try item.checkKeys(["name", "ip", "ips", "cidr", "domains"])
                var ips: [IPAddress] = []
                var texts: [String] = []
                if let i = try item.optional("ip") { texts.append(try i.string()) }
                if let i = try item.optional("ips") { texts += try i.stringList() }
                for t in texts {
                    guard let ip = IPAddress(t) else {
                        throw item.fail("expected IP addresses in ip/ips, got \"\(t)\"")
                    }
                    ips.append(ip)
                }
                if let cc = try item.optional("cidr") {
                    guard let cidr = CIDR(try cc.string()), case .v4(let base) = cidr.address, cidr.prefixLength <= 30
                    else {
                        throw cc.fail("expected an IPv4 CIDR of /30 or wider, such as 192.168.10.0/24")
                    }
                    let mask: UInt32 = cidr.prefixLength == 0 ? 0 : ~(UInt32.max >> UInt32(cidr.prefixLength))
                    let size = cidr.prefixLength == 0 ? UInt32.max : ~mask
                    for k in 1...min(8, size - 1) { ips.append(.v4((base & mask) + k)) }
                }
                guard !ips.isEmpty else { throw item.fail("expected ip, ips or cidr") }
                spec.externalEndpoints.append(
                    ExternalEndpointSpec(
                        name: try item.required("name", "a name").string(), ips: ips,
                        domains: try item.optional("domains")?.stringList() ?? []))
            }
        }
    }

    /// `cluster.policies`: inline manifests, `file:` or `manifest:` text; tiers, policies and network sets.
    func parsePolicies(_ c: YAMLCursor, into spec: inout ClusterSpec) throws(ScenarioError) {
        if let ps = try c.optional("policies") {
            for item in try ps.items() {
                var resources: [Resource]
                if item.has("kind") {
                    resources = try decodeInlineManifest(item)
                } else {
                    try item.checkKeys(["file", "manifest"])
                    if let f = try item.optional("file") {
                        let path = resolve(try f.string("a path relative to the scenario"))
                        let text = try Self.readFile(path, referencedFrom: f)
                        do { resources = try ResourceYAML.decode(text, file: path).map(\.resource) } catch {
                            throw ScenarioError(file: path, line: error.line, key: error.field, message: error.message)
                        }
                    } else if let m = try item.optional("manifest") {
                        let manifest = try m.string("manifest YAML text")
                        do { resources = try ResourceYAML.decode(manifest, file: file).map(\.resource) } catch {
                            throw ScenarioError(
                                file: file, line: m.line + error.line,
                                key: m.path + (error.field.isEmpty ? "" : "." + error.field),
                                message: error.message)
                        }
                    } else {
                        throw item.fail("expected an inline manifest (with kind), `file:` or `manifest:`")
                    }
                }
                for r in resources {
                    switch r {
                    case .tier(let t): spec.tiers.append(t)
                    case .policy(let p): spec.policies.append(p)
                    case .kubernetesPolicy(let p): spec.kubernetesPolicies.append(p)
                    case .networkSet(let s): spec.networkSets.append(s)
                    default:
                        throw item.fail(
                            "\(r.kind) \(r.metadata.name) is not a policy; expected Tier, (Staged)(Global)NetworkPolicy, Kubernetes NetworkPolicy or (Global)NetworkSet"
                        )
                    }
                }
            }
        }
    }

    func port(_ c: YAMLCursor) throws(ScenarioError) -> UInt16 {
        let v = try c.int("a port number 1-65535")
        guard (1...65535).contains(v) else { throw c.fail("expected a port number 1-65535, got \(v)") }
        return UInt16(v)
    }

    func optionalProtocol(_ c: YAMLCursor) throws(ScenarioError) -> ProtocolValue {
        guard let p = try c.optional("protocol") else { return .tcp }
        return try protocolValue(p)
    }

    func protocolValue(_ c: YAMLCursor) throws(ScenarioError) -> ProtocolValue {
        guard let p = ProtocolValue(parsing: try c.string()) else {
            throw c.fail("expected a protocol (TCP, UDP, SCTP, ICMP, ICMPv6 or a number), got \(c.describe)")
        }
        return p
    }
}

import CalicoModel
import PolicyEvaluation
import Scenario
import Simulation

extension TrafficSimulator {
    /// Resolves patterns against the cluster, sets initial presence and schedules the first events.
    mutating func compile() {
        let c = cluster
        var tables = CompileTables(cluster: c)
        let nsIndex = Dictionary(uniqueKeysWithValues: c.namespaces.enumerated().map { ($1.name, $0) })
        for w in c.workloads {
            workloadNamespace.append(nsIndex[w.spec.namespace] ?? 0)
            podEndpoints.append(
                w.pods.map { pod in
                    tables.endpoint("pod:\(pod.endpoint.namespace ?? "")/\(pod.endpoint.name)") {
                        (pod.endpoint, pod.node)
                    }
                })
        }
        let base = SeededGenerator(seed: seed)
        for spec in scenario.traffic {
            patterns.append(compilePattern(spec, base: base, tables: &tables, nsIndex: nsIndex))
        }
        endpoints = tables.endpoints
        endpointNodes = tables.endpointNodes
        templates = tables.templates
        endpointNodeIndex = endpointNodes.map { n in n.flatMap { c.nodes.firstIndex(of: $0) }.map(Int32.init) ?? -1 }
        var workloadOfEndpoint = Array(repeating: -1, count: endpoints.count)
        for (w, pods) in podEndpoints.enumerated() { for e in pods { workloadOfEndpoint[e] = w } }
        table = ConnectionTables(
            endpoints: endpoints, nodes: endpointNodes, templates: templates,
            patterns: patterns.map {
                ConnectionTables.PatternInfo(id: $0.spec.id, rarity: $0.spec.rarity, truth: $0.spec.truth)
            },
            workloadOfEndpoint: workloadOfEndpoint)
        ratePatterns = patterns.indices.filter { patterns[$0].isRateBased }
        rateGenerators = Array(repeating: SeededGenerator(seed: 0), count: patterns.count)
        setInitialPresence(nsIndex: nsIndex)
        scheduleFirstEvents()
    }

    /// One traffic pattern resolved against the cluster: its seed, source and destination endpoints and templates.
    private func compilePattern(
        _ spec: TrafficPattern, base: SeededGenerator, tables: inout CompileTables, nsIndex: [String: Int]
    ) -> CompiledPattern {
        let c = cluster
        var patternRNG = base.derived("pattern:" + spec.id)
        var p = CompiledPattern(spec: spec, seed: patternRNG.next())
        var sourceNS: String?
        switch spec.source {
        case .workload(let ns, let n): p.sourceWorkload = c.workloadIndex(namespace: ns, name: n); sourceNS = ns
        default: break
        }
        var destNS: String?
        switch spec.destination {
        case .workload(let ns, let n)?:
            destNS = ns
            if let w = c.workloadIndex(namespace: ns, name: n) {
                p.destinationWorkloads = [w]
                p.destinationTemplates = [
                    tables.template(
                        ConnectionTemplate(
                            port: containerPort(spec.port, spec.protocol, c.workloads[w]),
                            proto: spec.protocol, service: nil, domains: []))
                ]
            }
        case .service(let ns, let n)?:
            destNS = ns
            resolveService(namespace: ns, name: n, spec: spec, into: &p, tables: &tables)
        default: break
        }
        let portNumber: UInt16? = {
            if case .number(let n)? = spec.port, spec.protocol.supportsPorts { return n }; return nil
        }()
        switch spec.source {
        case .external(let name):
            if let e = c.externalEndpoints.first(where: { $0.name == name }) {
                p.sourceEndpoints = tables.addressEndpoints(e.ips, domains: [], viewedFrom: destNS)
            }
        case .networkSet(let ns, let name):
            if let set = c.networkSet(namespace: ns, name: name) {
                let (ip, _) = CompileTables.networkSetAddress(set)
                p.sourceEndpoints = [
                    tables.endpoint("addr:\(ip)|set:\(ns ?? "-")/\(name)") { (.networkSet(set, ip: ip), nil) }
                ]
            }
        case .workload: break
        }
        switch spec.destination {
        case .external(let name)?:
            if let e = c.externalEndpoints.first(where: { $0.name == name }) {
                p.destinationEndpoints = tables.addressEndpoints(e.ips, domains: e.domains, viewedFrom: sourceNS)
                p.fixedTemplate = tables.template(
                    ConnectionTemplate(port: portNumber, proto: spec.protocol, service: nil, domains: e.domains))
            }
        case .address(let ip, let domains)?:
            p.destinationEndpoints = tables.addressEndpoints([ip], domains: domains, viewedFrom: sourceNS)
            p.fixedTemplate = tables.template(
                ConnectionTemplate(port: portNumber, proto: spec.protocol, service: nil, domains: domains))
        case .networkSet(let ns, let name)?:
            if let set = c.networkSet(namespace: ns, name: name) {
                let (ip, domains) = CompileTables.networkSetAddress(set)
                p.destinationEndpoints = [
                    tables.endpoint("addr:\(ip)|set:\(ns ?? "-")/\(name)") { (.networkSet(set, ip: ip), nil) }
                ]
                p.fixedTemplate = tables.template(
                    ConnectionTemplate(port: portNumber, proto: spec.protocol, service: nil, domains: domains))
            }
        default: break
        }
        if case .attack(_, let ports, let namespaces) = spec.shape {
            p.attackTemplates = ports.map {
                tables.template(ConnectionTemplate(port: $0, proto: spec.protocol, service: nil, domains: []))
            }
            let names = namespaces ?? c.namespaces.map(\.name).filter { $0 != sourceNS }
            p.attackNamespaces = names.compactMap { nsIndex[$0] }
        }
        return p
    }

    /// A service destination: one (backend workload, template) per backend whose target port resolves.
    private func resolveService(
        namespace ns: String, name n: String, spec: TrafficPattern, into p: inout CompiledPattern,
        tables: inout CompileTables
    ) {
        let c = cluster
        if let s = c.services.first(where: { $0.spec.namespace == ns && $0.spec.name == n }) {
            let sp: ServiceSpec.PortSpec? = {
                switch spec.port {
                case .name(let pn)?: return s.spec.ports.first { $0.name == pn }
                case .number(let num)?: return s.spec.ports.first { $0.port == num }
                case nil: return s.spec.ports.first
                }
            }()
            for w in s.backends {
                var target: UInt16? = sp?.port
                if let tp = sp?.targetPort {
                    target =
                        tp.isNamed
                        ? c.workloads[w].spec.ports.first { $0.name == tp.name }?.containerPort : tp.minPort
                }
                guard let target else { continue }
                let ref = ServiceReference(name: n, namespace: ns, portName: sp?.name, port: sp?.port)
                p.destinationWorkloads.append(w)
                p.destinationTemplates.append(
                    tables.template(
                        ConnectionTemplate(
                            port: (sp?.protocol ?? spec.protocol).supportsPorts ? target : nil,
                            proto: sp?.protocol ?? spec.protocol, service: ref, domains: [])))
            }
        }
    }

    /// Initial presence: a namespace, workload or pattern is absent when the first event naming it is an "appears" or
    /// "starts".
    private mutating func setInitialPresence(nsIndex: [String: Int]) {
        let c = cluster
        namespacePresent = Array(repeating: true, count: c.namespaces.count)
        workloadPresent = Array(repeating: true, count: c.workloads.count)
        var seenNS = Set<String>(), seenW = Set<String>(), seenP = Set<String>()
        for e in scenario.events {
            switch e.change {
            case .namespaceAppears(let n):
                if seenNS.insert(n).inserted, let i = nsIndex[n] { namespacePresent[i] = false }
            case .namespaceDeleted(let n): seenNS.insert(n)
            case .workloadAppears(let n, let w):
                if seenW.insert("\(n)/\(w)").inserted, let i = c.workloadIndex(namespace: n, name: w) {
                    workloadPresent[i] = false
                }
            case .workloadDeleted(let n, let w): seenW.insert("\(n)/\(w)")
            case .patternStarts(let id):
                if seenP.insert(id).inserted {
                    for i in patterns.indices where patterns[i].spec.id == id || patterns[i].spec.groupID == id {
                        patterns[i].active = false
                    }
                }
            case .patternStops(let id): seenP.insert(id)
            }
        }
    }

    /// Queues the first firing of every periodic and once pattern.
    private mutating func scheduleFirstEvents() {
        for i in patterns.indices {
            switch patterns[i].spec.shape {
            case .periodic(let every, _, _, _, _):
                schedulePeriodic(pattern: i, period: every.firstCandidate(atOrBefore: scenario.start.unixSeconds))
            case .once(let at, _, _):
                if scenario.start + at < end { queue.schedule(.onceFire(pattern: i), at: scenario.start + at) }
            default: break
            }
        }
    }

    /// The destination port on a workload: a number, or a container port name.
    func containerPort(_ ref: PortReference?, _ proto: ProtocolValue, _ w: Workload) -> UInt16? {
        guard proto.supportsPorts else { return nil }
        switch ref {
        case .number(let n)?: return n
        case .name(let n)?: return w.spec.ports.first { $0.name == n }?.containerPort
        case nil: return w.spec.ports.first?.containerPort
        }
    }

    /// Schedules the first firing of `pattern` at or after period `period` that lies in the simulated span.
    mutating func schedulePeriodic(pattern i: Int, period first: Int64) {
        guard case .periodic(let every, let phase, let jitter, _, _) = patterns[i].spec.shape else { return }
        var k = first
        while true {
            var rng = SeededGenerator(seed: SplitMix64.subSeed(patterns[i].seed, StreamSalt.periodicFiring, k))
            let j = jitter.seconds > 0 ? Int64(rng.below(UInt64(jitter.seconds))) : 0
            let fire = every.start(k) + phase.seconds + j
            if fire >= end.unixSeconds { return }
            if fire >= scenario.start.unixSeconds && fire >= now.unixSeconds {
                queue.schedule(.periodicFire(pattern: i, period: k), at: SimInstant(unixSeconds: fire))
                return
            }
            k += every.step
        }
    }
}

/// Dense tables of endpoints and connection templates, filled while patterns are compiled: each distinct endpoint
/// and template gets one index, in first-use order.
struct CompileTables {
    let cluster: Cluster
    private(set) var endpoints: [FlowEndpoint] = []
    private(set) var endpointNodes: [String?] = []
    private(set) var templates: [ConnectionTemplate] = []
    private var endpointIndex: [String: Int] = [:]
    private var templateIndex: [ConnectionTemplate: Int] = [:]

    init(cluster: Cluster) { self.cluster = cluster }

    /// The index of the endpoint known by `key`, made on first use.
    mutating func endpoint(_ key: String, _ make: () -> (FlowEndpoint, String?)) -> Int {
        if let i = endpointIndex[key] { return i }
        let (e, node) = make()
        endpoints.append(e); endpointNodes.append(node)
        endpointIndex[key] = endpoints.count - 1
        return endpoints.count - 1
    }

    /// The index of a connection template, made on first use.
    mutating func template(_ t: ConnectionTemplate) -> Int {
        if let i = templateIndex[t] { return i }
        templates.append(t); templateIndex[t] = templates.count - 1
        return templates.count - 1
    }

    /// Endpoints for addresses, as seen from namespace `ns` (network sets of that namespace take precedence).
    mutating func addressEndpoints(_ ips: [IPAddress], domains: [String], viewedFrom ns: String?) -> [Int] {
        ips.map { ip in
            let e = cluster.endpoint(forAddress: ip, domains: domains, viewedFrom: ns)
            return endpoint("addr:\(ip)|\(e.namespace ?? "-")/\(e.name)") { (e, nil) }
        }
    }

    /// The address traffic to or from a network set uses: its first net's first host, or a TEST-NET-3 address
    /// for a domain-only set.
    static func networkSetAddress(_ set: NetworkSet) -> (IPAddress, [String]) {
        if let first = set.spec.nets?.compactMap(CIDR.init).first, case .v4(let base) = first.address {
            let mask: UInt32 = first.prefixLength == 0 ? 0 : ~(UInt32.max >> UInt32(first.prefixLength))
            return (first.prefixLength >= 31 ? first.address : .v4((base & mask) + 1), [])
        }
        let domain = (set.spec.allowedEgressDomains ?? ["unknown.example"]).first!.replacingOccurrences(
            of: "*", with: "www")
        let h = UInt32(truncatingIfNeeded: StableHash.fnv1a64(domain))
        return (.v4(0xCB00_7100 | (h & 0xFF)), [domain])  // 203.0.113.x (TEST-NET-3)
    }
}

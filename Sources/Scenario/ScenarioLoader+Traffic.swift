import CalicoModel
import Simulation

extension ScenarioLoader {
    static let shapeKeys = ["steady", "periodic", "burst", "once", "attack"]

    /// One `traffic:` item; `to: {eachWorkload: …}` expands into one pattern per matching workload.
    func parsePattern(_ c: YAMLCursor, cluster: ClusterSpec) throws(ScenarioError) -> [TrafficPattern] {
        try c.checkKeys(["id", "from", "to", "port", "protocol", "rarity", "bytes"] + Self.shapeKeys)
        let id = try c.required("id", "a stable pattern id (its random stream is derived from it)").string()
        let shapes = Self.shapeKeys.filter { c.has($0) }
        guard shapes.count == 1, let shapeKey = shapes.first else {
            throw c.fail("expected exactly one traffic shape: \(Self.shapeKeys.joined(separator: ", "))")
        }
        let shape = try parseShape(try c.required(shapeKey, "the \(shapeKey) knobs"), kind: shapeKey)
        let source = try parseSource(
            try c.required(
                "from",
                "a source: {workload: ns/name}, {external: name}, {networkSet: ns/name} or {globalNetworkSet: name}"))
        let proto = try optionalProtocol(c)
        var port: PortReference?
        if let p = try c.optional("port") {
            let s = try p.string()
            if let n = UInt16(s), n > 0 {
                port = .number(n)
            } else if !s.isEmpty, s.first?.isNumber == false {
                port = .name(s)
            } else {
                throw p.fail("expected a port number 1-65535 or a port name, got \"\(s)\"")
            }
        }
        var size = FlowSize()
        if let b = try c.optional("bytes") {
            try b.checkKeys(["sent", "received"])
            if let s = try b.optional("sent") { size.sent = try s.int() }
            if let r = try b.optional("received") { size.received = try r.int() }
        }
        let rarity = try c.optional("rarity")?.oneOf(Rarity.self)
        if case .attack = shape {
            if c.has("to") {
                throw try c.required("to", "").fail(
                    "attack patterns choose their targets; remove `to` and use attack.namespaces/ports")
            }
            guard case .workload = source else {
                throw try c.required("from", "").fail(
                    "expected {workload: ns/name}: attacks start from a compromised workload")
            }
            return [
                TrafficPattern(
                    id: id, source: source, destination: nil, port: nil, protocol: proto, shape: shape, rarity: rarity,
                    size: size, line: c.line)
            ]
        }
        let to = try c.required(
            "to",
            "a destination: {workload|service|networkSet: ns/name}, {globalNetworkSet|external: name}, {ip: …}, {eachWorkload: …}"
        )
        if port == nil && proto.supportsPorts && !to.has("service") {
            throw ScenarioError(
                file: file, line: c.line, key: c.path + ".port",
                message: "required key is missing; expected the destination port (number or name)")
        }
        if let each = try to.optional("eachWorkload") {
            try to.checkKeys(["eachWorkload"])
            var namespaces: [String]?
            var except: [String] = []
            if each.isMapping {
                try each.checkKeys(["namespaces", "except"])
                namespaces = try each.optional("namespaces")?.stringList()
                except = try each.optional("except")?.stringList() ?? []
            } else if try each.bool() == false {
                throw each.fail("expected true or {namespaces: [...], except: [...]}")
            }
            var out: [TrafficPattern] = []
            for w in cluster.workloads
            where (namespaces?.contains(w.namespace) ?? true) && !except.contains(w.namespace)
                && !except.contains("\(w.namespace)/\(w.name)")
            {
                if case .workload(let sns, let sname) = source, sns == w.namespace, sname == w.name { continue }
                out.append(
                    TrafficPattern(
                        id: "\(id)/\(w.namespace)/\(w.name)", groupID: id, source: source,
                        destination: .workload(namespace: w.namespace, name: w.name), port: port,
                        protocol: proto, shape: shape, rarity: rarity, size: size, line: c.line))
            }
            return out
        }
        return [
            TrafficPattern(
                id: id, source: source, destination: try parseDestination(to), port: port, protocol: proto,
                shape: shape, rarity: rarity, size: size, line: c.line)
        ]
    }

    func parseSource(_ c: YAMLCursor) throws(ScenarioError) -> TrafficSource {
        try c.checkKeys(["workload", "external", "networkSet", "globalNetworkSet"])
        if let w = try c.optional("workload") {
            let (ns, n) = try qualified(w); return .workload(namespace: ns, name: n)
        }
        if let e = try c.optional("external") { return .external(try e.string()) }
        if let s = try c.optional("networkSet") {
            let (ns, n) = try qualified(s); return .networkSet(namespace: ns, name: n)
        }
        if let s = try c.optional("globalNetworkSet") { return .networkSet(namespace: nil, name: try s.string()) }
        throw c.fail("expected one of workload, external, networkSet, globalNetworkSet")
    }

    func parseDestination(_ c: YAMLCursor) throws(ScenarioError) -> TrafficDestination {
        try c.checkKeys(["workload", "service", "external", "networkSet", "globalNetworkSet", "ip", "domains"])
        if let w = try c.optional("workload") {
            let (ns, n) = try qualified(w); return .workload(namespace: ns, name: n)
        }
        if let s = try c.optional("service") { let (ns, n) = try qualified(s); return .service(namespace: ns, name: n) }
        if let e = try c.optional("external") { return .external(try e.string()) }
        if let s = try c.optional("networkSet") {
            let (ns, n) = try qualified(s); return .networkSet(namespace: ns, name: n)
        }
        if let s = try c.optional("globalNetworkSet") { return .networkSet(namespace: nil, name: try s.string()) }
        if let i = try c.optional("ip") {
            guard let ip = IPAddress(try i.string()) else { throw i.fail("expected an IP address") }
            return .address(ip, domains: try c.optional("domains")?.stringList() ?? [])
        }
        throw c.fail("expected one of workload, service, external, networkSet, globalNetworkSet, ip, eachWorkload")
    }

    func qualified(_ c: YAMLCursor) throws(ScenarioError) -> (String, String) {
        let (ns, n) = try splitQualified(try c.string(), c)
        guard let ns else { throw c.fail("expected namespace/name, got \"\(n)\"") }
        return (ns, n)
    }

    func rate(_ c: YAMLCursor) throws(ScenarioError) -> Double {
        let r = try c.double("a rate in connections per hour")
        guard r > 0 else { throw c.fail("expected a positive rate in connections per hour") }
        guard r <= InputLimits.maxRatePerHour else {
            throw c.fail("expected at most \(Int(InputLimits.maxRatePerHour)) connections per hour, got \(r)")
        }
        return r
    }

    func count(_ c: YAMLCursor?) throws(ScenarioError) -> Int {
        guard let c else { return 1 }
        let v = try c.int("a positive number of connections")
        guard (1...Int64(InputLimits.maxConnectionsPerEvent)).contains(v) else {
            throw c.fail("expected a number of connections between 1 and \(InputLimits.maxConnectionsPerEvent)")
        }
        return Int(v)
    }

    func parseShape(_ c: YAMLCursor, kind: String) throws(ScenarioError) -> PatternShape {
        switch kind {
        case "steady":
            try c.checkKeys(["rate", "diurnal"])
            var diurnal: Diurnal?
            if let d = try c.optional("diurnal") {
                try d.checkKeys(["amplitude", "peakHour"])
                let a = try d.optional("amplitude")?.double() ?? 0.5
                guard (0...1).contains(a) else {
                    throw try d.required("amplitude", "").fail("expected an amplitude between 0 and 1")
                }
                let p = try d.optional("peakHour")?.double() ?? 14
                guard (0..<24).contains(p) else {
                    throw try d.required("peakHour", "").fail("expected an hour between 0 and 24 (UTC)")
                }
                diurnal = Diurnal(amplitude: a, peakHour: p)
            }
            return .steady(ratePerHour: try rate(try c.required("rate", "connections per hour")), diurnal: diurnal)
        case "periodic":
            try c.checkKeys(["every", "phase", "jitter", "connections", "spread"])
            let e = try c.required("every", "a period such as 15m, 1h, 1d, 1w or 1mo")
            let text = try e.string()
            let every: Period
            if text.hasSuffix("mo") || text.hasSuffix("month") || text.hasSuffix("months") {
                let digits = text.prefix { $0.isNumber }
                guard let n = Int(digits.isEmpty ? "1" : String(digits)), n > 0,
                    ["mo", "month", "months"].contains(String(text.dropFirst(digits.count)))
                else {
                    throw e.fail("expected a period such as 15m, 1h, 1d, 1w or 1mo")
                }
                every = .months(n)
            } else {
                let d = try e.duration()
                guard d.seconds >= 60 else { throw e.fail("expected a period of at least 1m") }
                every = .fixed(d)
            }
            let phase = try c.optional("phase")?.duration(allowZero: true) ?? .zero
            let jitter = try c.optional("jitter")?.duration(allowZero: true) ?? .zero
            let limit = every.nominal.seconds > 28 * 86_400 ? SimDuration.days(28) : every.nominal
            if jitter >= limit {
                throw try c.required("jitter", "").fail("expected a jitter shorter than the period (\(limit.compact))")
            }
            if case .fixed(let p) = every, phase >= p {
                throw try c.required("phase", "").fail("expected a phase shorter than the period (\(p.compact))")
            }
            return .periodic(
                every: every, phase: phase, jitter: jitter, connections: try count(try c.optional("connections")),
                spread: try c.optional("spread")?.duration(allowZero: true) ?? .zero)
        case "burst":
            try c.checkKeys(["on", "off", "rate", "phase", "jitter"])
            let off = try c.required("off", "the quiet span between bursts, such as 50m").duration()
            let jitter = try c.optional("jitter")?.duration(allowZero: true) ?? .zero
            if jitter > off { throw try c.required("jitter", "").fail("expected a jitter no longer than `off`") }
            return .burst(
                on: try c.required("on", "the burst length, such as 10m").duration(), off: off,
                ratePerHour: try rate(try c.required("rate", "connections per hour while on")),
                phase: try c.optional("phase")?.duration(allowZero: true) ?? .zero, jitter: jitter)
        case "once":
            try c.checkKeys(["at", "connections", "spread"])
            return .once(
                at: try c.required("at", "a time offset such as 2d3h").duration(allowZero: true),
                connections: try count(try c.optional("connections")),
                spread: try c.optional("spread")?.duration(allowZero: true) ?? .zero)
        default:
            try c.checkKeys(["rate", "ports", "namespaces"])
            let portsCursor = try c.required("ports", "a list of probed ports")
            var ports: [UInt16] = []
            for p in try portsCursor.items() { ports.append(try port(p)) }
            guard !ports.isEmpty else { throw portsCursor.fail("expected at least one port") }
            return .attack(
                ratePerHour: try rate(try c.required("rate", "probes per hour")), ports: ports,
                namespaces: try c.optional("namespaces")?.stringList())
        }
    }

    /// Checks that every pattern's endpoints and ports exist.
    func validate(cluster: ClusterSpec, patterns: [(TrafficPattern, YAMLCursor)]) throws(ScenarioError) {
        for (p, c) in patterns {
            func fail(_ key: String, _ message: String) -> ScenarioError {
                let sub = try? c.optional(key.split(separator: ".").first.map(String.init) ?? key)
                return ScenarioError(file: file, line: sub?.line ?? c.line, key: "\(c.path).\(key)", message: message)
            }
            func workload(_ ns: String, _ name: String, _ key: String) throws(ScenarioError) -> WorkloadSpec {
                guard let w = cluster.workloads.first(where: { $0.namespace == ns && $0.name == name }) else {
                    throw fail(
                        key,
                        "unknown workload \"\(ns)/\(name)\"; expected namespace/name of one under cluster.workloads")
                }
                return w
            }
            func netset(_ ns: String?, _ name: String, _ key: String) throws(ScenarioError) {
                guard cluster.networkSets.contains(where: { $0.namespace == ns && $0.name == name }) else {
                    throw fail(
                        key,
                        "unknown \(ns == nil ? "global network set \"\(name)\"" : "network set \"\(ns!)/\(name)\""); expected one under cluster.\(ns == nil ? "globalNetworkSets" : "networkSets")"
                    )
                }
            }
            func external(_ name: String, _ key: String) throws(ScenarioError) {
                guard cluster.externalEndpoints.contains(where: { $0.name == name }) else {
                    throw fail(
                        key, "unknown external endpoint \"\(name)\"; expected one under cluster.externalEndpoints")
                }
            }
            switch p.source {
            case .workload(let ns, let n): _ = try workload(ns, n, "from.workload")
            case .external(let n): try external(n, "from.external")
            case .networkSet(let ns, let n): try netset(ns, n, ns == nil ? "from.globalNetworkSet" : "from.networkSet")
            }
            if case .attack(_, _, let namespaces) = p.shape {
                for n in namespaces ?? [] where !cluster.namespaces.contains(where: { $0.name == n }) {
                    throw fail(
                        "attack.namespaces",
                        "unknown namespace \"\(n)\"; expected namespaces declared under cluster.namespaces")
                }
            }
            switch p.destination {
            case .workload(let ns, let n)?:
                let w = try workload(ns, n, "to.workload")
                if case .name(let pn)? = p.port, !w.ports.contains(where: { $0.name == pn }) {
                    throw fail(
                        "port",
                        "workload \(ns)/\(n) has no container port named \"\(pn)\"; expected one of its ports' names")
                }
            case .service(let ns, let n)?:
                guard let s = cluster.services.first(where: { $0.namespace == ns && $0.name == n }) else {
                    throw fail("to.service", "unknown service \"\(ns)/\(n)\"; expected one under cluster.services")
                }
                switch p.port {
                case .name(let pn)? where !s.ports.contains(where: { $0.name == pn }):
                    throw fail(
                        "port",
                        "service \(ns)/\(n) has no port named \"\(pn)\"; expected one of \(s.ports.compactMap(\.name).joined(separator: ", "))"
                    )
                case .number(let num)? where !s.ports.contains(where: { $0.port == num }):
                    throw fail(
                        "port",
                        "service \(ns)/\(n) has no port \(num); expected one of \(s.ports.map { String($0.port) }.joined(separator: ", "))"
                    )
                default: break
                }
                if !cluster.workloads.contains(where: { w in
                    w.namespace == ns && s.selector.allSatisfy { kv in w.labels[kv.key] == kv.value }
                }) {
                    throw fail(
                        "to.service",
                        "service \(ns)/\(n) selects no workload; expected its selector to match a workload's labels")
                }
            case .networkSet(let ns, let n)?: try netset(ns, n, ns == nil ? "to.globalNetworkSet" : "to.networkSet")
            case .external(let n)?: try external(n, "to.external")
            case .address?, nil: break
            }
            if case .name = p.port {
                switch p.destination {
                case .workload?, .service?: break
                default: throw fail("port", "named ports only exist on workloads and services; expected a port number")
                }
            }
        }
    }
}

import CalicoModel
import Foundation
import Scenario
import Simulation

extension InferredScenario {
    /// Every string read from the flow logs is written through here: a YAML double-quoted scalar (JSON escaping),
    /// so no name, label or domain can change the document's structure.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out += String(format: "\\u%04X", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Names of the external endpoints the classes reach, in a fixed order: `internet`, `private-network`, then
    /// `ext-<first domain>` for addresses reached by domain.
    var externalNames: [InferredEndpoint: String] {
        var out: [InferredEndpoint: String] = [:]
        var used: Set<String> = []
        for e in accumulator.externals.sorted() {
            guard case .external(let pub, let domains) = e else { continue }
            var base = domains.first.map { "ext-" + Self.slugText($0) } ?? (pub ? "internet" : "private-network")
            base = String(base.prefix(50))
            var name = base
            var n = 2
            while used.contains(name) { name = "\(base)-\(n)"; n += 1 }
            used.insert(name)
            out[e] = name
        }
        return out
    }

    /// `a-z 0-9 -` only: every other run of characters becomes one `-`, none at either end.
    static func slugText(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) {
                out.append(ch)
            } else if !out.hasSuffix("-") {
                out.append("-")
            }
        }
        return out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    func endpointYAML(_ e: InferredEndpoint, externals: [InferredEndpoint: String]) -> String {
        switch e {
        case .workload(let ns, let n): "{workload: \(Self.quoted("\(ns)/\(n)"))}"
        case .service(let ns, let n): "{service: \(Self.quoted("\(ns)/\(n)"))}"
        case .networkSet(let ns?, let n): "{networkSet: \(Self.quoted("\(ns)/\(n)"))}"
        case .networkSet(nil, let n): "{globalNetworkSet: \(Self.quoted(n))}"
        case .external: "{external: \(Self.quoted(externals[e]!))}"
        }
    }

    static func labelsYAML(_ labels: [String: String]) -> String {
        "{" + labels.keys.sorted().map { "\(quoted($0)): \(quoted(labels[$0]!))" }.joined(separator: ", ") + "}"
    }

    /// A network set's nets (and labels) from the cluster file, else a placeholder net.
    func netsYAML(_ key: String, _ placeholder: () -> String) -> String {
        guard let known = cluster.networkSets[key], !known.nets.isEmpty else { return "nets: [\"\(placeholder())\"]" }
        return "nets: [\(known.nets.map(Self.quoted).joined(separator: ", "))]"
            + (known.labels.isEmpty ? "" : ", labels: \(Self.labelsYAML(known.labels))")
    }

    static func number(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        return r == r.rounded() ? String(Int64(r)) : String(r)
    }

    func shapeYAML(_ shape: ClassEstimate.Shape) -> String {
        switch shape {
        case .steady(let rate, let amplitude, let peak):
            let r = Self.number(max(rate, 0.001))
            return amplitude > 0
                ? "steady: {rate: \(r), diurnal: {amplitude: \(Self.number(amplitude)), peakHour: \(Self.number(peak))}}"
                : "steady: {rate: \(r)}"
        case .periodic(let period, let phase, let jitter, let connections):
            let every = period.seconds == 30 * 86_400 ? "30d" : period.compact
            return
                "periodic: {every: \(every), phase: \(phase.seconds)s, jitter: \(jitter.seconds)s, connections: \(connections)}"
        case .once(let at, let connections, let spread):
            return "once: {at: \(at.seconds)s, connections: \(connections), spread: \(spread.seconds)s}"
        }
    }

    /// The services the records describe fully enough to write: a backing workload in their namespace and at least
    /// one port number; per service its ports, one per name.
    var writtenServices: [String: (ports: [ClassAccumulator.ServicePort], names: Set<String>)] {
        var out: [String: (ports: [ClassAccumulator.ServicePort], names: Set<String>)] = [:]
        for (key, s) in accumulator.services where s.workload != nil {
            var byName: [String: ClassAccumulator.ServicePort] = [:]
            for p in s.ports.sorted(by: {
                ($0.name, $0.port ?? 0, $0.targetPort ?? 0) < ($1.name, $1.port ?? 0, $1.targetPort ?? 0)
            })
            where p.port != nil && byName[p.name] == nil {
                byName[p.name] = p
            }
            guard !byName.isEmpty else { continue }
            let ports = byName.keys.sorted().map { byName[$0]! }
            out[key] = (ports, Set(ports.map(\.name)).union(ports.map { String($0.port!) }))
        }
        return out
    }

    /// The classes written: those to a Service only when the Service is written (`services`) with the class's port.
    func writtenClasses(_ services: [String: (ports: [ClassAccumulator.ServicePort], names: Set<String>)]) -> [Class] {
        classes.filter { c in
            guard case .service(let ns, let n) = c.key.destination else { return true }
            guard let port = c.key.port, let s = services["\(ns)/\(n)"] else { return false }
            return s.names.contains(port)
        }
    }

    /// The scenario, in the bundled format.
    public func yaml() -> String {
        let a = accumulator
        let externals = externalNames
        let services = writtenServices
        let written = writtenClasses(services)
        let span = SimDuration.seconds(spanEnd - spanStart)
        let start = SimInstant(unixSeconds: spanStart)
        var out = """
            # Inferred by `recsim infer` from \(Self.quoted(sourceFile)): \(records) flow-log records over \(span.compact)
            # (\(start.rfc3339) to \(SimInstant(unixSeconds: spanEnd).rfc3339)), \(classes.count) traffic classes.
            # A class is (source workload, destination, port, protocol); its arrivals are the records' num_flows_started,
            # counted at the source when the source is a workload, else at the destination. Names, labels, services,
            # network sets and domains are the ones the records name; addresses are placeholders (flow logs
            # aggregate them away).

            """
        if skippedRecords > 0 {
            out +=
                "# \(skippedRecords) records left out: a name Kubernetes would not accept, or an end recsim does not model (host endpoints).\n"
        }
        let unwritten = classes.count - written.count
        if unwritten > 0 {
            out +=
                "# \(unwritten) classes to a Service the records do not describe (no backing workload in its namespace, or no port number) left out.\n"
        }
        if deniedOnlyClasses > 0 {
            out +=
                "# \(deniedOnlyClasses) classes left out: every record denied (not traffic the cluster allowed).\n"
        }
        out += """
            name: \(Self.quoted(name))
            start: \(Self.quoted(start.rfc3339))
            duration: \(span.seconds)s
            flowLogs: {flushInterval: \(flushSeconds)s, aggregation: 2}

            cluster:
              nodes: \(nodes)
              namespaces:\(a.namespaces.isEmpty ? " []" : "")

            """
        for ns in a.namespaces.sorted() {
            let labels = cluster.namespaceLabels[ns] ?? [:]
            out +=
                "    - {name: \(Self.quoted(ns))" + (labels.isEmpty ? "" : ", labels: \(Self.labelsYAML(labels))")
                + "}\n"
        }
        out += "  workloads:\(a.workloads.isEmpty ? " []" : "")\n"
        for key in a.workloads.keys.sorted() {
            let w = a.workloads[key]!
            let slash = key.firstIndex(of: "/")!
            let ns = String(key[..<slash]), name = String(key[key.index(after: slash)...])
            let known = cluster.workloads[key]
            var fields = [
                "name: \(Self.quoted(name))", "namespace: \(Self.quoted(ns))",
                "kind: \(known?.kind ?? (w.isDeployment ? "Deployment" : "StatefulSet"))",
            ]
            if let replicas = known?.replicas, replicas > 1 { fields.append("replicas: \(replicas)") }
            let labels = (known?.labels.isEmpty == false ? known!.labels : w.labels).filter {
                $0.key != "pod-template-hash"
            }
            if !labels.isEmpty { fields.append("labels: \(Self.labelsYAML(labels))") }
            if !w.ports.isEmpty {
                fields.append("ports: [\(w.ports.sorted().map(String.init).joined(separator: ", "))]")
            }
            out += "    - {\(fields.joined(separator: ", "))}\n"
        }
        if !services.isEmpty {
            out += "  services:\n"
            for key in services.keys.sorted() {
                let s = a.services[key]!
                let slash = key.firstIndex(of: "/")!
                let ns = String(key[..<slash]), name = String(key[key.index(after: slash)...])
                let ports = services[key]!.ports.map { p in
                    "{name: \(Self.quoted(p.name)), port: \(p.port!)"
                        + (p.targetPort.map { ", targetPort: \($0)" } ?? "") + "}"
                }
                out +=
                    "    - {name: \(Self.quoted(name)), namespace: \(Self.quoted(ns)), workload: \(Self.quoted(s.workload!)), ports: [\(ports.joined(separator: ", "))]}\n"
            }
        }
        let sets = a.networkSets.sorted()
        let namespaced = sets.filter { if case .networkSet(_?, _) = $0 { true } else { false } }
        let global = sets.filter { if case .networkSet(nil, _) = $0 { true } else { false } }
        var net = 0
        func nextNet() -> String {
            defer { net += 1 }
            return "198.18.\(net / 16).\((net % 16) * 16)/28"
        }
        if !namespaced.isEmpty {
            out += "  networkSets:\n"
            for case .networkSet(let ns?, let n) in namespaced {
                out +=
                    "    - {name: \(Self.quoted(n)), namespace: \(Self.quoted(ns)), \(netsYAML("\(ns)/\(n)", nextNet))}\n"
            }
        }
        if !global.isEmpty {
            out += "  globalNetworkSets:\n"
            for case .networkSet(nil, let n) in global {
                out += "    - {name: \(Self.quoted(n)), \(netsYAML("/\(n)", nextNet))}\n"
            }
        }
        if !externals.isEmpty {
            out += "  externalEndpoints:\n"
            var pub = 10, pvt = 10
            for e in a.externals.sorted() {
                guard case .external(let isPublic, let domains) = e else { continue }
                let ip: String
                if isPublic { ip = "203.0.113.\(pub)"; pub += 1 } else { ip = "10.255.0.\(pvt)"; pvt += 1 }
                out +=
                    "    - {name: \(Self.quoted(externals[e]!)), ip: \"\(ip)\""
                    + (domains.isEmpty ? "" : ", domains: [\(domains.map(Self.quoted).joined(separator: ", "))]")
                    + "}\n"
            }
        }
        out += "\ntraffic:\(written.isEmpty && scans.isEmpty ? " []" : "")\n"
        for c in written {
            let e = c.estimate
            out +=
                "  # \(c.key.label): \(e.method); \(c.records) records, first seen \(SimInstant(unixSeconds: e.firstSeen).rfc3339), last seen \(SimInstant(unixSeconds: e.lastSeen).rfc3339); rarity \(e.rarity.rawValue)\n"
            var fields = [
                "id: \(Self.quoted(c.id))", "from: \(endpointYAML(c.key.source, externals: externals))",
                "to: \(endpointYAML(c.key.destination, externals: externals))",
            ]
            if let port = c.key.port {
                fields.append("port: " + (Int64(port) != nil ? port : Self.quoted(port)))
            }
            if c.key.proto.lowercased() != "tcp" { fields.append("protocol: \(Self.quoted(c.key.proto.uppercased()))") }
            fields.append(shapeYAML(e.shape))
            out += "  - {\(fields.joined(separator: ", "))}\n"
        }
        for scan in scans {
            let arrivals = scan.classes.map(\.estimate.arrivals).reduce(0, +)
            out +=
                "  # \(scan.source.label) looks like a scanner: \(scan.classes.count) sporadic classes (each under \(Self.number(ScanHeuristic.maximumRate))/h, no period) to \(scan.ports.count) ports in \(scan.namespaces.count) namespaces, \(arrivals) arrivals; written as attack traffic (ground truth attack), which advice does not wait for. Check it.\n"
            out +=
                "  - {id: \(Self.quoted(scan.id)), from: \(endpointYAML(scan.source, externals: externals)), attack: {rate: \(Self.number(max(scan.ratePerHour, 0.001))), ports: [\(scan.ports.map(String.init).joined(separator: ", "))], namespaces: [\(scan.namespaces.map(Self.quoted).joined(separator: ", "))]}}\n"
        }
        var events: [(at: Int64, text: String)] = []
        for c in written {
            if let at = c.estimate.startsAt {
                events.append((at.seconds, "{at: \(at.seconds)s, patternStarts: \(Self.quoted(c.id))}"))
            }
            if let at = c.estimate.stopsAt {
                events.append((at.seconds, "{at: \(at.seconds)s, patternStops: \(Self.quoted(c.id))}"))
            }
        }
        if !events.isEmpty {
            out += "\n# Classes whose traffic began or ended within the export (see their comments).\nevents:\n"
            for e in events.sorted(by: { ($0.at, $0.text) < ($1.at, $1.text) }) { out += "  - \(e.text)\n" }
        }
        let warm = span.seconds > 2 * 86_400
        out += """

            recommendation:
              # \(warm ? "Warm start: a day of history before the engine is enabled, as when the feature is turned on in a running cluster." : "Cold start: the span is too short for a day of history.")
              engineStart: \(warm ? "1d" : "0s")

            expect:
              # A starting point for `recsim regress`: the inferred traffic runs. Add the bounds you care about.
              metrics:
                - "flowLogRecords > 0"

            """
        return out
    }
}

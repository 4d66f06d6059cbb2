import CalicoModel

/// What recsim knows about a cluster's endpoints, for rebuilding the two ends of a flow-log record:
/// pods and pod controllers (labels, service account, container ports), network sets, host endpoints.
public struct ClusterInventory: Sendable {
    /// One pod shape: a pod, or a controller's pod template.
    struct PodShape: Sendable {
        var name: String
        var labels: Labels
        var serviceAccount: String?
        var ports: [ContainerPort]
        /// True for a controller: its pods are named `<name>-…`.
        var isController: Bool
    }

    private var pods: [String: [PodShape]] = [:]  // by namespace, sorted by name
    private var networkSets: [String: NetworkSet] = [:]  // "ns/name", "/name" for global
    private var hostEndpoints: [String: HostEndpoint] = [:]  // by name and by node

    public init(resources: [Resource]) {
        for r in resources {
            switch r {
            case .pod(let p):
                let ports = (p.spec?.containers ?? []).flatMap { $0.ports ?? [] }
                pods[p.metadata.namespace ?? "default", default: []].append(
                    PodShape(
                        name: p.metadata.name, labels: p.metadata.labels ?? [:],
                        serviceAccount: p.spec?.serviceAccountName,
                        ports: ports, isController: false))
            case .workload(let w):
                let spec = w.spec?.template?.spec
                pods[w.metadata.namespace ?? "default", default: []].append(
                    PodShape(
                        name: w.metadata.name, labels: w.spec?.template?.metadata?.labels ?? [:],
                        serviceAccount: spec?.serviceAccountName,
                        ports: (spec?.containers ?? []).flatMap { $0.ports ?? [] }, isController: true))
            case .networkSet(let s):
                networkSets["\(s.namespace ?? "")/\(s.name)"] = s
            case .hostEndpoint(let h):
                hostEndpoints[h.metadata.name] = h
                if let node = h.spec.node, hostEndpoints[node] == nil { hostEndpoints[node] = h }
            default:
                break
            }
        }
        for k in pods.keys { pods[k]!.sort { $0.name < $1.name } }
    }

    /// The pod shape behind a flow-log name: the pod itself (`name`), else for an aggregated name
    /// `prefix-*` the first pod whose name starts with `prefix-`, else the controller with the longest name
    /// that `prefix` starts with.
    func podShape(namespace: String, name: String, aggregatedName: String) -> PodShape? {
        guard let list = pods[namespace] else { return nil }
        if name != "-", let p = list.first(where: { !$0.isController && $0.name == name }) { return p }
        let prefix = aggregatedName.hasSuffix("*") ? String(aggregatedName.dropLast()) : aggregatedName
        let candidates = [name, prefix].filter { $0 != "-" && !$0.isEmpty }
        for c in candidates {
            if let p = list.first(where: { !$0.isController && ($0.name == c || $0.name.hasPrefix(c)) }) { return p }
        }
        return list.filter { p in p.isController && candidates.contains { $0.hasPrefix(p.name + "-") || $0 == p.name } }
            .max { $0.name.count < $1.name.count }
    }

    func networkSet(namespace: String?, name: String) -> NetworkSet? { networkSets["\(namespace ?? "")/\(name)"] }

    func hostEndpoint(_ name: String) -> HostEndpoint? { hostEndpoints[name] }
}

/// One end of a flow-log record, as the record describes it.
public struct FlowLogSide: Sendable {
    public var type: EndpointType
    public var name: String
    public var aggregatedName: String
    /// nil for `-`.
    public var namespace: String?
    /// `k=v` entries of `*_labels`.
    public var labels: [String]?
    public var ip: String?

    public static func source(_ log: FlowLog) -> FlowLogSide {
        FlowLogSide(
            type: log.sourceType, name: log.sourceName, aggregatedName: log.sourceNameAggr,
            namespace: log.sourceNamespace == "-" || log.sourceNamespace.isEmpty ? nil : log.sourceNamespace,
            labels: log.sourceLabels, ip: log.sourceIP)
    }

    public static func destination(_ log: FlowLog) -> FlowLogSide {
        FlowLogSide(
            type: log.destType, name: log.destName, aggregatedName: log.destNameAggr,
            namespace: log.destNamespace == "-" || log.destNamespace.isEmpty ? nil : log.destNamespace,
            labels: log.destLabels, ip: log.destIP)
    }
}

extension ClusterInventory {
    /// Rebuilds the endpoint of one side of a record. Labels come from the inventory, overridden by the
    /// record's own `*_labels` (what Calico saw); without an inventory match the record's labels stand alone.
    /// A `pub`/`pvt` network without an address stays address-less (the evaluator then only matches nets
    /// that cover every address it may stand for).
    public func endpoint(_ side: FlowLogSide, field: String) throws(EndpointRebuildError) -> FlowEndpoint {
        var recordLabels: Labels = [:]
        for entry in side.labels ?? [] {
            guard let eq = entry.firstIndex(of: "=") else {
                throw EndpointRebuildError(field: "\(field)_labels", message: "expected k=v, got \"\(entry)\"")
            }
            recordLabels[String(entry[..<eq])] = String(entry[entry.index(after: eq)...])
        }
        var ip: IPAddress? = nil
        if let text = side.ip {
            guard let parsed = IPAddress(text) else {
                throw EndpointRebuildError(field: "\(field)_ip", message: "not an IP address: \"\(text)\"")
            }
            ip = parsed
        }
        switch side.type {
        case .wep:
            guard let ns = side.namespace else {
                throw EndpointRebuildError(
                    field: "\(field)_namespace", message: "a workload endpoint needs a namespace")
            }
            let shape = podShape(namespace: ns, name: side.name, aggregatedName: side.aggregatedName)
            let labels = (shape?.labels ?? [:]).merging(recordLabels) { _, record in record }
            let name = side.name != "-" ? side.name : side.aggregatedName
            return .workload(
                name: name, namespace: ns, labels: labels, ip: ip, serviceAccount: shape?.serviceAccount ?? "default",
                namedPorts: shape?.ports ?? [], aggregatedName: side.aggregatedName)
        case .hep:
            if let h = hostEndpoint(side.aggregatedName) ?? hostEndpoint(side.name) {
                return FlowEndpoint(
                    kind: .hostEndpoint, name: h.metadata.name,
                    labels: (h.metadata.labels ?? [:]).merging(recordLabels) { $1 },
                    ip: ip, profiles: h.spec.profiles ?? [])
            }
            return FlowEndpoint(
                kind: .hostEndpoint, name: side.aggregatedName, labels: recordLabels, ip: ip, profiles: [])
        case .ns:
            let name = side.name != "-" ? side.name : side.aggregatedName
            if let set = networkSet(namespace: side.namespace, name: name)
                ?? networkSet(namespace: side.namespace, name: side.aggregatedName)
            {
                var e = FlowEndpoint.networkSet(set, ip: ip)
                e.labels.merge(recordLabels) { $1 }
                return e
            }
            var labels = recordLabels
            labels["projectcalico.org/kind"] = "NetworkSet"
            labels["projectcalico.org/name"] = name
            if let ns = side.namespace { labels["projectcalico.org/namespace"] = ns }
            return FlowEndpoint(
                kind: .networkSet, name: name, namespace: side.namespace, labels: labels, ip: ip, profiles: [])
        case .net:
            if let ip { return .network(ip: ip) }
            guard side.aggregatedName == "pub" || side.aggregatedName == "pvt" else {
                throw EndpointRebuildError(
                    field: "\(field)_name_aggr",
                    message: "a net endpoint is \"pub\" or \"pvt\", got \"\(side.aggregatedName)\"")
            }
            return FlowEndpoint(kind: .network, name: side.aggregatedName, profiles: [])
        }
    }
}

/// Why a record's endpoint could not be rebuilt.
public struct EndpointRebuildError: Error, Equatable, Sendable {
    public var field: String
    public var message: String
}

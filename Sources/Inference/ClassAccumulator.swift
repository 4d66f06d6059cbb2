import CalicoModel

/// Streams flow-log records into traffic classes and the inventory they reveal. Memory grows with the number of
/// classes and flush windows in which they were active, never with the number of records.
public struct ClassAccumulator: Sendable {
    /// Per class: arrivals (`num_flows_started`) per flush window start, records, and whether any was allowed.
    struct ClassData: Sendable {
        var bins: [Int64: Int] = [:]
        var records = 0
        var allowed = false
        /// Ground-truth pattern ids of its records, when the caller knows them (generated flow logs).
        var patterns: Set<String> = []
    }

    struct WorkloadData: Sendable {
        var labels: [String: String] = [:]
        var isDeployment = false
        var ports: Set<Int64> = []
    }

    struct ServicePort: Hashable, Sendable {
        var name: String
        var port: Int64?
        var targetPort: Int64?
    }

    struct ServiceData: Sendable {
        var ports: Set<ServicePort> = []
        var workload: String?
    }

    private(set) var classIDs: [InferredClassKey: Int] = [:]
    private(set) var classes: [ClassData] = []
    private(set) var namespaces: Set<String> = []
    private(set) var workloads: [String: WorkloadData] = [:]  // "ns/name"
    private(set) var services: [String: ServiceData] = [:]  // "ns/name"
    private(set) var networkSets: Set<InferredEndpoint> = []
    private(set) var externals: Set<InferredEndpoint> = []
    private(set) var hosts: Set<String> = []
    private(set) var records = 0
    /// Records whose names Kubernetes would not accept, or whose ends recsim does not model (host endpoints).
    private(set) var skippedRecords = 0
    private(set) var spanStart: Int64 = .max
    private(set) var spanEnd: Int64 = .min
    /// Flush windows seen (`end_time - start_time`), counted: the most common is the flush interval.
    private(set) var windowLengths: [Int64: Int] = [:]

    public init() {}

    /// Adds one record; `patterns` are its ground-truth pattern ids when known (generated flow logs, for checking
    /// an inference against the scenario that produced them).
    public mutating func add(_ log: FlowLog, patterns: [String] = []) {
        records += 1
        spanStart = min(spanStart, log.startTime)
        spanEnd = max(spanEnd, log.endTime)
        windowLengths[log.endTime - log.startTime, default: 0] += 1
        if !log.host.isEmpty && log.host != "-" { hosts.insert(log.host) }
        guard let source = endpoint(source: log), let destination = endpoint(destination: log) else {
            skippedRecords += 1
            return
        }
        // Count each connection once: at its source when the source is a workload (it reports), else at the
        // destination.
        let counted: Reporter = if case .workload = source { .src } else { .dst }
        let port: String? =
            if case .service = destination {
                log.destServicePort != "-" && !log.destServicePort.isEmpty
                    ? log.destServicePort : log.destServicePortNum.map(String.init)
            } else { log.destPort.map(String.init) }
        // Only what a scenario can say again: a protocol Calico knows, ports 1–65535, a port where the protocol
        // has ports (a Service destination names its port).
        guard let proto = ProtocolValue(parsing: log.proto),
            port.map({ Int64($0).map { (1...65535).contains($0) } ?? true }) ?? true
        else {
            skippedRecords += 1
            return
        }
        if case .service = destination {
        } else if proto.supportsPorts && port == nil {
            skippedRecords += 1
            return
        }
        let key = InferredClassKey(source: source, destination: destination, port: port, proto: log.proto.lowercased())
        let id: Int
        if let known = classIDs[key] {
            id = known
        } else {
            id = classes.count
            classIDs[key] = id
            classes.append(ClassData())
        }
        classes[id].records += 1
        for p in patterns { classes[id].patterns.insert(p) }
        if log.action == .allow { classes[id].allowed = true }
        if log.reporter == counted, log.numFlowsStarted > 0 {
            classes[id].bins[log.startTime, default: 0] += Int(log.numFlowsStarted)
        }
    }

    private mutating func endpoint(source log: FlowLog) -> InferredEndpoint? {
        endpoint(
            type: log.sourceType, namespace: log.sourceNamespace, nameAggr: log.sourceNameAggr,
            labels: log.sourceLabels, domains: nil, port: nil)
    }

    private mutating func endpoint(destination log: FlowLog) -> InferredEndpoint? {
        let workload = endpoint(
            type: log.destType, namespace: log.destNamespace, nameAggr: log.destNameAggr, labels: log.destLabels,
            domains: log.destDomains, port: log.destPort)
        let svcNS = log.destServiceNamespace, svc = log.destServiceName
        guard svc != "-", !svc.isEmpty, svcNS != "-", !svcNS.isEmpty else { return workload }
        guard FlowLogClassing.validNamespace(svcNS), KubernetesName.isValid(svc, as: .dns1035Label) else { return nil }
        // A service port must be a port number; its target, when given, too.
        func valid(_ p: Int64?) -> Bool { p.map { (1...65535).contains($0) } ?? true }
        guard valid(log.destServicePortNum), valid(log.destPort) else { return nil }
        namespaces.insert(svcNS)
        var data = services["\(svcNS)/\(svc)"] ?? ServiceData()
        let portName = log.destServicePort == "-" || log.destServicePort.isEmpty ? nil : log.destServicePort
        if let portName, !KubernetesName.isValid(portName, as: .dns1123Label) { return nil }
        data.ports.insert(
            ServicePort(
                name: portName ?? "port-\(log.destServicePortNum ?? log.destPort ?? 0)", port: log.destServicePortNum,
                targetPort: log.destPort))
        if case .workload(let ns, let name)? = workload, ns == svcNS { data.workload = name }
        services["\(svcNS)/\(svc)"] = data
        return .service(namespace: svcNS, name: svc)
    }

    private mutating func endpoint(
        type: EndpointType, namespace: String, nameAggr: String, labels: [String]?, domains: [String]?,
        port: Int64?
    ) -> InferredEndpoint? {
        switch type {
        case .wep:
            guard FlowLogClassing.validNamespace(namespace) else { return nil }
            let parsed = FlowLogClassing.labels(labels)
            guard let w = FlowLogClassing.workload(nameAggr: nameAggr, labels: parsed) else { return nil }
            namespaces.insert(namespace)
            var data = workloads["\(namespace)/\(w.name)"] ?? WorkloadData()
            for (k, v) in parsed where k != "pod-template-hash" {
                guard KubernetesName.isValid(k, as: .labelKey), KubernetesName.isValid(v, as: .labelValue) else {
                    continue
                }
                data.labels[k] = v
            }
            data.isDeployment = data.isDeployment || w.isDeployment
            if let port, (1...65535).contains(port) { data.ports.insert(port) }
            workloads["\(namespace)/\(w.name)"] = data
            return .workload(namespace: namespace, name: w.name)
        case .ns:
            guard KubernetesName.isValid(nameAggr, as: .dns1123Subdomain) else { return nil }
            let ns: String? = namespace == "-" || namespace.isEmpty ? nil : namespace
            if let ns {
                guard FlowLogClassing.validNamespace(ns) else { return nil }
                namespaces.insert(ns)
            }
            let e = InferredEndpoint.networkSet(namespace: ns, name: nameAggr)
            networkSets.insert(e)
            return e
        case .net:
            let valid = (domains ?? []).filter { KubernetesName.isValid($0, as: .dns1123Subdomain) }.sorted()
            let e = InferredEndpoint.external(isPublic: nameAggr != "pvt", domains: Array(Set(valid)).sorted())
            externals.insert(e)
            return e
        default:
            return nil
        }
    }

    /// The flush interval: the most common window length (ties to the shorter).
    var flushSeconds: Int64 {
        windowLengths.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 300
    }
}

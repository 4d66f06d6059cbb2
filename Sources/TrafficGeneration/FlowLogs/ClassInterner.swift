import CalicoModel
import PolicyEvaluation

/// Interns endpoints and templates of classes built outside the simulator (which carry no identity).
struct ClassInterner {
    var endpoints: [FlowEndpoint: Int32] = [:]
    var groups: [String: Int32] = [:]
    var templates: [ConnectionTemplate: Int32] = [:]
    var nodes: [String: Int32] = [:]

    /// A template id for the class's port, protocol, service and domains with the port left out.
    mutating func portlessTemplate(of cls: ConnectionClass) -> Int32 {
        let c = cls.connection
        let t = ConnectionTemplate(port: nil, proto: c.protocol, service: c.service, domains: c.destinationDomains)
        if let i = templates[t] { return i }
        let i = Int32(templates.count); templates[t] = i; return i
    }

    mutating func identity(of cls: ConnectionClass) -> ClassIdentity {
        let c = cls.connection
        func endpoint(_ e: FlowEndpoint) -> Int32 {
            if let i = endpoints[e] { return i }
            let i = Int32(endpoints.count); endpoints[e] = i; return i
        }
        /// Pods group by workload (non-negative ids); addresses by (type, namespace, aggregated name) (negative).
        func group(_ e: FlowEndpoint) -> Int32 {
            let k = "\(e.flowLogType.rawValue)|\(e.namespace ?? "-")|\(e.aggregatedName)"
            if let i = groups[k] { return i }
            let i = e.kind == .workload ? Int32(groups.count) : Int32(-1 - groups.count)
            groups[k] = i; return i
        }
        func node(_ n: String?) -> Int32 {
            guard let n else { return -1 }
            if let i = nodes[n] { return i }
            let i = Int32(nodes.count); nodes[n] = i; return i
        }
        let t = ConnectionTemplate(
            port: c.destinationPort, proto: c.protocol, service: c.service, domains: c.destinationDomains)
        let ti: Int32
        if let i = templates[t] { ti = i } else { ti = Int32(templates.count); templates[t] = ti }
        return ClassIdentity(
            source: endpoint(c.source), destination: endpoint(c.destination), sourceGroup: group(c.source),
            destinationGroup: group(c.destination), template: ti, sourceNode: node(cls.sourceNode),
            destinationNode: node(cls.destinationNode))
    }
}

extension FlowEndpoint.Kind {
    /// Calico endpoints (pods, host endpoints) report flows; network sets and networks never do.
    var reportsFlows: Bool { self == .workload || self == .hostEndpoint }
}

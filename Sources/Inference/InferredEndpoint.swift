import CalicoModel

/// One end of an inferred traffic class, as the flow logs name it (aggregated names, SPEC §5.1–§5.2).
public enum InferredEndpoint: Hashable, Sendable, Comparable {
    case workload(namespace: String, name: String)
    /// A destination reached through a Service (`dest_service_*`).
    case service(namespace: String, name: String)
    /// A NetworkSet (`namespace` nil: a GlobalNetworkSet).
    case networkSet(namespace: String?, name: String)
    /// An address outside the cluster, aggregated as `pub` or `pvt`, with the domains it was reached by.
    case external(isPublic: Bool, domains: [String])

    /// `ns/name`, `global/name`, `pub`, `pub(a.example,b.example)`: for ids, comments and ordering.
    public var label: String {
        switch self {
        case .workload(let ns, let n): "\(ns)/\(n)"
        case .service(let ns, let n): "svc:\(ns)/\(n)"
        case .networkSet(let ns, let n): "\(ns ?? "global")/\(n)"
        case .external(let pub, let domains):
            (pub ? "pub" : "pvt") + (domains.isEmpty ? "" : "(\(domains.joined(separator: ",")))")
        }
    }

    public static func < (a: InferredEndpoint, b: InferredEndpoint) -> Bool { a.label < b.label }
}

/// A traffic class: who talks to whom on which port and protocol (SPEC §5.2 aggregation keeps these apart).
public struct InferredClassKey: Hashable, Sendable, Comparable {
    public var source: InferredEndpoint
    public var destination: InferredEndpoint
    /// The destination port: a service port's name (or number) for services, else the port number; nil for
    /// protocols without ports.
    public var port: String?
    public var proto: String

    public var label: String { "\(source.label) → \(destination.label)" + (port.map { ":\($0)" } ?? "") + "/\(proto)" }
    public static func < (a: Self, b: Self) -> Bool { a.label < b.label }
}

/// Reading flow-log records into classes: which end a record names, and the workload behind an aggregated name.
enum FlowLogClassing {
    /// Labels of a record (`k=v` strings), with the controller's `pod-template-hash` kept apart.
    static func labels(_ list: [String]?) -> [String: String] {
        var out: [String: String] = [:]
        for item in list ?? [] {
            guard let eq = item.firstIndex(of: "=") else { continue }
            out[String(item[..<eq])] = String(item[item.index(after: eq)...])
        }
        return out
    }

    /// The workload behind a pod's aggregated name: `web-5d8f7c9b4-*` with `pod-template-hash=5d8f7c9b4` is
    /// Deployment `web`; `postgres-*` is a StatefulSet (or DaemonSet) `postgres`; a full pod name keeps its
    /// controller prefix the same way. nil when the result is not a valid Kubernetes name.
    static func workload(nameAggr: String, labels: [String: String]) -> (name: String, isDeployment: Bool)? {
        var name = nameAggr
        if name.hasSuffix("-*") { name.removeLast(2) }
        var deployment = false
        if let hash = labels["pod-template-hash"], !hash.isEmpty, name.hasSuffix("-" + hash) {
            name.removeLast(hash.count + 1)
            deployment = true
        }
        guard KubernetesName.isValid(name, as: .dns1123Subdomain) else { return nil }
        return (name, deployment)
    }

    static func validNamespace(_ ns: String) -> Bool { KubernetesName.isValid(ns, as: .dns1123Label) }
}

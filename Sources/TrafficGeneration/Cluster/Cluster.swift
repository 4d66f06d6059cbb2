import CalicoModel
import PolicyEvaluation
import Scenario
import Simulation

/// The cluster inventory a scenario describes, as values: namespaces, workloads with their pods as
/// `FlowEndpoint`s, services, network sets, external endpoints, tiers and existing policies.
///
/// Everything the scenario declares is here, including namespaces and workloads that only appear later;
/// `initiallyPresent…` and the simulator's topology changes say what exists when.
public struct Cluster: Sendable {
    public var nodes: [String]
    /// Every namespace the scenario declares, in file order.
    public var namespaces: [Namespace]
    public var workloads: [Workload]
    public var services: [ClusterService]
    public var networkSets: [NetworkSet]
    public var externalEndpoints: [ExternalEndpointSpec]
    public var tiers: [Tier]
    public var policies: [CalicoPolicy]
    public var kubernetesPolicies: [KubernetesNetworkPolicy]
    public var clusterDomain: String
    /// Namespaces present at the start (those without a `namespaceAppears` event).
    public var initiallyPresentNamespaces: [String]
    /// Workloads (`namespace/name`) present at the start.
    public var initiallyPresentWorkloads: [String]

    /// Builds the inventory: pod names, IPs (10.244.0.0/16, in declaration order) and nodes are derived from
    /// names only, so they do not depend on the run's seed.
    public init(scenario: Scenario) {
        let spec = scenario.cluster
        nodes = (1...max(1, spec.nodes)).map { "node-\($0)" }
        namespaces = spec.namespaces.map { Namespace(name: $0.name, labels: $0.labels) }
        var nextIP: UInt32 = 0x0AF4_0000 + 2  // 10.244.0.2
        var workloads: [Workload] = []
        for (wi, w) in spec.workloads.enumerated() {
            let hash = Workload.templateHash(namespace: w.namespace, name: w.name)
            var pods: [Workload.Pod] = []
            let aggregated: String
            switch w.kind {
            case .statefulSet: aggregated = "\(w.name)-*"
            case .deployment: aggregated = "\(w.name)-\(hash)-*"
            case .daemonSet: aggregated = "\(w.name)-*"
            }
            var labels = w.labels
            if w.kind == .deployment { labels["pod-template-hash"] = hash }
            for r in 0..<w.replicas {
                let podName: String
                switch w.kind {
                case .statefulSet: podName = "\(w.name)-\(r)"
                case .deployment:
                    podName =
                        "\(w.name)-\(hash)-\(Workload.podSuffix(namespace: w.namespace, name: w.name, replica: r))"
                case .daemonSet:
                    podName = "\(w.name)-\(Workload.podSuffix(namespace: w.namespace, name: w.name, replica: r))"
                }
                let ip = IPAddress.v4(nextIP)
                nextIP += 1
                let endpoint = FlowEndpoint.workload(
                    name: podName, namespace: w.namespace, labels: labels, ip: ip,
                    serviceAccount: w.serviceAccount, namedPorts: w.ports, aggregatedName: aggregated)
                pods.append(Workload.Pod(endpoint: endpoint, node: nodes[(wi + r) % nodes.count]))
            }
            workloads.append(Workload(spec: w, labels: labels, aggregatedName: aggregated, pods: pods))
        }
        self.workloads = workloads
        services = spec.services.enumerated().map { i, s in
            ClusterService(
                spec: s, clusterIP: .v4(0x0A60_0000 + 10 + UInt32(i)),
                backends: workloads.indices.filter { wi in
                    workloads[wi].spec.namespace == s.namespace
                        && s.selector.allSatisfy { workloads[wi].labels[$0.key] == $0.value }
                })
        }
        networkSets = spec.networkSets
        externalEndpoints = spec.externalEndpoints
        tiers = spec.tiers
        policies = spec.policies
        kubernetesPolicies = spec.kubernetesPolicies
        clusterDomain = scenario.clusterDomain
        // Absent at the start when the first event naming it is an "appears" (as the simulator decides).
        var appearing = Set<String>(), appearingWorkloads = Set<String>(), seen = Set<String>()
        for e in scenario.events {
            switch e.change {
            case .namespaceAppears(let n): if seen.insert("ns:" + n).inserted { appearing.insert(n) }
            case .namespaceDeleted(let n): seen.insert("ns:" + n)
            case .workloadAppears(let n, let w):
                if seen.insert("w:\(n)/\(w)").inserted { appearingWorkloads.insert("\(n)/\(w)") }
            case .workloadDeleted(let n, let w): seen.insert("w:\(n)/\(w)")
            default: break
            }
        }
        initiallyPresentNamespaces = namespaces.map(\.name).filter { !appearing.contains($0) }
        initiallyPresentWorkloads = workloads.map(\.qualifiedName).filter { !appearingWorkloads.contains($0) }
    }

    /// The policy set the evaluator needs: the cluster's tiers and policies plus `extra…` (e.g. recommended
    /// staged policies and the `namespace-isolation` tier), over the given namespaces (default: all declared).
    public func policySet(
        extraTiers: [Tier] = [], extraPolicies: [CalicoPolicy] = [],
        extraKubernetesPolicies: [KubernetesNetworkPolicy] = [],
        namespaces: [Namespace]? = nil
    ) throws(PolicySetError) -> PolicySet {
        var tiers = self.tiers
        for t in extraTiers where !tiers.contains(where: { $0.name == t.name }) { tiers.append(t) }
        return try PolicySet(
            tiers: tiers, policies: policies + extraPolicies,
            kubernetesPolicies: kubernetesPolicies + extraKubernetesPolicies,
            namespaces: namespaces ?? self.namespaces)
    }

    public func namespace(named name: String) -> Namespace? { namespaces.first { $0.name == name } }
    public func workloadIndex(namespace: String, name: String) -> Int? {
        workloads.firstIndex { $0.spec.namespace == namespace && $0.spec.name == name }
    }
    public func networkSet(namespace: String?, name: String) -> NetworkSet? {
        networkSets.first { $0.namespace == namespace && $0.name == name }
    }

    /// How Calico names a non-cluster address in flow logs: the best-matching network set, else `pub`/`pvt`.
    ///
    /// Precedence (SPEC §5.1): sets in `viewedFrom`'s namespace, then global sets, then other namespaces;
    /// a CIDR match beats a domain match; longer prefixes win; then names in byte order.
    public func endpoint(forAddress ip: IPAddress, domains: [String], viewedFrom namespace: String?) -> FlowEndpoint {
        var best: (rank: (Int, Int, Int), set: NetworkSet)?
        for set in networkSets {
            let scopeRank = set.namespace == nil ? 1 : (set.namespace == namespace ? 0 : 2)
            var match: (Int, Int)?
            for text in set.spec.nets ?? [] {
                if let cidr = CIDR(text), cidr.contains(ip) {
                    let m = (0, -cidr.prefixLength)
                    if match == nil || m < match! { match = m }
                }
            }
            if match == nil, let allowed = set.spec.allowedEgressDomains,
                domains.contains(where: { d in allowed.contains { Cluster.domain(d, matches: $0) } })
            {
                match = (1, 0)
            }
            guard let m = match else { continue }
            let rank = (scopeRank, m.0, m.1)
            if let b = best, (b.rank.0, b.rank.1, b.rank.2, b.set.name) <= (rank.0, rank.1, rank.2, set.name) {
                continue
            }
            best = (rank, set)
        }
        if let b = best { return .networkSet(b.set, ip: ip) }
        return .network(ip: ip)
    }

    /// Calico's domain matching: exact, or a single `*` standing for one or more labels.
    static func domain(_ d: String, matches pattern: String) -> Bool {
        guard let star = pattern.firstIndex(of: "*") else { return d == pattern }
        let prefix = pattern[..<star], suffix = pattern[pattern.index(after: star)...]
        return d.count > prefix.count + suffix.count && d.hasPrefix(prefix) && d.hasSuffix(suffix)
    }
}

/// A workload and its pods.
public struct Workload: Sendable {
    public struct Pod: Sendable {
        public var endpoint: FlowEndpoint
        public var node: String
    }
    public var spec: WorkloadSpec
    /// Pod labels (the spec's plus `pod-template-hash` for Deployments).
    public var labels: [String: String]
    /// Flow-log aggregated name, e.g. `frontend-7d4b9c6f5-*`.
    public var aggregatedName: String
    public var pods: [Pod]
    public var qualifiedName: String { "\(spec.namespace)/\(spec.name)" }

    private static let hashAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// A ReplicaSet pod-template-hash look-alike (10 characters of Kubernetes' safe alphabet), derived from the name.
    static func templateHash(namespace: String, name: String) -> String {
        var x = StableHash.fnv1a64("\(namespace)/\(name)")
        return String(
            (0..<10).map { _ in
                x = SplitMix64.mix(x &+ 0x9E37_79B9_7F4A_7C15); return hashAlphabet[Int(x % 27)]
            })
    }

    static func podSuffix(namespace: String, name: String, replica: Int) -> String {
        var x = StableHash.fnv1a64("\(namespace)/\(name)#\(replica)")
        return String(
            (0..<5).map { _ in
                x = SplitMix64.mix(x &+ 0x9E37_79B9_7F4A_7C15); return hashAlphabet[Int(x % 27)]
            })
    }
}

/// A Service with its cluster IP and backing workloads (indices into `Cluster.workloads`).
public struct ClusterService: Sendable {
    public var spec: ServiceSpec
    public var clusterIP: IPAddress
    public var backends: [Int]
}

import CalicoModel
import Foundation
import PolicyEvaluation
import Simulation
import TrafficGeneration

/// Counts what a recommendation allows beyond what legit traffic needed.
///
/// Each namespace's final recommendation is evaluated alone (as if enforced, without the cluster's other
/// policies) for every (workload of the namespace, known peer, port) tuple, in both directions. Known peers
/// are the cluster's workloads, an address of each network set and every external address; ports are those
/// written in the recommendation's rules plus those legit traffic of the namespace used. A tuple the
/// recommendation allows and no legit connection used counts as over-permissive — typically what `Public`
/// and `Private` rules open to every peer, and ports added for one peer that then open to others.
struct OverPermissiveness {
    /// Legit (protocol number, port) uses per namespace and (direction, workload, peer) pair: the pair key is
    /// `e|ns/workload|peer` (`i|…` for ingress; see `pairKey`).
    private(set) var legit: [String: [String: Set<PortUse>]] = [:]

    /// A protocol number and destination port legit traffic used.
    struct PortUse: Hashable {
        var proto: UInt8
        var port: UInt16
    }

    /// The peer part of a pair key: `ns/aggregated-name` for workloads, host endpoints and network sets, the
    /// address (or name) for networks.
    static func peerKey(_ peer: FlowEndpoint) -> String {
        switch peer.kind {
        case .workload, .hostEndpoint, .networkSet: "\(peer.namespace ?? "-")/\(peer.aggregatedName)"
        case .network: peer.ip.map { "\($0)" } ?? peer.name
        }
    }

    static func pairKey(egress: Bool, workloadKey: String, peerKey: String) -> String {
        "\(egress ? "e" : "i")|\(workloadKey)|\(peerKey)"
    }

    static func workloadKey(_ w: FlowEndpoint) -> String { "\(w.namespace ?? "-")/\(w.aggregatedName)" }

    /// Connections of the simulation already recorded as legit (their tuples are in `legit`).
    private var recorded = FastIndex<ConnectionKey>()
    private var recordedToken: (any AnyObject & Sendable)?

    mutating func observe(_ window: ConnectionWindow) {
        if window.simulationToken !== recordedToken || recorded.count > 500_000 {
            recorded.removeAll()
            recordedToken = window.simulationToken
        }
        for c in window.connections {
            let key = window.key(of: c)
            if let key, recorded.find(key) != nil { continue }
            guard c.truth.contains(where: { $0.truth == .legit }) else { continue }
            if let key { _ = recorded.insert(key) }
            let conn = c.connection
            // A use without a destination port never matches a rule's port: nothing to record.
            guard let port = conn.destinationPort else { continue }
            let use = PortUse(proto: conn.protocol.number, port: port)
            if conn.source.kind == .workload, let ns = conn.source.namespace {
                let key = Self.pairKey(
                    egress: true, workloadKey: Self.workloadKey(conn.source), peerKey: Self.peerKey(conn.destination))
                legit[ns, default: [:]][key, default: []].insert(use)
            }
            if conn.destination.kind == .workload, let ns = conn.destination.namespace {
                let key = Self.pairKey(
                    egress: false, workloadKey: Self.workloadKey(conn.destination), peerKey: Self.peerKey(conn.source))
                legit[ns, default: [:]][key, default: []].insert(use)
            }
        }
    }

    /// Over-permissive tuple counts per namespace for the given final recommendations.
    func counts(cluster: Cluster, recommendations: [CalicoPolicy], tier: Tier?) throws -> [String: Int] {
        let enforced = recommendations.map { p -> CalicoPolicy in
            var e = p
            e.kind = .networkPolicy
            e.spec.stagedAction = nil
            return e
        }
        // One compiled policy set (and so one identity and verdict cache) per worker: workers never wait on each
        // other's locks.
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, recommendations.count))
        let evaluators = try (0..<workers).map { _ in
            Evaluator(
                try PolicySet(
                    tiers: [tier ?? Tier(name: recommendationTier, order: 10000)], policies: enforced,
                    namespaces: cluster.namespaces))
        }
        // One representative endpoint per workload, network set and external address.
        var peers: [(FlowEndpoint, [String])] = []
        for w in cluster.workloads { if let pod = w.pods.first { peers.append((pod.endpoint, [])) } }
        for s in cluster.networkSets {
            if let net = s.spec.nets?.first, let cidr = CIDR(net) {
                peers.append((.networkSet(s, ip: cidr.address), []))
            }
        }
        for e in cluster.externalEndpoints {
            for ip in e.ips {
                peers.append((cluster.endpoint(forAddress: ip, domains: e.domains, viewedFrom: nil), e.domains))
            }
        }
        // Namespaces are independent: count them in parallel, each into its own slot (the result does not depend on
        // the order or the number of threads).
        let slots = CountSlots(recommendations.count)
        let legit = self.legit
        let workloads = cluster.workloads
        let peerList = peers
        let peerKeys = peers.map { Self.peerKey($0.0) }
        let queue = CountSlots.Queue(recommendations.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let evaluator = evaluators[worker]
            while let index = queue.next() {
                let policy = recommendations[index]
                guard let ns = policy.metadata.namespace else { continue }
                let count = Self.count(
                    policy: policy, namespace: ns, legitPairs: legit[ns] ?? [:], workloads: workloads,
                    peers: peerList, peerKeys: peerKeys, evaluator: evaluator)
                slots.set(index, count)
            }
        }
        var out: [String: Int] = [:]
        for (index, policy) in recommendations.enumerated() {
            if let ns = policy.metadata.namespace, let count = slots.value(index) { out[ns] = count }
        }
        return out
    }

    private static func count(
        policy: CalicoPolicy, namespace ns: String, legitPairs: [String: Set<PortUse>], workloads: [Workload],
        peers: [(FlowEndpoint, [String])], peerKeys: [String], evaluator: Evaluator
    ) -> Int {
        let locals = workloads.filter { $0.spec.namespace == ns }.compactMap { $0.pods.first?.endpoint }
        // Identities once per endpoint: every (local, peer) pair below reuses them.
        let localEnds = locals.map { evaluator.resolve($0) }
        let peerEnds = peers.map { evaluator.resolve($0.0) }
        var count = 0
        for (direction, rules) in [(true, policy.spec.egress ?? []), (false, policy.spec.ingress ?? [])] {
            var protoPorts: Set<PortKey> = []
            // Calico rules carry the (destination) port in `destination.ports` in both directions.
            for r in rules {
                guard let proto = r.protocol else { continue }
                for p in r.destination?.ports ?? [] where !p.isNamed && p.minPort == p.maxPort {
                    protoPorts.insert(PortKey(proto: proto, port: p.minPort))
                }
            }
            let prefix = direction ? "e|" : "i|"
            for (key, uses) in legitPairs where key.hasPrefix(prefix) {
                for u in uses {
                    protoPorts.insert(PortKey(proto: ProtocolValue.canonicalNumber(u.proto), port: u.port))
                }
            }
            let ports = protoPorts.sorted()
            guard let first = ports.first else { continue }
            // The legit uses of each (local, peer) pair by index, looked up once per pair key.
            var usedByPair: [Int: Set<PortUse>] = [:]
            let localKeys = locals.map(workloadKey)
            for l in locals.indices {
                for p in peers.indices {
                    if let uses = legitPairs[
                        pairKey(egress: direction, workloadKey: localKeys[l], peerKey: peerKeys[p])]
                    {
                        usedByPair[l * peers.count + p] = uses
                    }
                }
            }
            for (l, local) in locals.enumerated() {
                // One connection per local: only the peer, protocol and port change below (no copy of the local).
                // Both ends start as the local workload; the peer's side is replaced below.
                var conn = Connection(
                    source: local, destination: local, protocol: first.proto, destinationPort: first.port)
                for p in peers.indices {
                    if peers[p].0.kind == .workload && peers[p].0.namespace == local.namespace
                        && peers[p].0.aggregatedName == local.aggregatedName
                    {
                        continue
                    }
                    if direction {
                        conn.destination = peers[p].0
                        conn.destinationDomains = peers[p].1
                    } else {
                        conn.source = peers[p].0
                    }
                    let (sourceEnd, destinationEnd) =
                        direction ? (localEnds[l], peerEnds[p]) : (peerEnds[p], localEnds[l])
                    let used = usedByPair[l * peers.count + p]
                    for pp in ports {
                        conn.protocol = pp.proto
                        conn.destinationPort = pp.port
                        let trace = evaluator.evaluate(
                            conn, reporter: direction ? .src : .dst, source: sourceEnd, destination: destinationEnd
                        ).enforced
                        guard RecommendationDecision(hits: trace.hits, finalAction: trace.action) == .allowed else {
                            continue
                        }
                        if used?.contains(PortUse(proto: pp.proto.number, port: pp.port)) != true { count += 1 }
                    }
                }
            }
        }
        return count
    }

    /// One result per namespace, written from several threads.
    private final class CountSlots: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int?]
        init(_ n: Int) { values = Array(repeating: nil, count: n) }
        func set(_ i: Int, _ v: Int) { lock.lock(); values[i] = v; lock.unlock() }
        func value(_ i: Int) -> Int? { lock.lock(); defer { lock.unlock() }; return values[i] }

        /// Hands out the indices 0..<count one at a time to whichever worker asks first.
        final class Queue: @unchecked Sendable {
            private let lock = NSLock()
            private var nextIndex = 0
            private let count: Int
            init(_ count: Int) { self.count = count }
            func next() -> Int? {
                lock.lock(); defer { lock.unlock() }
                guard nextIndex < count else { return nil }
                nextIndex += 1
                return nextIndex - 1
            }
        }
    }

    struct PortKey: Hashable, Comparable {
        var proto: ProtocolValue
        var port: UInt16
        static func < (a: PortKey, b: PortKey) -> Bool { (a.proto.number, a.port) < (b.proto.number, b.port) }
    }
}

extension ProtocolValue {
    /// The canonical value for a protocol number (`6` → `TCP`).
    static func canonicalNumber(_ n: UInt8) -> ProtocolValue {
        ProtocolValue(parsing: String(n)).flatMap { ProtocolValue(parsing: $0.flowLogName) } ?? .number(n)
    }
}

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
    /// Legit tuples seen, per namespace: `direction|workload|peer|proto|port`.
    private(set) var legit: [String: Set<String>] = [:]

    static func key(
        egress: Bool, workload: FlowEndpoint, peer: FlowEndpoint, proto: ProtocolValue, port: UInt16?
    ) -> String {
        let p: String
        switch peer.kind {
        case .workload, .hostEndpoint, .networkSet: p = "\(peer.namespace ?? "-")/\(peer.aggregatedName)"
        case .network: p = peer.ip.map { "\($0)" } ?? peer.name
        }
        return
            "\(egress ? "e" : "i")|\(workload.namespace ?? "-")/\(workload.aggregatedName)|\(p)|\(proto.number)|\(port.map(String.init) ?? "-")"
    }

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
            if conn.source.kind == .workload, let ns = conn.source.namespace {
                legit[ns, default: []].insert(
                    Self.key(
                        egress: true, workload: conn.source, peer: conn.destination,
                        proto: conn.protocol, port: conn.destinationPort))
            }
            if conn.destination.kind == .workload, let ns = conn.destination.namespace {
                legit[ns, default: []].insert(
                    Self.key(
                        egress: false, workload: conn.destination, peer: conn.source,
                        proto: conn.protocol, port: conn.destinationPort))
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
        let queue = CountSlots.Queue(recommendations.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let evaluator = evaluators[worker]
            while let index = queue.next() {
                let policy = recommendations[index]
                guard let ns = policy.metadata.namespace else { continue }
                let count = Self.count(
                    policy: policy, namespace: ns, legitTuples: legit[ns] ?? [], workloads: workloads,
                    peers: peerList, evaluator: evaluator)
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
        policy: CalicoPolicy, namespace ns: String, legitTuples: Set<String>, workloads: [Workload],
        peers: [(FlowEndpoint, [String])], evaluator: Evaluator
    ) -> Int {
        let locals = workloads.filter { $0.spec.namespace == ns }.compactMap { $0.pods.first?.endpoint }
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
            for t in legitTuples where t.hasPrefix(direction ? "e|" : "i|") {
                let f = t.split(separator: "|")
                if f.count == 5, let n = UInt8(f[3]), let port = UInt16(f[4]) {
                    protoPorts.insert(PortKey(proto: ProtocolValue.canonicalNumber(n), port: port))
                }
            }
            let ports = protoPorts.sorted()
            for local in locals {
                for (peer, domains) in peers
                where
                    !(peer.kind == .workload && peer.namespace == local.namespace
                    && peer.aggregatedName == local.aggregatedName)
                {
                    for pp in ports {
                        let conn =
                            direction
                            ? Connection(
                                source: local, destination: peer, protocol: pp.proto, destinationPort: pp.port,
                                destinationDomains: domains)
                            : Connection(source: peer, destination: local, protocol: pp.proto, destinationPort: pp.port)
                        let trace = evaluator.evaluate(conn, reporter: direction ? .src : .dst).enforced
                        guard RecommendationDecision(hits: trace.hits, finalAction: trace.action) == .allowed else {
                            continue
                        }
                        let key = Self.key(
                            egress: direction, workload: local, peer: peer, proto: pp.proto, port: pp.port)
                        if !legitTuples.contains(key) { count += 1 }
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

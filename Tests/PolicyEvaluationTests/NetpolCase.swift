import CalicoModel
import Foundation
import Yams

@testable import PolicyEvaluation

/// One np-guard/netpol-analyzer case (`shared/k8s-netpol/<case>`): its cluster, as recsim endpoints and a
/// policy set, and the expected `src => dst : conns` lines.
///
/// Peers are workloads (a pod's controlling owner, or the pod itself; labels and named ports of its first
/// pod, or of a controller's pod template), external IPv4 blocks, and `{ingress-controller}` for workloads
/// exposed by an OpenShift Route. netpol-analyzer splits the external address space at every ipBlock
/// boundary (ingress `from` blocks for sources, egress `to` blocks for destinations) and reports
/// TCP/UDP/SCTP ports 1-65535 ("All Connections" when all of them are allowed).
struct NetpolCase {
    struct Peer {
        var display: String
        var endpoint: FlowEndpoint
    }

    var name: String
    var workloads: [Peer] = []
    var policySet: PolicySet
    var ingressBlocks: [ClosedRange<UInt32>] = []
    var egressBlocks: [ClosedRange<UInt32>] = []
    /// Port numbers where the verdict may change (interval starts), within 1...65535.
    var portCuts: [UInt16] = []
    /// Route-exposed workloads: display name → TCP ports the ingress controller reaches.
    var routeTargets: [(peer: Peer, ports: [UInt16])] = []
    var expected: [String]

    static let caseNames = [
        "acs-security-demos", "ipblockstest", "minimal_test_in_ns", "netpol-analysis-example-minimal",
        "onlineboutique", "test_with_named_ports", "with_end_port_example",
    ]

    init(_ name: String) throws {
        self.name = name
        let dir = SharedFiles.url("k8s-netpol/\(name)")
        expected = try String(contentsOf: dir.appendingPathComponent("\(name)_connlist_output.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        var resources: [Resource] = []
        var routes: [Node] = []
        for file in try NetpolCase.inputFiles(dir.appendingPathComponent("input")) {
            let text = try String(contentsOf: file, encoding: .utf8)
            resources += try ResourceYAML.decode(text, file: file.path, ignoreUnknownKinds: true).map(\.resource)
            for node in try Yams.compose_all(yaml: text) where node["kind"]?.string == "Route" { routes.append(node) }
        }
        policySet = try PolicySet(resources: resources)
        try build(resources, routes: routes)
    }

    static func inputFiles(_ dir: URL) throws -> [URL] {
        let all =
            FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return all.filter {
            ["yaml", "yml", "json"].contains($0.pathExtension) && !$0.lastPathComponent.hasPrefix("conn")
        }
        .sorted { $0.path < $1.path }
    }

    private mutating func build(_ resources: [Resource], routes: [Node]) throws {
        var byKey: [String: Peer] = [:]
        var order: [String] = []
        var allPorts: [UInt16] = []
        func add(kind: String, name: String, namespace: String, labels: Labels, spec: PodSpecSummary?) {
            let key = "\(namespace)/\(name)[\(kind)]"
            guard byKey[key] == nil else { return }
            let named = (spec?.containers ?? []).flatMap { $0.ports ?? [] }
            allPorts += named.map(\.containerPort)
            byKey[key] = Peer(
                display: key,
                endpoint: .workload(
                    name: name, namespace: namespace, labels: labels,
                    serviceAccount: spec?.serviceAccountName ?? "default",
                    namedPorts: named))
            order.append(key)
        }
        var services: [Service] = []
        for r in resources {
            switch r {
            case .pod(let p):
                let owner =
                    p.metadata.ownerReferences?.first { $0.controller == true } ?? p.metadata.ownerReferences?.first
                add(
                    kind: owner?.kind ?? "Pod", name: owner?.name ?? p.metadata.name,
                    namespace: p.metadata.namespace ?? "default",
                    labels: p.metadata.labels ?? [:], spec: p.spec)
            case .workload(let w):
                add(
                    kind: w.kind, name: w.metadata.name, namespace: w.metadata.namespace ?? "default",
                    labels: w.spec?.template?.metadata?.labels ?? [:], spec: w.spec?.template?.spec)
            case .service(let s): services.append(s)
            default: break
            }
        }
        workloads = order.sorted().map { byKey[$0]! }

        var ingressCuts: [UInt32] = [], egressCuts: [UInt32] = []
        for k in policySet.kubernetesPolicies {
            for r in k.spec.ingress ?? [] {
                for peer in r.from ?? [] { ingressCuts += NetpolCase.cuts(peer.ipBlock) }
                allPorts += NetpolCase.portNumbers(r.ports)
            }
            for r in k.spec.egress ?? [] {
                for peer in r.to ?? [] { egressCuts += NetpolCase.cuts(peer.ipBlock) }
                allPorts += NetpolCase.portNumbers(r.ports)
            }
        }
        ingressBlocks = NetpolCase.blocks(ingressCuts)
        egressBlocks = NetpolCase.blocks(egressCuts)
        var cuts = Set<UInt16>([1])
        for p in allPorts where p >= 1 {
            cuts.insert(p)
            if p < 65535 { cuts.insert(p + 1) }
        }
        portCuts = cuts.sorted()

        for route in routes {
            let ns = route["metadata"]?["namespace"]?.string ?? "default"
            guard let serviceName = route["spec"]?["to"]?["name"]?.string,
                let service = services.first(where: {
                    $0.metadata.name == serviceName && ($0.metadata.namespace ?? "default") == ns
                })
            else { continue }
            let target = route["spec"]?["port"]?["targetPort"]?.string
            let servicePorts = (service.spec.ports ?? []).filter {
                target == nil || $0.name == target || String($0.port) == target
            }
            for peer in workloads
            where peer.endpoint.namespace == ns
                && (service.spec.selector ?? [:]).allSatisfy({ peer.endpoint.labels[$0.key] == $0.value })
            {
                var ports: [UInt16] = []
                for sp in servicePorts {
                    let tp = sp.targetPort ?? CalicoModel.Port(sp.port)
                    if tp.isNamed {
                        ports += peer.endpoint.namedPorts.filter { $0.name == tp.name }.map(\.containerPort)
                    } else {
                        ports.append(tp.minPort)
                    }
                }
                routeTargets.append((peer, ports))
            }
        }
    }

    /// ipBlock boundaries (IPv4): the first address of each block and the one after its end.
    static func cuts(_ block: KubernetesNetworkPolicySpec.IPBlock?) -> [UInt32] {
        guard let block else { return [] }
        var out: [UInt32] = []
        for text in [block.cidr] + (block.except ?? []) {
            guard let c = CIDR(text), case .v4(let a) = c.address else { continue }
            let size: UInt64 = 1 << UInt64(32 - c.prefixLength)
            let start = UInt64(a) & ~(size - 1)
            out.append(UInt32(start))
            if start + size <= UInt64(UInt32.max) { out.append(UInt32(start + size)) }
        }
        return out
    }

    static func blocks(_ cuts: [UInt32]) -> [ClosedRange<UInt32>] {
        let starts = Set(cuts + [0]).sorted()
        return starts.enumerated().map { i, s in s...(i + 1 < starts.count ? starts[i + 1] - 1 : UInt32.max) }
    }

    /// Port numbers a rule names; the caller cuts before and after each, which also bounds `port...endPort`.
    static func portNumbers(_ ports: [KubernetesNetworkPolicySpec.PolicyPort]?) -> [UInt16] {
        (ports ?? []).flatMap { p -> [UInt16] in
            guard let port = p.port, !port.isNamed else { return [] }
            return [port.minPort] + (p.endPort.map { [$0] } ?? [])
        }
    }

    static func display(_ block: ClosedRange<UInt32>) -> String {
        "\(IPAddress.v4(block.lowerBound))-\(IPAddress.v4(block.upperBound))[External]"
    }
}

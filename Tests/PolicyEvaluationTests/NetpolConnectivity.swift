import CalicoModel

@testable import PolicyEvaluation

/// Connectivity between the peers of a `NetpolCase`, computed with recsim's evaluator and written the way
/// netpol-analyzer writes its connlist.
extension NetpolCase {
    static let protocols: [(name: String, value: ProtocolValue)] = [("SCTP", .sctp), ("TCP", .tcp), ("UDP", .udp)]
    static let ingressController = FlowEndpoint.workload(
        name: "ingress-controller", namespace: "{ingress-controller}", labels: [:])

    /// Allowed port intervals per protocol from `src` to `dst`: a port is allowed when every reporting side's
    /// enforced verdict allows it. The verdict only changes at `portCuts`, so one port per interval decides it.
    func allowedPorts(
        from src: FlowEndpoint, to dst: FlowEndpoint, evaluator: Evaluator
    ) -> [String: [ClosedRange<UInt16>]] {
        var out: [String: [ClosedRange<UInt16>]] = [:]
        for (name, proto) in NetpolCase.protocols {
            var ranges: [ClosedRange<UInt16>] = []
            for (i, start) in portCuts.enumerated() {
                let end = i + 1 < portCuts.count ? portCuts[i + 1] - 1 : 65535
                let c = Connection(
                    source: src, destination: dst, protocol: proto, destinationPort: start, sourcePort: 40000)
                guard evaluator.isAllowed(c) else { continue }
                if let last = ranges.last, last.upperBound + 1 == start {
                    ranges[ranges.count - 1] = last.lowerBound...end
                } else {
                    ranges.append(start...end)
                }
            }
            if !ranges.isEmpty { out[name] = ranges }
        }
        return out
    }

    /// `All Connections`, or `TCP 80,UDP 53-54` (protocols sorted, ranges as `a-b`); nil when nothing is allowed.
    static func format(_ conns: [String: [ClosedRange<UInt16>]]) -> String? {
        if conns.isEmpty { return nil }
        if protocols.allSatisfy({ conns[$0.name] == [1...65535] }) { return "All Connections" }
        return conns.keys.sorted().map { proto in
            proto + " "
                + conns[proto]!.map {
                    $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)"
                }
                .joined(separator: ",")
        }.joined(separator: ",")
    }

    /// Every connlist line recsim computes for the case.
    func computedLines() -> [String] {
        let evaluator = Evaluator(policySet)
        var lines: [String] = []
        func emit(_ src: String, _ dst: String, _ conns: [String: [ClosedRange<UInt16>]]) {
            if let text = NetpolCase.format(conns) { lines.append("\(src) => \(dst) : \(text)") }
        }
        for a in workloads {
            for b in workloads where a.display != b.display {
                emit(a.display, b.display, allowedPorts(from: a.endpoint, to: b.endpoint, evaluator: evaluator))
            }
            for block in egressBlocks {
                let external = FlowEndpoint.network(ip: .v4(block.lowerBound))
                emit(
                    a.display, NetpolCase.display(block),
                    allowedPorts(from: a.endpoint, to: external, evaluator: evaluator))
            }
            for block in ingressBlocks {
                let external = FlowEndpoint.network(ip: .v4(block.lowerBound))
                emit(
                    NetpolCase.display(block), a.display,
                    allowedPorts(from: external, to: a.endpoint, evaluator: evaluator))
            }
        }
        var routed: [String: Set<UInt16>] = [:]
        for (peer, ports) in routeTargets {
            for port in ports {
                let c = Connection(
                    source: NetpolCase.ingressController, destination: peer.endpoint, protocol: .tcp,
                    destinationPort: port, sourcePort: 40000)
                if evaluator.evaluate(c, reporter: .dst).enforced.action == .allow {
                    routed[peer.display, default: []].insert(port)
                }
            }
        }
        for (display, ports) in routed {
            lines.append(
                "{ingress-controller} => \(display) : TCP " + ports.sorted().map(String.init).joined(separator: ","))
        }
        return lines.sorted()
    }
}

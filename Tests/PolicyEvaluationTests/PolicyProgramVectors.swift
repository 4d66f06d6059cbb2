import CalicoModel
import Foundation

@testable import PolicyEvaluation

/// felix's BPF policy-program test cases (`shared/calico/vectors/policy-program-cases.json`) and their
/// translation into recsim's model.
///
/// Translation: each tier becomes a `Tier` (order = position; `TierEndPass` ⇒ default action Pass), each
/// policy a `GlobalNetworkPolicy` selecting everything with ingress rules (order = position). The packet's
/// destination is the reporting endpoint (a host endpoint with no profiles, since a BPF program without a
/// verdict drops). IP sets become labels `ipset.<id>` on every endpoint whose address is in the set, and
/// `…IpSetIds` become selectors over them (AND of all ids, as felix matches every listed set); named-port
/// IP sets (`ip,proto:port` members) become container ports named `np-<id>` on the endpoints with that
/// address, and `…NamedPortIpSetIds` become named `ports` entries.
struct PolicyProgramCase: Decodable {
    struct Program: Decodable { var Tiers: [TierJSON] }
    struct TierJSON: Decodable { var Name: String; var EndAction: String?; var Policies: [PolicyJSON]? }
    struct PolicyJSON: Decodable { var Name: String; var Rules: [RuleWrapper] }
    struct RuleWrapper: Decodable { var Rule: RuleJSON }
    struct ProtocolJSON: Decodable {
        struct NumberOrName: Decodable { var Name: String?; var Number: UInt8? }
        var NumberOrName: NumberOrName
    }
    struct PortRange: Decodable { var First: UInt16; var Last: UInt16 }
    struct TypeCode: Decodable { var `Type`: Int; var Code: Int }
    struct ICMPJSON: Decodable { var IcmpType: Int?; var IcmpTypeCode: TypeCode? }
    struct NotICMPJSON: Decodable { var NotIcmpType: Int?; var NotIcmpTypeCode: TypeCode? }
    struct RuleJSON: Decodable {
        var Action: String
        var `Protocol`: ProtocolJSON?
        var NotProtocol: ProtocolJSON?
        var SrcNet: [String]?, NotSrcNet: [String]?, DstNet: [String]?, NotDstNet: [String]?
        var SrcPorts: [PortRange]?, NotSrcPorts: [PortRange]?, DstPorts: [PortRange]?, NotDstPorts: [PortRange]?
        var SrcIpSetIds: [String]?, NotSrcIpSetIds: [String]?, DstIpSetIds: [String]?, NotDstIpSetIds: [String]?
        var SrcNamedPortIpSetIds: [String]?, DstNamedPortIpSetIds: [String]?
        var Icmp: ICMPJSON?
        var NotIcmp: NotICMPJSON?
    }
    struct Packet: Decodable, CustomStringConvertible {
        var proto: UInt8
        var src: String
        var sport: UInt16?
        var dst: String
        var dport: UInt16?
        var icmpType: Int?
        var icmpCode: Int?
        var description: String {
            "proto \(proto) \(src):\(sport.map(String.init) ?? "-") → \(dst):\(dport.map(String.init) ?? "-")"
        }
    }

    var PolicyName: String
    var ForIPv6: Bool?
    var Policy: Program?
    var IPSets: [String: [String]]?
    var AllowedPackets: [Packet]?
    var DroppedPackets: [Packet]?

    /// Every rule field the adapter translates; a case using anything else must fail loudly.
    static let knownRuleKeys: Set<String> = [
        "Action", "Protocol", "NotProtocol", "SrcNet", "NotSrcNet", "DstNet", "NotDstNet",
        "SrcPorts", "NotSrcPorts", "DstPorts", "NotDstPorts", "SrcIpSetIds", "NotSrcIpSetIds", "DstIpSetIds",
        "NotDstIpSetIds",
        "SrcNamedPortIpSetIds", "DstNamedPortIpSetIds", "Icmp", "NotIcmp",
    ]

    static func load() throws -> (cases: [PolicyProgramCase], ruleKeys: Set<String>) {
        let data = try SharedFiles.data("calico/vectors/policy-program-cases.json")
        struct File: Decodable { var cases: [PolicyProgramCase] }
        let cases = try JSONDecoder().decode(File.self, from: data).cases
        // Collect every rule key actually present, to prove none is silently ignored.
        var keys = Set<String>()
        let raw = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        for c in raw["cases"] as! [[String: Any]] {
            for t in ((c["Policy"] as? [String: Any])?["Tiers"] as? [[String: Any]]) ?? [] {
                for p in (t["Policies"] as? [[String: Any]]) ?? [] {
                    for r in p["Rules"] as! [[String: Any]] { keys.formUnion((r["Rule"] as! [String: Any]).keys) }
                }
            }
        }
        return (cases, keys)
    }

    // MARK: Translation

    func policySet() throws -> PolicySet {
        var tiers: [Tier] = []
        var policies: [CalicoPolicy] = []
        for (ti, t) in (Policy?.Tiers ?? []).enumerated() {
            tiers.append(
                Tier(name: t.Name, order: Double(ti), defaultAction: t.EndAction == "TierEndPass" ? .pass : .deny))
            for (pi, p) in (t.Policies ?? []).enumerated() {
                let spec = PolicySpec(
                    tier: t.Name, order: PolicyOrder(Double(pi)), types: [.ingress],
                    ingress: try p.Rules.map { try rule($0.Rule) })
                policies.append(
                    CalicoPolicy(kind: .globalNetworkPolicy, metadata: ObjectMeta(name: p.Name), spec: spec))
            }
        }
        return try PolicySet(tiers: tiers, policies: policies, namespaces: [])
    }

    struct AdapterError: Error, CustomStringConvertible { var description: String }

    func rule(_ r: RuleJSON) throws -> Rule {
        guard let action = RuleAction(rawValue: r.Action) else {
            throw AdapterError(description: "unknown action \(r.Action)")
        }
        func proto(_ p: ProtocolJSON?) throws -> ProtocolValue? {
            guard let p else { return nil }
            if let n = p.NumberOrName.Number { return .number(n) }
            guard let name = p.NumberOrName.Name, let v = ProtocolValue(parsing: name) else {
                throw AdapterError(description: "bad protocol")
            }
            return v
        }
        func ports(_ ranges: [PortRange]?, named: [String]?) -> [CalicoModel.Port]? {
            let list =
                (ranges ?? []).map { CalicoModel.Port(min: $0.First, max: $0.Last) }
                + (named ?? []).map { CalicoModel.Port(named: "np-\($0)") }
            return list.isEmpty ? nil : list
        }
        func selector(_ ids: [String]?) -> String? {
            guard let ids, !ids.isEmpty else { return nil }
            return ids.map { "has(ipset.\($0))" }.joined(separator: " && ")
        }
        let source = EntityRule(
            nets: r.SrcNet, notNets: r.NotSrcNet, selector: selector(r.SrcIpSetIds),
            notSelector: selector(r.NotSrcIpSetIds),
            ports: ports(r.SrcPorts, named: r.SrcNamedPortIpSetIds), notPorts: ports(r.NotSrcPorts, named: nil))
        let destination = EntityRule(
            nets: r.DstNet, notNets: r.NotDstNet, selector: selector(r.DstIpSetIds),
            notSelector: selector(r.NotDstIpSetIds),
            ports: ports(r.DstPorts, named: r.DstNamedPortIpSetIds), notPorts: ports(r.NotDstPorts, named: nil))
        let icmp = r.Icmp.map { ICMPFields(type: $0.IcmpType ?? $0.IcmpTypeCode?.Type, code: $0.IcmpTypeCode?.Code) }
        let notICMP = r.NotIcmp.map {
            ICMPFields(type: $0.NotIcmpType ?? $0.NotIcmpTypeCode?.Type, code: $0.NotIcmpTypeCode?.Code)
        }
        return Rule(
            action: action, protocol: try proto(r.Protocol), notProtocol: try proto(r.NotProtocol),
            icmp: icmp, notICMP: notICMP, source: source, destination: destination)
    }

    /// The endpoint owning `address`: labels for the IP sets it is in, named ports for named-port sets.
    func endpoint(_ address: String) throws -> FlowEndpoint {
        guard let ip = IPAddress(address) else { throw AdapterError(description: "bad address \(address)") }
        var labels: Labels = [:]
        var named: [ContainerPort] = []
        for (id, members) in (IPSets ?? [:]).sorted(by: { $0.key < $1.key }) {
            for m in members {
                let parts = m.split(separator: ",")
                guard let cidr = CIDR(String(parts[0])) else {
                    throw AdapterError(description: "bad IP set member \(m)")
                }
                guard cidr.contains(ip) else { continue }
                if parts.count == 2 {
                    let pp = parts[1].split(separator: ":")
                    guard pp.count == 2, let port = UInt16(pp[1]) else {
                        throw AdapterError(description: "bad named-port member \(m)")
                    }
                    named.append(
                        ContainerPort(name: "np-\(id)", containerPort: port, protocol: String(pp[0]).uppercased()))
                } else {
                    labels["ipset.\(id)"] = "true"
                }
            }
        }
        return FlowEndpoint(kind: .hostEndpoint, name: address, labels: labels, ip: ip, namedPorts: named, profiles: [])
    }

    func connection(_ p: Packet) throws -> Connection {
        let isICMP = p.proto == 1 || p.proto == 58
        // felix packs ICMP type and code into the "port" (type | code << 8).
        return Connection(
            source: try endpoint(p.src), destination: try endpoint(p.dst), protocol: .number(p.proto),
            destinationPort: isICMP ? nil : p.dport, sourcePort: isICMP ? nil : p.sport,
            icmpType: isICMP ? (p.icmpType ?? Int((p.dport ?? 0) & 0xFF)) : nil,
            icmpCode: isICMP ? (p.icmpCode ?? Int((p.dport ?? 0) >> 8)) : nil)
    }
}

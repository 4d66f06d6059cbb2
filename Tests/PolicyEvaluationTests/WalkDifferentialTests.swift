import CalicoModel
import Testing

@testable import PolicyEvaluation

/// The optimised walk (one pass for both traces, precompiled plans) against a direct transcription of
/// SPEC §4.1, on random tiers/policies/rules restricted to features the reference matches itself.
@Suite struct WalkDifferentialTests {
    struct RNG {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// Rules use only protocol, destination ports and source nets, so the reference can match them directly.
    static func referenceMatches(_ r: Rule, _ c: Connection) -> Bool {
        if let p = r.protocol, p.number != c.protocol.number { return false }
        if let ports = r.destination?.ports {
            guard let dp = c.destinationPort, ports.contains(where: { $0.contains(dp) }) else { return false }
        }
        if let nets = r.source?.nets {
            guard let ip = c.source.ip, nets.contains(where: { CIDR($0)!.contains(ip) }) else { return false }
        }
        return true
    }

    /// SPEC §4.1 pseudo-code, one trace at a time.
    static func reference(tiers: [Tier], policies: [CalicoPolicy], _ c: Connection, pending: Bool) -> [String] {
        var hits: [String] = []
        let allTiers = (tiers + [Tier(name: "default", order: 1_000_000)])
            .sorted { ($0.spec.order?.value ?? .infinity, $0.name) < ($1.spec.order?.value ?? .infinity, $1.name) }
        tierLoop: for t in allTiers {
            let pols = policies.filter { p in
                p.spec.tierName == t.name && p.spec.effectiveTypes.contains(.ingress)
                    && (pending ? p.spec.stagedAction != .delete : !p.kind.isStaged)
            }.sorted { ($0.spec.order?.value ?? .infinity, $0.name) < ($1.spec.order?.value ?? .infinity, $1.name) }
            if pols.isEmpty { continue }
            for p in pols {
                let kind = HitKind(p.kind).rawValue
                for (i, r) in p.spec.rules(.ingress).enumerated() where referenceMatches(r, c) {
                    switch r.action {
                    case .log: continue
                    case .allow: hits.append("\(hits.count)|\(t.name)|\(kind):\(p.name)|allow|\(i)"); return hits
                    case .deny: hits.append("\(hits.count)|\(t.name)|\(kind):\(p.name)|deny|\(i)"); return hits
                    case .pass: hits.append("\(hits.count)|\(t.name)|\(kind):\(p.name)|pass|\(i)"); continue tierLoop
                    }
                }
            }
            let first = pols[0]
            let pass = t.effectiveDefaultAction == .pass
            hits.append(
                "\(hits.count)|\(t.name)|\(HitKind(first.kind).rawValue):\(first.name)|\(pass ? "pass" : "deny")|-1")
            if !pass { return hits }
        }
        hits.append("\(hits.count)|__PROFILE__|pro:kns.ns|allow|0")
        return hits
    }

    @Test func randomPolicySetsAgreeWithReference() throws {
        var rng = RNG(state: 42)
        let actions: [RuleAction] = [.allow, .deny, .pass, .log]
        var checked = 0, diverging = 0, passes = 0
        for _ in 0..<300 {
            let tiers = (0..<(1 + rng.next(3))).map { i in
                Tier(
                    name: "t\(i)", order: rng.next(4) == 0 ? nil : Double(rng.next(3) * 10),
                    defaultAction: rng.next(2) == 0 ? .pass : .deny)
            }
            let tierNames = tiers.map(\.name) + ["default"]
            var policies: [CalicoPolicy] = []
            for j in 0..<(1 + rng.next(8)) {
                var rules: [Rule] = []
                for _ in 0..<rng.next(4) {
                    rules.append(
                        Rule(
                            action: actions[rng.next(4)],
                            protocol: rng.next(3) == 0 ? .udp : (rng.next(2) == 0 ? .tcp : nil),
                            source: rng.next(3) == 0 ? EntityRule(nets: ["10.0.0.0/\(8 + rng.next(24))"]) : nil,
                            destination: rng.next(2) == 0
                                ? EntityRule(ports: [Port(min: UInt16(rng.next(100)), max: UInt16(50 + rng.next(100)))])
                                : nil))
                }
                let staged = rng.next(3) == 0
                let kind: PolicyKind = staged ? .stagedGlobalNetworkPolicy : .globalNetworkPolicy
                policies.append(
                    CalicoPolicy(
                        kind: kind, metadata: ObjectMeta(name: "p\(j)"),
                        spec: PolicySpec(
                            stagedAction: staged ? [.set, .learn, .ignore, .delete][rng.next(4)] : nil,
                            tier: tierNames[rng.next(tierNames.count)],
                            order: rng.next(3) == 0 ? nil : PolicyOrder(Double(rng.next(4))),
                            types: [.ingress], ingress: rules)))
            }
            let evaluator = Evaluator(try PolicySet(tiers: tiers, policies: policies, namespaces: []))
            for _ in 0..<20 {
                let src = Fx.pod("s", "ns", ip: "10.\(rng.next(3)).\(rng.next(256)).1")
                let dst = Fx.pod("d", "ns", ip: "10.9.9.9")
                let c = Connection(
                    source: src, destination: dst, protocol: rng.next(2) == 0 ? .tcp : .udp,
                    destinationPort: UInt16(rng.next(200)), sourcePort: 40000)
                let v = evaluator.evaluate(c, reporter: .dst)
                let e = WalkDifferentialTests.reference(tiers: tiers, policies: policies, c, pending: false)
                let p = WalkDifferentialTests.reference(tiers: tiers, policies: policies, c, pending: true)
                #expect(v.enforced.hitStrings() == e, "enforced differs for \(policies)")
                #expect(v.pending.hitStrings() == p, "pending differs for \(policies)")
                #expect(v.enforced.action == (e.last!.contains("|allow|") ? .allow : .deny))
                checked += 1
                if e != p { diverging += 1 }
                if e.contains(where: { $0.contains("|pass|") }) { passes += 1 }
            }
        }
        #expect(checked == 6000)
        // The sample exercises what matters: staged policies changing the outcome, Pass chains.
        #expect(diverging > 500 && passes > 500, "diverging \(diverging), with pass \(passes)")
    }
}

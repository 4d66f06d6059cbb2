import CalicoModel
import Simulation
import TestSupport
import Testing

@testable import RecommendationEngine

/// The flow window's indexed, cached ingest against a direct reading of the engine's query (SPEC §2.4):
/// random records — copies sharing text, copies with other ports, out-of-range ports, domains, every trace
/// shape, some arriving late — must give the same query answers as filtering the raw records.
@Suite struct FlowWindowReferenceTests {
    static let namespaces = ["ns1", "ns2", "ns3", "-"]
    static let domains = (0..<13).map { "d\($0).example" }

    /// Builds a pool of records; copies keep their prototype's text box, as the generator's copies do.
    static func pool(_ rng: inout SeededGenerator) -> [FlowLog] {
        var pool: [FlowLog] = []
        for _ in 0..<30 {
            let ns = namespaces[Int.random(in: 0..<3, using: &rng)]
            let peer = namespaces.randomElement(using: &rng)!
            let policies: FlowPolicies
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: policies = unprotected(ns)
            case 1: policies = FlowPolicies(enforced: [profileAllow(ns)], pending: [snpAllow(ns)])
            case 2: policies = FlowPolicies(enforced: [snpDeny(ns)], pending: [snpDeny(ns)])
            default: policies = FlowPolicies(enforced: [], pending: [profileAllow(ns)], all: [profileAllow(ns)])
            }
            let port: Int64? = [80, 443, 8080, nil, 70_000].randomElement(using: &rng)!
            var log: FlowLog
            if Bool.random(using: &rng) {
                let domains =
                    Bool.random(using: &rng)
                    ? Array(Self.domains.shuffled(using: &rng).prefix(Int.random(in: 1...4, using: &rng))) : nil
                log = egress(
                    ns, to: peer == "-" ? .net : .wep, name: peer == "-" ? "pub" : "api-*", namespace: peer, port: port,
                    domains: domains, policies: policies, end: t0)
            } else {
                log = ingress(ns, from: .wep, name: "web-*", namespace: peer, port: port, policies: policies, end: t0)
            }
            pool.append(log)
            var samePort = log  // shares the text box
            samePort.bytesIn += 1
            pool.append(samePort)
            var otherPort = log  // shares the text box, another key
            otherPort.destPort = 9090
            pool.append(otherPort)
        }
        return pool
    }

    @Test(arguments: PropertySeeds.seeds(3))
    func queriesMatchTheRawRecords(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let pool = Self.pool(&rng)
        var window = FlowWindow()
        var ingested: [FlowLog] = []
        var late: [FlowLog] = []
        for flush in 1...24 as ClosedRange<Int64> {
            let end = t0 + .seconds(300 * flush)
            var batch = late
            late = []
            for _ in 0..<Int.random(in: 20...60, using: &rng) {
                var log = pool.randomElement(using: &rng)!
                log.startTime = end.unixSeconds - 300; log.endTime = end.unixSeconds
                if Int.random(in: 0..<10, using: &rng) == 0 { late.append(log) } else { batch.append(log) }
            }
            window.ingest(batch)
            ingested += batch
            for ns in Self.namespaces.dropLast() {
                for lookback in [300, 900, 3600, 86_400] as [Int64] {
                    let got = window.query(namespace: ns, lookback: .seconds(lookback), now: end)
                    let want = Self.reference(ingested, namespace: ns, lookback: lookback, now: end.unixSeconds)
                    #expect(got.trace == want.trace, "seed \(seed) flush \(flush) \(ns) \(lookback)")
                    #expect(got.flows.map(Self.describe) == want.flows, "seed \(seed) flush \(flush) \(ns) \(lookback)")
                }
            }
        }
    }

    static func describe(_ f: L3Flow) -> String {
        let k = f.key
        return
            "\(k.reporter) \(k.sourceNamespace)/\(k.sourceNameAggr) → \(k.destNamespace)/\(k.destNameAggr):\(k.destPort ?? -1) \(f.destDomains)"
    }

    /// The query over raw records: in window, touching the namespace, with a profile allow in the pending
    /// trace, or if there are none in the enforced (or legacy) trace; grouped by L3 key in first-seen order
    /// (by end time, then arrival), with the top ten domains by document count.
    static func reference(
        _ logs: [FlowLog], namespace: String, lookback: Int64, now: Int64
    ) -> (trace: FlowQueryTrace, flows: [String]) {
        let inWindow = logs.enumerated()
            .filter { $0.element.endTime > now - lookback && $0.element.endTime <= now && $0.element.destPort != nil }
            .filter { $0.element.sourceNamespace == namespace || $0.element.destNamespace == namespace }
            .sorted { ($0.element.endTime, $0.offset) < ($1.element.endTime, $1.offset) }
            .map(\.element)
        let pending = inWindow.filter { $0.policies.pendingPolicies.contains(where: FlowWindow.isProfileAllow) }
        let enforced = inWindow.filter {
            $0.policies.enforcedPolicies.contains(where: FlowWindow.isProfileAllow)
                || ($0.policies.allPolicies ?? []).contains(where: FlowWindow.isProfileAllow)
        }
        let (trace, chosen) = pending.isEmpty ? (FlowQueryTrace.enforced, enforced) : (.pending, pending)
        var order: [L3FlowKey] = []
        var counts: [L3FlowKey: [String: Int]] = [:]
        for log in chosen {
            let key = L3FlowKey(log)
            if counts[key] == nil { order.append(key); counts[key] = [:] }
            for d in Set(log.destDomains ?? []) { counts[key]![d, default: 0] += 1 }
        }
        return (trace, order.map { describe(L3Flow(key: $0, destDomains: FlowWindow.topDomains(counts[$0]!))) })
    }
}

/// The ingest cache across generations: never a wrong answer, and a working set in use survives turnover.
@Suite struct IngestCacheTests {
    final class Box: Sendable {}

    static func key(_ box: Box, _ port: Int64) -> IngestCache.Key {
        var log = egress("ns1", to: .net, name: "pub", port: port, end: t0)
        log.destServicePortNum = nil
        var k = IngestCache.Key(log)!
        k.text = ObjectIdentifier(box)
        return k
    }

    @Test func turnoverKeepsTheWorkingSetAndNeverAnswersWrong() {
        var cache = IngestCache()
        let hot = (0..<100).map { _ in Box() }
        for (i, b) in hot.enumerated() {
            cache.insert(Self.key(b, 443), value: .init(key: Int32(i), mask: 1, hasDomains: false), token: b)
        }
        var cold: [Box] = []
        for round in 0..<200_000 {
            let b = Box()
            cold.append(b)
            cache.insert(Self.key(b, 80), value: .init(key: Int32(1000 + round), mask: 2, hasDomains: true), token: b)
            if round % 1000 == 0 {
                for (i, h) in hot.enumerated() { #expect(cache.value(for: Self.key(h, 443))?.key == Int32(i)) }
            }
        }
        for (i, h) in hot.enumerated() {
            #expect(cache.value(for: Self.key(h, 443))?.key == Int32(i))
            #expect(cache.value(for: Self.key(h, 80)) == nil)  // same text, another port
        }
        // Bounded: two generations at most.
        #expect(cache.count <= 2 * cache.generationSize)
        // Whatever is still cached answers with its own value.
        for (round, b) in cold.enumerated().suffix(5000) {
            if let v = cache.value(for: Self.key(b, 80)) {
                #expect(v.key == Int32(1000 + round) && v.mask == 2 && v.hasDomains)
            }
        }
    }

    @Test func portsOutsideTheirRangeBypassTheCache() {
        #expect(IngestCache.Key(egress("ns1", to: .net, name: "pub", port: 70_000, end: t0)) == nil)
        #expect(IngestCache.Key(egress("ns1", to: .net, name: "pub", port: -1, end: t0)) == nil)
        #expect(IngestCache.Key(egress("ns1", to: .net, name: "pub", port: nil, end: t0)) != nil)
    }
}

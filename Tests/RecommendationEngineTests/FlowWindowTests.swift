import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

@Suite struct FlowWindowTests {
    @Test func profileAllowMatcher() {
        #expect(FlowWindow.isProfileAllow("1|__PROFILE__|pro:kns.ns1|allow|0"))
        #expect(FlowWindow.isProfileAllow("1|__PROFILE__|__PROFILE__.kns.ns1|allow|0"))  // legacy
        #expect(FlowWindow.isProfileAllow("1|__PROFILE__|pro:kns.ns1|allow"))  // 4-field
        #expect(!FlowWindow.isProfileAllow("1|__PROFILE__|pro:kns.ns1|deny|0"))
        #expect(!FlowWindow.isProfileAllow("0|default|np:ns1/default.p|allow|0"))
        #expect(!FlowWindow.isProfileAllow("garbage"))
    }

    @Test func pendingQueryFirstThenEnforcedFallback() {
        var w = FlowWindow()
        let now = t0 + .seconds(300)
        // ns1 already has a recommendation: covered traffic is allowed by it in the pending trace, uncovered
        // traffic ends at the tier's default deny; both still end in the profile in the enforced trace.
        let covered = egress(
            "ns1", to: .net, name: "pub", port: 443,
            policies: FlowPolicies(enforced: [profileAllow("ns1")], pending: [snpAllow("ns1")]), end: t0 + .seconds(200)
        )
        let uncovered = ingress(
            "ns1", from: .wep, name: "new-*", namespace: "ns3", port: 9000,
            policies: FlowPolicies(enforced: [profileAllow("ns1")], pending: [snpDeny("ns1")]), end: t0 + .seconds(200))
        w.ingest([covered, uncovered])
        let r = w.query(namespace: "ns1", lookback: .seconds(300), now: now)
        #expect(r.trace == .enforced)
        #expect(r.flows.map(\.key.destPort) == [443, 9000])
        // A flow of ns2 (no recommendation yet) into ns1 has a pending profile hit: the pending query is not
        // empty, so the fallback never runs and ns1's uncovered traffic is not returned (SPEC §2.4).
        let fromNs2 = egress("ns2", to: .wep, name: "server-*", namespace: "ns1", port: 8080, end: t0 + .seconds(250))
        w.ingest([fromNs2])
        let r2 = w.query(namespace: "ns1", lookback: .seconds(300), now: now)
        #expect(r2.trace == .pending)
        #expect(r2.flows.map(\.key) == [L3FlowKey(fromNs2)])
    }

    @Test func legacyAllPoliciesMatchTheFallback() {
        var w = FlowWindow()
        w.ingest([
            egress(
                "ns1", to: .net, name: "pub",
                policies: FlowPolicies(
                    enforced: [], pending: [], all: ["1|__PROFILE__|__PROFILE__.kns.ns1|allow|0"]),
                end: t0 + .seconds(10))
        ])
        let r = w.query(namespace: "ns1", lookback: .hours(1), now: t0 + .seconds(60))
        #expect(r.trace == .enforced && r.flows.count == 1)
    }

    @Test func recordsWithoutAProfileAllowAreNotStored() {
        var w = FlowWindow()
        w.ingest([
            egress(
                "ns1", to: .net, name: "pub",
                policies: FlowPolicies(
                    enforced: ["0|default|np:ns1/default.allow-all|allow|0"],
                    pending: ["0|default|np:ns1/default.allow-all|allow|0"]),
                end: t0 + .seconds(10))
        ])
        #expect(w.storedEntryCount == 0)
        #expect(w.query(namespace: "ns1", lookback: .hours(1), now: t0 + .seconds(60)).flows.isEmpty)
    }

    @Test func aggregatesByL3KeyAndIndexesBothNamespaces() {
        var w = FlowWindow()
        let a = egress("ns1", to: .wep, name: "db-*", namespace: "ns2", port: 5432, end: t0 + .seconds(300))
        var b = a; b.endTime = t0.unixSeconds + 600; b.bytesIn = 99
        w.ingest([a, a, b])
        let r1 = w.query(namespace: "ns1", lookback: .hours(1), now: t0 + .seconds(900))
        let r2 = w.query(namespace: "ns2", lookback: .hours(1), now: t0 + .seconds(900))
        #expect(r1.flows.count == 1 && r2.flows == r1.flows)
        #expect(w.query(namespace: "ns3", lookback: .hours(1), now: t0 + .seconds(900)).flows.isEmpty)
        #expect(w.storedEntryCount == 4)  // 2 flushes × 2 namespaces
    }

    @Test func timeRangeIsExclusiveStartInclusiveEndOnEndTime() {
        var w = FlowWindow()
        for s in [100, 200, 300] as [Int64] {
            w.ingest([egress("ns1", to: .net, name: "pub", port: s, end: t0 + .seconds(s))])
        }
        let ports = w.query(namespace: "ns1", lookback: .seconds(200), now: t0 + .seconds(300)).flows.compactMap(
            \.key.destPort)
        #expect(ports == [200, 300])
        #expect(
            w.query(namespace: "ns1", lookback: .seconds(200), now: t0 + .seconds(299)).flows.compactMap(\.key.destPort)
                == [100, 200])
    }

    @Test func outOfOrderFlushesAreAccepted() {
        var w = FlowWindow()
        w.ingest([egress("ns1", to: .net, name: "pub", port: 2, end: t0 + .seconds(200))])
        w.ingest([egress("ns1", to: .net, name: "pub", port: 1, end: t0 + .seconds(100))])
        w.ingest([egress("ns1", to: .net, name: "pub", port: 3, end: t0 + .seconds(200))])
        #expect(
            w.query(namespace: "ns1", lookback: .seconds(100), now: t0 + .seconds(200)).flows.compactMap(\.key.destPort)
                == [2, 3])
        #expect(
            w.query(namespace: "ns1", lookback: .seconds(500), now: t0 + .seconds(200)).flows.compactMap(\.key.destPort)
                == [1, 2, 3])
    }

    @Test func domainsAreUnionedAndCappedAtTenTerms() {
        var w = FlowWindow()
        let many = (0..<12).map { "d\($0 < 10 ? "0" : "")\($0).example" }
        var logs = [egress("ns1", to: .net, name: "pub", domains: many, end: t0 + .seconds(100))]
        // d11 and d10 appear in a second document: they have the highest counts.
        logs.append(
            egress("ns1", to: .net, name: "pub", domains: ["d11.example", "d10.example"], end: t0 + .seconds(100)))
        w.ingest(logs)
        let d = w.query(namespace: "ns1", lookback: .hours(1), now: t0 + .seconds(200)).flows.first?.destDomains
        #expect(
            d == [
                "d00.example", "d01.example", "d02.example", "d03.example", "d04.example", "d05.example",
                "d06.example", "d07.example", "d10.example", "d11.example",
            ])
    }

    @Test func pruningBoundsMemory() {
        var w = FlowWindow(retention: .hours(1))
        for k in 0..<200 as Range<Int64> {
            w.ingest([egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(300 * k))])
            w.prune(at: t0 + .seconds(300 * k))
        }
        // One hour of retention plus at most one hour before the next pruning pass.
        #expect((12...24).contains(w.storedEntryCount))
        #expect(w.query(namespace: "ns1", lookback: .days(1), now: t0 + .seconds(300 * 199)).flows.count == 1)
    }
}

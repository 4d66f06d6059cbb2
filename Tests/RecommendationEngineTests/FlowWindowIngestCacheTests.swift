import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

/// Records copied from one another share their text; the ingest cache must still tell apart copies whose
/// numeric key fields or text differ.
@Suite struct FlowWindowIngestCacheTests {
    @Test func copiesSharingTextAreKeyedByTheirOwnFields() {
        var w = FlowWindow()
        let end = t0 + .minutes(5)
        let a = egress("ns1", to: .wep, name: "api-*", namespace: "ns2", port: 8080, end: end)
        var samePortLater = a
        samePortLater.startTime += 300; samePortLater.endTime += 300  // same text, same key
        var otherPort = a
        otherPort.destPort = 9090  // same text, another key
        var otherPeer = a
        otherPeer.destNameAggr = "db-*"  // text copied on write: another key
        var covered = a
        covered.policies = FlowPolicies(
            enforced: ["0|__PROFILE__|pro:kns.ns1|allow|0"],
            pending: ["0|namespace-isolation|snp:ns1/namespace-isolation.ns1-abcde|allow|0"])
        w.ingest([a, samePortLater, otherPort, otherPeer, covered])
        let r = w.query(namespace: "ns1", lookback: .hours(1), now: end + .minutes(5))
        let keys = Set(r.flows.map { "\($0.key.destNameAggr):\($0.key.destPort ?? -1)" })
        #expect(keys == ["api-*:8080", "api-*:9090", "db-*:8080"])
        #expect(r.trace == .pending)
    }
}

/// A window already found to change nothing is checked again only from where the last check stopped; a flow
/// added to an already-checked flush must still be learned.
@Suite struct AbsorbedWindowTests {
    @Test func aFlowAddedToACheckedFlushIsLearned() {
        var e = makeEngine()
        let a = { (end: Int64) in
            egress("ns1", to: .wep, name: "api-*", namespace: "ns2", port: 8080, end: t0 + .seconds(end))
        }
        e.ingest([a(100)])
        _ = e.tick(at: t0 + .seconds(150))  // created with A
        e.ingest([a(290)])
        _ = e.tick(at: t0 + .seconds(300))  // A processed: changes nothing
        e.ingest([a(440)])
        _ = e.tick(at: t0 + .seconds(450))  // flushes 290 and 440 checked: nothing new
        #expect(!specYAML(e.recommendation(for: "ns1")).contains("5432"))
        e.ingest([egress("ns1", to: .wep, name: "db-*", namespace: "ns3", port: 5432, end: t0 + .seconds(440))])
        _ = e.tick(at: t0 + .seconds(600))  // flush 440 has a new entry
        #expect(specYAML(e.recommendation(for: "ns1")).contains("5432"))
    }
}

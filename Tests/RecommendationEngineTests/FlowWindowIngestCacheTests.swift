import Testing
import CalicoModel
import Simulation
@testable import RecommendationEngine

/// Records copied from one another share their text; the ingest cache must still tell apart copies whose
/// numeric key fields or text differ.
@Suite struct FlowWindowIngestCacheTests {
    @Test func copiesSharingTextAreKeyedByTheirOwnFields() {
        var w = FlowWindow()
        let end = t0 + .minutes(5)
        let a = egress("ns1", to: .wep, name: "api-*", namespace: "ns2", port: 8080, end: end)
        var samePortLater = a
        samePortLater.startTime += 300; samePortLater.endTime += 300     // same text, same key
        var otherPort = a
        otherPort.destPort = 9090                                         // same text, another key
        var otherPeer = a
        otherPeer.destNameAggr = "db-*"                                   // text copied on write: another key
        var covered = a
        covered.policies = FlowPolicies(enforced: ["0|__PROFILE__|pro:kns.ns1|allow|0"],
                                        pending: ["0|namespace-isolation|snp:ns1/namespace-isolation.ns1-abcde|allow|0"])
        w.ingest([a, samePortLater, otherPort, otherPeer, covered])
        let r = w.query(namespace: "ns1", lookback: .hours(1), now: end + .minutes(5))
        let keys = Set(r.flows.map { "\($0.key.destNameAggr):\($0.key.destPort ?? -1)" })
        #expect(keys == ["api-*:8080", "api-*:9090", "db-*:8080"])
        #expect(r.trace == .pending)
    }
}

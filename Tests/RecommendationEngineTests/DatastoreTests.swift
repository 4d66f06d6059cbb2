import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

/// The engine writes through a datastore that validates like Calico's API server.
@Suite struct DatastoreTests {
    @Test func aRecommendationWithAServiceRuleIsNeverStored() {
        var e = makeEngine()
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, service: "payments", end: t0 + .seconds(100))])
        let c = e.tick(at: t0 + .seconds(150))
        // The tier is created before the create is attempted.
        #expect(c.count == 2)
        guard case .tierCreated? = c.first, case .writeRejected(let p, let problems)? = c.last else {
            Issue.record("got \(c)"); return
        }
        #expect(problems == ["spec.egress[0].destination.ports: cannot specify ports with a service selector"])
        #expect(e.recommendation(for: "ns1") == nil && e.cachedRecommendation(for: "ns1") == p)
        #expect(e.recommendations.isEmpty)
        // The engine keeps working on its cache: the status moves on, every write is rejected.
        let later = e.run(until: t0 + .hours(1))
        #expect(
            !later.isEmpty
                && later.allSatisfy {
                    if case .writeRejected = $0 { return true }; return false
                })
        #expect(e.cachedRecommendation(for: "ns1")?.metadata.annotations?[RecommendationKeys.status] == "Stable")
    }

    @Test func aStoredRecommendationIsLostWhenARejectedVersionIsRenamed() {
        var e = engineWithRecommendation()
        let stored = e.recommendation(for: "ns1")!
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, service: "payments", end: t0 + .seconds(250))])
        let c = e.tick(at: t0 + .seconds(300))
        guard case .writeRejected? = c.first else { Issue.record("got \(c)"); return }
        #expect(e.recommendation(for: "ns1") == stored)  // update rejected: the stored version stays
        // Stabilizing renames it: delete the old name, create the new one — rejected.
        let c2 = e.run(until: t0 + .seconds(750))
        #expect(c2.contains(.deleted(stored, reason: .replacedButRejected)))
        #expect(e.recommendation(for: "ns1") == nil)
    }
}

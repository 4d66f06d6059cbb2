import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

@Suite struct LearningTests {
    /// Keys merge additively: a new port on an existing key extends the rule and bumps only its timestamp.
    @Test func newPortsExtendTheRuleAndBumpItsTimestamp() {
        var e = makeEngine()
        e.ingest([
            egress("ns1", to: .wep, name: "db-*", namespace: "data", port: 5432, end: t0 + .seconds(100)),
            egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(100)),
        ])
        #expect(e.tick(at: t0 + .seconds(150)).count == 2)  // tier + created
        e.ingest([egress("ns1", to: .wep, name: "db-*", namespace: "data", port: 80, end: t0 + .seconds(250))])
        let changes = e.tick(at: t0 + .seconds(300))
        guard case .rulesUpdated(let p)? = changes.first else {
            Issue.record("expected rulesUpdated, got \(changes)"); return
        }
        let ns = p.spec.egress![0], pub = p.spec.egress![1]
        #expect(ns.destination?.ports == [Port(80), Port(5432)])
        #expect(ns.metadata?.annotations?[RecommendationKeys.lastUpdated] == "2026-01-01T00:05:00Z")
        #expect(pub.metadata?.annotations?[RecommendationKeys.lastUpdated] == "2026-01-01T00:02:30Z")
        #expect(p.metadata.annotations?[RecommendationKeys.lastUpdated] == "2026-01-01T00:05:00Z")
        #expect(p.metadata.annotations?[RecommendationKeys.status] == "Learning")
    }

    @Test func firstTickCreatesTheTierThenThePolicy() {
        var e = makeEngine()
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(100))])
        let changes = e.tick(at: t0 + .seconds(150))
        #expect(changes.count == 2)
        guard case .tierCreated(let tier)? = changes.first, case .created(let p)? = changes.last else {
            Issue.record("unexpected \(changes)"); return
        }
        #expect(
            (try? ResourceYAML.encode(.tier(tier))) == """
                apiVersion: projectcalico.org/v3
                kind: Tier
                metadata:
                  name: namespace-isolation
                spec:
                  order: 10000

                """)
        #expect(p.name == "namespace-isolation.ns1-" + String(p.name.suffix(5)))
        #expect(e.tier == tier)
    }

    @Test func domainsAccumulateAndSort() {
        var e = makeEngine()
        e.ingest([egress("ns1", to: .net, name: "pub", domains: ["b.example"], end: t0 + .seconds(100))])
        _ = e.tick(at: t0 + .seconds(150))
        e.ingest([egress("ns1", to: .net, name: "pub", domains: ["a.example", "b.example"], end: t0 + .seconds(200))])
        _ = e.tick(at: t0 + .seconds(300))
        let rule = e.recommendation(for: "ns1")?.spec.egress?.first
        #expect(rule?.destination?.domains == ["a.example", "b.example"])
        #expect(rule?.metadata?.annotations?[RecommendationKeys.lastUpdated] == "2026-01-01T00:05:00Z")
        // The same domains again change nothing.
        e.ingest([egress("ns1", to: .net, name: "pub", domains: ["a.example"], end: t0 + .seconds(400))])
        #expect(e.tick(at: t0 + .seconds(450)).isEmpty)
    }

    @Test func rulesAreNeverRemovedWhenTrafficStops() {
        var e = makeEngine()
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(100))])
        _ = e.tick(at: t0 + .seconds(150))
        let created = e.recommendation(for: "ns1")!
        _ = e.run(until: t0 + .hours(3))
        #expect(e.recommendation(for: "ns1")?.spec == created.spec)
    }

    /// SPEC §2.10 worked example: interval 150 s, stabilization 600 s, last change at T.
    @Test func statusFollowsTheWorkedExampleTickByTick() {
        var e = makeEngine(scope(interval: "150s", stabilization: "10m"))
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(100))])
        let T = t0 + .seconds(150)
        #expect(e.tick(at: T).count == 2)
        var names = [e.recommendation(for: "ns1")!.name]
        func status() -> String? { e.recommendation(for: "ns1")?.metadata.annotations?[RecommendationKeys.status] }
        // T+150: d = 150 → Learning; T+300: d = 300, not > 2 × 150 → Learning.
        #expect(e.tick(at: T + .seconds(150)).isEmpty && status() == "Learning")
        #expect(e.tick(at: T + .seconds(300)).isEmpty && status() == "Learning")
        // T+450 → Stabilizing, with a new name.
        let c450 = e.tick(at: T + .seconds(450))
        guard case .statusChanged(let p, let previous, let from, let to)? = c450.first, c450.count == 1 else {
            Issue.record("expected one statusChanged at T+450, got \(c450)"); return
        }
        #expect(previous == names[0] && from == "Learning" && to == .stabilizing && p.name != names[0])
        #expect(p.metadata.annotations?[RecommendationKeys.lastUpdated] == T.rfc3339)
        names.append(p.name)
        // T+600: d = 600, not > 600 → unchanged.
        #expect(e.tick(at: T + .seconds(600)).isEmpty && status() == "Stabilizing")
        // T+750 → Stable, new name again.
        let c750 = e.tick(at: T + .seconds(750))
        guard case .statusChanged(let q, let previous2, "Stabilizing", .stable)? = c750.first else {
            Issue.record("expected Stable at T+750, got \(c750)"); return
        }
        #expect(previous2 == names[1] && q.name != names[1])
        #expect(e.tick(at: T + .seconds(900)).isEmpty && status() == "Stable")
        // Any rule change resets to Learning (name kept).
        e.ingest([egress("ns1", to: .net, name: "pub", port: 8443, end: T + .seconds(1000))])
        let c1050 = e.tick(at: T + .seconds(1050))
        guard case .rulesUpdated(let r)? = c1050.first else {
            Issue.record("expected rulesUpdated, got \(c1050)"); return
        }
        #expect(r.name == q.name && status() == "Learning")
        #expect(r.metadata.annotations?[RecommendationKeys.lastUpdated] == (T + .seconds(1050)).rfc3339)
    }

    @Test func stabilizationWithinTwoIntervalsSkipsStabilizing() {
        var e = makeEngine(scope(interval: "150s", stabilization: "300s"))
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(100))])
        let T = t0 + .seconds(150)
        _ = e.tick(at: T)
        #expect(e.tick(at: T + .seconds(150)).isEmpty)
        #expect(e.tick(at: T + .seconds(300)).isEmpty)
        let c = e.tick(at: T + .seconds(450))
        guard case .statusChanged(_, _, "Learning", .stable)? = c.first else { Issue.record("got \(c)"); return }
    }

    /// Lookback is `initialLookback` until the policy first gets `lastUpdated`, then 2 × interval.
    @Test func lookbackSwitchesFromInitialToTwoIntervals() {
        var e = makeEngine(namespaces: ["ns1", "ns2"])
        // Flows from before the engine started, three hours old at the first tick.
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, end: t0 - .hours(3))])
        _ = e.tick(at: t0 + .seconds(150))
        #expect(e.recommendation(for: "ns1") != nil)
        // Late-arriving logs an hour old: a new namespace sees them (24 h), an existing recommendation does not (300 s).
        e.ingest([
            egress("ns1", to: .net, name: "pub", port: 8443, end: t0 - .hours(1)),
            egress("ns2", to: .net, name: "pub", port: 8443, end: t0 - .hours(1)),
        ])
        let changes = e.tick(at: t0 + .seconds(300))
        #expect(changes.map(\.namespace) == ["ns2"])
        #expect(e.recommendation(for: "ns1")?.spec.egress?.count == 1)
        // Only (now − 300 s, now] on end_time: a log ending exactly at now − 300 s is outside.
        func ports() -> [Port] {
            (e.recommendation(for: "ns1")?.spec.egress ?? []).flatMap { $0.destination?.ports ?? [] }
        }
        e.ingest([egress("ns1", to: .net, name: "pub", port: 9000, end: t0 + .seconds(150))])
        _ = e.tick(at: t0 + .seconds(450))  // window (150, 450]
        #expect(ports() == [Port(443)])
        e.ingest([egress("ns1", to: .net, name: "pub", port: 9001, end: t0 + .seconds(451))])
        _ = e.tick(at: t0 + .seconds(750))  // window (450, 750]
        #expect(ports() == [Port(443), Port(9001)])
    }

    /// SPEC §2.14 quirk 2: global NetworkSet flows key the namespace as `-`, rebuilt rules as `""`, so the rule
    /// duplicates and the policy keeps changing while such flows are in the window.
    @Test func globalNetworkSetRulesFlapWhileTrafficContinues() {
        var e = makeEngine(scope(interval: "150s", stabilization: "10m"))
        for k in 0..<4 {
            e.ingest([
                egress("ns1", to: .ns, name: "dns", port: 53, proto: "udp", end: t0 + .seconds(100 + 150 * Int64(k)))
            ])
        }
        _ = e.tick(at: t0 + .seconds(150))
        #expect(
            e.recommendation(for: "ns1")?.spec.egress?.map { $0.metadata?.annotations?[RecommendationKeys.namespace] }
                == ["-"])
        let c2 = e.tick(at: t0 + .seconds(300))
        #expect(c2.count == 1)
        let anns = e.recommendation(for: "ns1")?.spec.egress?.map {
            $0.metadata?.annotations?[RecommendationKeys.namespace] ?? "?"
        }
        #expect(anns?.sorted() == ["", "-"])
        #expect(e.tick(at: t0 + .seconds(450)).count == 1)
        #expect(e.tick(at: t0 + .seconds(600)).count == 1)
        #expect(e.tick(at: t0 + .seconds(750)).count == 1)  // the log ending at 550 is still in (450, 750]
        // Traffic stopped: without flows the rules are not regenerated, so the pair stays.
        #expect(e.tick(at: t0 + .seconds(900)).isEmpty)
        #expect(e.recommendation(for: "ns1")?.spec.egress?.count == 2)
        // Any flow makes the engine rebuild: both rules map to the same key and collapse into one.
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(1000))])
        #expect(e.tick(at: t0 + .seconds(1050)).count == 1)
        #expect(
            e.recommendation(for: "ns1")?.spec.egress?.map { $0.metadata?.annotations?[RecommendationKeys.namespace] }
                == ["", nil])
    }

    @Test func onlyDeniedFlowsCreateNothing() {
        var e = makeEngine()
        e.ingest([
            egress(
                "ns1", to: .net, name: "pub", action: .deny,
                policies: FlowPolicies(
                    enforced: ["0|default|np:ns1/default.deny|deny|0"], pending: [profileAllow("ns1")]),
                end: t0 + .seconds(100))
        ])
        #expect(e.tick(at: t0 + .seconds(150)).isEmpty)
        #expect(e.recommendation(for: "ns1") == nil && e.tier == nil)
    }

    @Test func sameSeedSameOutputAndSuffixesFollowTheSeed() {
        func run(_ seed: UInt64) -> [RecommendationChange] {
            var e = makeEngine(namespaces: ["ns1", "shop", "web"], seed: seed)
            e.ingest(everyScopeFlows(end: t0 + .seconds(100)))
            e.ingest([
                egress("ns1", to: .net, name: "pub", end: t0 + .seconds(100)),
                egress("web", to: .net, name: "pvt", end: t0 + .seconds(100)),
            ])
            return e.run(until: t0 + .hours(1))
        }
        #expect(run(7) == run(7))
        #expect(run(7).compactMap(\.policy?.name) != run(8).compactMap(\.policy?.name))
        #expect(run(7).prefix(4).map(\.namespace) == ["", "ns1", "shop", "web"])  // tier, then sorted namespaces
    }
}

import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

/// The registry itself: ids, SPEC references, defaults, parsing.
@Suite struct AssumptionRegistryTests {
    @Test func everyAssumptionHasASpecReferenceADefaultAndAnAlternative() {
        let registry = Assumptions.registry
        #expect(registry.count >= 10)
        #expect(Set(registry.map(\.id)).count == registry.count)
        let defaults = Assumptions()
        for info in registry {
            #expect(info.spec.contains("§"), "\(info.id.rawValue) names its SPEC section")
            #expect(!info.tag.isEmpty && !info.summary.isEmpty)
            #expect(!info.alternatives.isEmpty, "\(info.id.rawValue) has an alternative")
            #expect(info.defaultValue == defaults.value(of: info.id), "\(info.id.rawValue): the registry's default")
            for v in info.values {
                var a = Assumptions()
                #expect(throws: Never.self) { try a.set(info.id, to: v.name) }
                #expect(a.value(of: info.id) == v.name)
            }
        }
        #expect(defaults.changed.isEmpty && defaults.label == "")
    }

    @Test func assignmentsAreCheckedWithMessagesThatSayWhatIsAccepted() throws {
        var a = Assumptions()
        try a.apply("query-fallback=all-unprotected")
        #expect(a.queryFallback == .allUnprotected)
        #expect(a.label == "query-fallback=all-unprotected")
        #expect(throws: AssumptionError.self) { try a.apply("query-fallback") }
        do { try a.apply("nope=1") } catch { #expect(error.message.contains("unknown assumption \"nope\"")) }
        do { try a.apply("domain-terms=11") } catch {
            #expect(error.message == "assumption domain-terms has no value \"11\"; expected one of: 10, unlimited")
        }
        let overrides = try AssumptionOverrides(parsing: ["defaults=docs", "defaults=engine", "portless-flows=kept"])
        let applied = overrides.applied(to: try Assumptions([.defaults: "docs", .domainTerms: "unlimited"]))
        #expect(applied.defaults == .engine && applied.portlessFlows == .kept && applied.domainTerms == .unlimited)
        #expect(throws: AssumptionError.self) { try AssumptionOverrides(parsing: ["status-renames=never"]) }
    }
}

/// Each assumption in both of its settings, on the smallest input that tells them apart.
@Suite struct AssumptionBehaviourTests {
    func engine(
        _ values: [AssumptionID: String], _ s: PolicyRecommendationScope = scope(), namespaces: [String] = ["ns1"]
    )
        -> RecommendationEngine
    {
        makeEngine(s, namespaces: namespaces, options: EngineOptions(assumptions: try! Assumptions(values)))
    }

    @Test func queryFallback() {
        // ns1 has a recommendation: its uncovered flow has a profile allow only in the enforced trace, and a flow
        // from ns2 (no recommendation) keeps the pending query non-empty.
        let uncovered = ingress(
            "ns1", from: .wep, name: "new-*", namespace: "ns3", port: 9000,
            policies: FlowPolicies(enforced: [profileAllow("ns1")], pending: [snpDeny("ns1")]), end: t0 + .seconds(200))
        let fromNs2 = egress("ns2", to: .wep, name: "server-*", namespace: "ns1", port: 8080, end: t0 + .seconds(250))
        func query(_ a: Assumptions) -> FlowQueryResult {
            var w = FlowWindow(assumptions: a)
            w.ingest([uncovered, fromNs2])
            return w.query(namespace: "ns1", lookback: .seconds(300), now: t0 + .seconds(300))
        }
        let pendingFirst = query(Assumptions())
        #expect(pendingFirst.trace == .pending && pendingFirst.flows.map(\.key.destPort) == [8080])
        let all = query(try! Assumptions([.queryFallback: "all-unprotected"]))
        #expect(all.trace == .either && all.flows.map(\.key.destPort) == [9000, 8080])
    }

    @Test func globalNetworkSetKey() {
        func run(_ value: String) -> (rules: Int, status: String?) {
            var e = engine([.globalNetworkSetKey: value], scope(interval: "150s", stabilization: "10m"))
            for k in 0..<8 {
                e.ingest([
                    egress(
                        "ns1", to: .ns, name: "dns", port: 53, proto: "udp", end: t0 + .seconds(100 + 150 * Int64(k)))
                ])
            }
            for k in 1...8 { _ = e.tick(at: t0 + .seconds(150 * Int64(k))) }
            let p = e.recommendation(for: "ns1")
            return (p?.spec.egress?.count ?? 0, p?.metadata.annotations?[RecommendationKeys.status])
        }
        // The quirk: a second rule while the traffic continues, so the policy keeps changing (Learning).
        #expect(run("mismatch") == (2, "Learning"))
        // Fixed: one rule, unchanged since the first tick, Stable after 10m.
        #expect(run("fixed") == (1, "Stable"))
    }

    @Test func serviceRulePorts() {
        func run(_ value: String) -> (stored: Bool, rejected: Bool) {
            var e = engine([.serviceRulePorts: value])
            e.ingest([egress("ns1", to: .net, name: "pub", port: 443, service: "payments", end: t0 + .seconds(100))])
            let c = e.tick(at: t0 + .seconds(150))
            let rejected = c.contains {
                if case .writeRejected = $0 { return true }; return false
            }
            return (e.recommendation(for: "ns1") != nil, rejected)
        }
        #expect(run("rejected") == (false, true))
        #expect(run("accepted") == (true, false))
    }

    @Test func portlessFlows() {
        func rules(_ value: String) -> [String?] {
            var e = engine([.portlessFlows: value])
            e.ingest([egress("ns1", to: .net, name: "pub", port: nil, proto: "icmp", end: t0 + .seconds(100))])
            _ = e.tick(at: t0 + .seconds(150))
            return e.recommendation(for: "ns1")?.spec.egress?.map { $0.protocol?.stringValue } ?? []
        }
        #expect(rules("dropped") == [])
        #expect(rules("kept") == ["ICMP"])
    }

    @Test func domainTerms() {
        let domains = (0..<12).map { "d\(String(format: "%02d", $0)).example" }
        func count(_ value: String) -> Int {
            var e = engine([.domainTerms: value])
            e.ingest([egress("ns1", to: .net, name: "pub", port: 443, domains: domains, end: t0 + .seconds(100))])
            _ = e.tick(at: t0 + .seconds(150))
            return e.recommendation(for: "ns1")?.spec.egress?.first?.destination?.domains?.count ?? 0
        }
        #expect(count("10") == 10)
        #expect(count("unlimited") == 12)
    }

    @Test func queryTimeField() {
        // A flush that started inside the window but ends after the query time.
        let late = egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(200))
        func flows(_ value: String) -> Int {
            var w = FlowWindow(assumptions: try! Assumptions([.queryTimeField: value]))
            w.ingest([late])
            return w.query(namespace: "ns1", lookback: .seconds(300), now: t0 + .seconds(150)).flows.count
        }
        #expect(flows("end_time") == 0)
        #expect(flows("start_time") == 1)
    }

    @Test func statusRenames() {
        func names(_ value: String) -> [String: String] {
            var e = engine([.statusRenames: value], scope(interval: "150s", stabilization: "10m"))
            e.ingest([egress("ns1", to: .net, name: "pub", end: t0 + .seconds(100))])
            var out: [String: String] = [:]
            for k in 1...6 {
                _ = e.tick(at: t0 + .seconds(150 * Int64(k)))
                if let p = e.recommendation(for: "ns1") {
                    out[p.metadata.annotations?[RecommendationKeys.status] ?? "?"] = p.name
                }
            }
            return out
        }
        let both = names("stabilizing-and-stable")
        #expect(Set(both.values).count == 3, "Learning, Stabilizing and Stable each have their own name: \(both)")
        let stableOnly = names("stable-only")
        #expect(stableOnly["Learning"] == stableOnly["Stabilizing"])
        #expect(stableOnly["Stable"] != nil && stableOnly["Stable"] != stableOnly["Learning"])
    }

    @Test func removeNamespaceRules() {
        func afterRemoval(_ value: String) -> CalicoPolicy? {
            var e = engine([.removeNamespaceRules: value], namespaces: ["ns1", "ns2"])
            e.ingest([
                egress("ns1", to: .wep, name: "db-*", namespace: "ns2", port: 5432, end: t0 + .seconds(100)),
                egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(100)),
            ])
            _ = e.tick(at: t0 + .seconds(150))
            _ = e.removeNamespace("ns2", at: t0 + .seconds(200))
            return e.recommendation(for: "ns1")
        }
        let kept = afterRemoval("kept")
        #expect(kept?.spec.egress?.count == 2)
        let removed = afterRemoval("removed")
        #expect(removed?.spec.egress?.count == 1)
        #expect(removed?.spec.egress?.first?.destination?.namespaceSelector == nil)
        #expect(removed?.metadata.annotations?[RecommendationKeys.lastUpdated] == (t0 + .seconds(200)).rfc3339)
        #expect(removed?.metadata.annotations?[RecommendationKeys.status] == "Learning")
    }

    @Test func defaults() {
        let s = scope(interval: nil, stabilization: nil)
        let engineProfile = engine([:], s)
        #expect(engineProfile.tickInterval == .minutes(10) && engineProfile.settings.stabilizationPeriod == .minutes(5))
        let docs = engine([.defaults: "docs"], s)
        #expect(docs.tickInterval == .seconds(150) && docs.settings.stabilizationPeriod == .minutes(10))
    }

    @Test func maxRules() {
        var s = scope()
        s.spec.maxRules = 1
        func domainSets(_ value: String) -> Int {
            var e = engine([.maxRules: value], s)
            e.ingest([
                egress("ns1", to: .net, name: "pub", port: 443, domains: ["a.example"], end: t0 + .seconds(100)),
                egress("ns1", to: .net, name: "pub", port: 80, domains: ["b.example"], end: t0 + .seconds(100)),
            ])
            _ = e.tick(at: t0 + .seconds(150))
            return e.egressDomainSets.count
        }
        #expect(domainSets("ignored") == 0)
        #expect(domainSets("contract-domains") == 1)
    }

    @Test func learningCutOff() {
        var s = scope()
        s.spec.policiesLearningCutOff = 1
        func namespaces(_ value: String) -> [String] {
            var e = engine([.learningCutOff: value], s, namespaces: ["a", "b"])
            e.ingest([
                egress("a", to: .net, name: "pub", end: t0 + .seconds(100)),
                egress("b", to: .net, name: "pub", end: t0 + .seconds(100)),
            ])
            _ = e.tick(at: t0 + .seconds(150))
            return e.recommendations.compactMap(\.namespace)
        }
        #expect(namespaces("ignored") == ["a", "b"])
        #expect(namespaces("enforced") == ["a"])
    }
}

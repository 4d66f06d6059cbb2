import CalicoModel
import PolicyEvaluation
import Scenario
import Simulation
import Testing
import TrafficGeneration

@testable import Harness

/// The observation builder memoises judgements per connection and keeps them across policy changes of other
/// namespaces; its observations must equal those of a builder that judges every connection afresh.
@Suite struct ObservationMemoTests {
    struct Row: Hashable {
        var namespace: String, flowClass: String, pattern: String, rarity: String, isAttack: Bool, reporter: Reporter
        var flows: Int, pendingAction: FlowAction, enforcedAction: FlowAction
        var pending: RecommendationDecision, enforced: RecommendationDecision, atStable: RecommendationDecision?
    }

    static func rows(_ obs: [ScoredObservation], _ names: ScoreNames) -> [Row] {
        obs.map {
            Row(
                namespace: names[$0.namespace], flowClass: names[$0.flowClass], pattern: names[$0.pattern],
                rarity: names[$0.rarity],
                isAttack: $0.isAttack, reporter: $0.reporter, flows: $0.flows, pendingAction: $0.pendingAction,
                enforcedAction: $0.enforcedAction, pending: $0.pending, enforced: $0.enforced,
                atStable: $0.ifEnforcedAtStable)
        }
    }

    static func denyEgress(_ ns: String) throws -> CalicoPolicy {
        let r = try ResourceYAML.decode(
            """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: deny-egress, namespace: \(ns)}
            spec: {order: 1, selector: all(), types: [Egress], egress: [{action: Deny}]}
            """, file: "test")
        guard case .policy(let p) = r[0].resource else { throw RunError("not a policy") }
        return p
    }

    @Test(arguments: ["cart", "web"])
    func memoisedObservationsEqualFreshOnes(namespace: String) throws {
        let s = try Scenario.load(path: HarnessTestSupport.scenario("online-boutique"))
        let cluster = Cluster(scenario: s)
        let before = Evaluator(try cluster.policySet())
        let after = Evaluator(try cluster.policySet(extraPolicies: [try Self.denyEgress(namespace)]))
        var sim = TrafficSimulator(scenario: s, cluster: cluster, duration: .hours(4))
        var memo = ObservationBuilder(current: before, frozen: before, frozenNamespaces: [])
        var names = ScoreNames()
        var differentAfterChange = 0
        while let w = sim.nextWindow() {
            if w.index == 12 {
                memo.update(current: after, frozen: after, frozenNamespaces: [namespace], changed: [namespace])
            }
            let evaluator = w.index >= 12 ? after : before
            var fresh = ObservationBuilder(
                current: evaluator, frozen: evaluator, frozenNamespaces: w.index >= 12 ? [namespace] : [])
            var freshNames = ScoreNames()
            var a: [ScoredObservation] = [], b: [ScoredObservation] = []
            memo.observations(w, names: &names, into: &a)
            fresh.observations(w, names: &freshNames, into: &b)
            let ra = Self.rows(a, names), rb = Self.rows(b, freshNames)
            #expect(ra == rb, "window \(w.index)")
            if w.index >= 12 {
                var stale = ObservationBuilder(current: before, frozen: before, frozenNamespaces: [])
                var staleNames = ScoreNames()
                var c: [ScoredObservation] = []
                stale.observations(w, names: &staleNames, into: &c)
                if Self.rows(c, staleNames) != rb { differentAfterChange += 1 }
            }
        }
        #expect(differentAfterChange > 0, "the policy change must change observations, or the test proves nothing")
    }
}

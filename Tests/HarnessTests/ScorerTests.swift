import CalicoModel
import Simulation
import Testing

@testable import Harness

@Suite struct ScorerTests {
    static let t0 = SimInstant(unixSeconds: 1_767_571_200)

    func hit(_ s: String) -> PolicyHit { PolicyHit(parsing: s)! }

    @Test func decisionIsReadFromTheRecommendationTier() {
        let eotDeny = [hit("0|namespace-isolation|snp:shop/namespace-isolation.shop-abcde|deny|-1")]
        #expect(RecommendationDecision(hits: eotDeny, finalAction: .deny) == .denied)
        let allow = [hit("0|namespace-isolation|snp:shop/namespace-isolation.shop-abcde|allow|2")]
        #expect(RecommendationDecision(hits: allow, finalAction: .allow) == .allowed)
        let profile = [hit("0|__PROFILE__|pro:kns.shop|allow|0")]
        #expect(RecommendationDecision(hits: profile, finalAction: .allow) == .notReached)
        let earlier = [hit("0|security|gnp:security.block|deny|0")]
        #expect(RecommendationDecision(hits: earlier, finalAction: .deny) == .notReached)
    }

    func obs(
        _ ns: String, rarity: String, attack: Bool = false, cls: String, flows: Int, pending: RecommendationDecision,
        atStable: RecommendationDecision? = nil, at t: SimInstant = t0
    ) -> Observation {
        Observation(
            time: t, namespace: ns, reporter: .dst, patternID: "p-\(cls)", rarity: rarity, isAttack: attack,
            flowClass: cls,
            flows: flows, records: 1, pendingAction: pending == .denied ? .deny : .allow, enforcedAction: .allow,
            pending: pending, enforced: .notReached, ifEnforcedAtStable: atStable)
    }

    @Test func countsFalseDeniesByRarityAndPhase() {
        var s = Scorer()
        s.record(obs("shop", rarity: "weekly", cls: "a", flows: 3, pending: .denied), phase: .learning)
        s.record(
            obs("shop", rarity: "weekly", cls: "a", flows: 2, pending: .denied, atStable: .denied), phase: .afterStable)
        s.record(
            obs("shop", rarity: "weekly", cls: "b", flows: 5, pending: .denied, atStable: .allowed), phase: .afterStable
        )
        s.record(obs("shop", rarity: "steady", cls: "c", flows: 7, pending: .allowed), phase: .afterStable)
        s.record(
            obs("shop", rarity: "steady", attack: true, cls: "x", flows: 4, pending: .allowed), phase: .afterStable)
        s.record(obs("shop", rarity: "steady", attack: true, cls: "y", flows: 9, pending: .denied), phase: .afterStable)
        var tl = RecommendationLifecycle(namespace: "shop")
        tl.firstStableAt = Self.t0 + .hours(2)
        let m = Dictionary(
            uniqueKeysWithValues: s.metrics(timelines: [tl], start: Self.t0).filter { $0.namespace == "shop" }.map {
                ($0.name, $0.value)
            })
        #expect(m["falseDeny.weekly"] == 7)
        #expect(m["falseDenyClasses.weekly"] == 2)
        #expect(m["falseDenyAtStable.weekly"] == 2)
        #expect(m["falseDeny.steady"] == 0)
        #expect(m["missedAttacks"] == 4)
        #expect(m["timeToStable"] == 7200)
        #expect(m["coverageBeforeStable"] == 1.0 / 3.0)
    }

    @Test func outcomesAreBucketedAndDrainedInOrder() {
        var s = Scorer(bucket: .hours(1))
        s.record(
            obs("b", rarity: "steady", cls: "a", flows: 1, pending: .allowed, at: Self.t0 + .minutes(90)),
            phase: .learning)
        s.record(
            obs("a", rarity: "steady", cls: "a", flows: 2, pending: .allowed, at: Self.t0 + .minutes(10)),
            phase: .learning)
        s.record(
            obs("a", rarity: "steady", cls: "a", flows: 3, pending: .allowed, at: Self.t0 + .minutes(50)),
            phase: .learning)
        let rows = s.drainOutcomes()
        #expect(rows.map(\.0.namespace) == ["a", "b"])
        #expect(rows[0].flows == 5 && rows[0].0.bucket == Self.t0.unixSeconds)
        #expect(s.drainOutcomes().isEmpty)
    }

    @Test func percentileIsNearestRank() {
        #expect(percentile([1, 2, 3, 4], 0.5) == 2)
        #expect(percentile([1, 2, 3, 4], 0.95) == 4)
        #expect(percentile([5], 0.1) == 5)
    }
}

@Suite struct ScorerOrderTests {
    /// Outcome cells drain in `OutcomeKey` order whatever order they were recorded in (ids are assigned in order of
    /// first sight, so the drain must sort by name, not by id).
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func drainOrderIsTheKeyOrder(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        let namespaces = ["web", "cart", "b", "a-1", "a", "Z", "é"], patterns = ["p2", "p10", "p1", "backup", "x"]
        var s = Scorer(bucket: .hours(1))
        for _ in 0..<400 {
            let o = Observation(
                time: ScorerTests.t0 + .minutes(Int64(g.next() % 300)), namespace: namespaces[Int(g.next() % 7)],
                reporter: g.next() % 2 == 0 ? .src : .dst, patternID: patterns[Int(g.next() % 5)], rarity: "steady",
                isAttack: false, flowClass: "c\(g.next() % 9)", flows: 1, records: 1,
                pendingAction: g.next() % 2 == 0 ? .allow : .deny, enforcedAction: g.next() % 2 == 0 ? .allow : .deny,
                pending: .allowed, enforced: .allowed, ifEnforcedAtStable: nil)
            let phases: [ScoringPhase] = [.learning, .afterStable, .enforced]
            s.record(o, phase: phases[Int(g.next() % 3)])
        }
        let keys = s.drainOutcomes().map(\.0)
        #expect(keys.count > 50)
        #expect(keys == keys.sorted())
        #expect(Set(keys).count == keys.count)
    }
}

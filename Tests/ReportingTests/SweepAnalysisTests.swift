import Testing

@testable import Reporting

/// Builders for small sweep points.
enum SweepFixture {
    static func v(_ display: String, _ seconds: Int64) -> SettingValue { SettingValue(display, seconds: seconds) }
    static func setting(_ interval: Int64, _ stabilization: Int64, lookback: Int64? = nil) -> SweepSetting {
        SweepSetting(
            interval: v(Format.offset(seconds: interval), interval),
            stabilization: v(Format.offset(seconds: stabilization), stabilization),
            lookback: lookback.map { v(Format.offset(seconds: $0), $0) })
    }

    /// A point whose overall rate is `fd`/1000 and whose time-to-Stable samples are `tts` (nil = never).
    static func point(
        _ setting: SweepSetting, tts: [Int64?], fd: Int, legit: Int = 1000, missed: Int = 0,
        namespaces: [NamespacePointScore] = []
    ) -> SweepPoint {
        SweepPoint(
            setting: setting, seeds: 2, timeToStable: tts,
            byRarity: [
                RarityFalseDenies(rarity: "steady", legitFlows: legit - 100, falseDenyFlows: 0),
                RarityFalseDenies(
                    rarity: "daily", legitFlows: 100, falseDenyFlows: fd, falseDenyClasses: fd > 0 ? 1 : 0),
            ],
            missedAttacks: missed, rules: [RuleCount(egress: 2, ingress: 1), RuleCount(egress: 4, ingress: 1)],
            namespaces: namespaces)
    }
}

@Suite struct SweepAnalysisTests {
    @Test(arguments: [
        ([1.0, 2, 3, 4], 0.5, 2.0), ([1.0, 2, 3, 4, 5], 0.5, 3.0), ([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1, 1.0),
        ([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.0), ([7.0], 0.9, 7.0), ([1.0, 2], 0, 1.0), ([1.0, 2], 1, 2.0),
    ])
    func nearestRankQuantile(values: [Double], p: Double, expected: Double) {
        #expect(SweepAnalysis.quantile(values, p) == expected)
    }

    @Test func emptyQuantileIsNaN() { #expect(SweepAnalysis.quantile([], 0.5).isNaN) }

    @Test func neverStableCountsAsInfinity() {
        let stats = SweepAnalysis.timeToStable([3_600, nil, 7_200, nil, nil])
        #expect(stats.samples == 5 && stats.neverStable == 3)
        #expect(stats.p10 == 3_600)
        #expect(stats.median == .infinity)  // most pairs never got there
        let mostly = SweepAnalysis.timeToStable([3_600, 7_200, nil])
        #expect(mostly.median == 7_200 && mostly.p90 == .infinity && mostly.neverStable == 1)
    }

    @Test func ratesAreZeroWithoutLegitTraffic() {
        #expect(SweepAnalysis.rate(0, of: 0) == 0)
        #expect(SweepAnalysis.rate(1, of: 4) == 0.25)
    }

    @Test func paretoFrontSkipsNeverStableAndDominatedPoints() {
        let points = [
            SweepFixture.point(SweepFixture.setting(300, 3_600), tts: [3_600, 3_600], fd: 50),  // fast, many FD
            SweepFixture.point(SweepFixture.setting(300, 7_200), tts: [7_200, 7_200], fd: 10),  // front
            SweepFixture.point(SweepFixture.setting(900, 7_200), tts: [9_000, 9_000], fd: 20),  // dominated by [1]
            SweepFixture.point(SweepFixture.setting(900, 86_400), tts: [nil, nil], fd: 0),  // never Stable
            SweepFixture.point(SweepFixture.setting(300, 14_400), tts: [14_400, 14_400], fd: 0),  // front
        ]
        #expect(SweepAnalysis.paretoFront(points) == [0, 1, 4])
    }

    @Test func shortestMeetingBreaksTiesBySmallerStabilizationThenInterval() {
        let a = SweepChoice(setting: SweepFixture.setting(900, 3_600), medianTimeToStable: 7_200, falseDenyRate: 0)
        let b = SweepChoice(setting: SweepFixture.setting(300, 7_200), medianTimeToStable: 7_200, falseDenyRate: 0)
        let c = SweepChoice(setting: SweepFixture.setting(300, 3_600), medianTimeToStable: 7_200, falseDenyRate: 0)
        let fast = SweepChoice(setting: SweepFixture.setting(60, 60), medianTimeToStable: 60, falseDenyRate: 0.5)
        let never = SweepChoice(setting: SweepFixture.setting(60, 120), medianTimeToStable: .infinity, falseDenyRate: 0)
        #expect(SweepAnalysis.shortestMeeting([a, b, c, fast, never], bounds: FalseDenyBounds(otherwise: 0.01)) == 2)
        #expect(SweepAnalysis.shortestMeeting([a, b, fast], bounds: FalseDenyBounds(otherwise: 0.01)) == 0)
        // the bound is inclusive
        #expect(SweepAnalysis.shortestMeeting([a, b, c, fast], bounds: FalseDenyBounds(otherwise: 0.5)) == 3)
        #expect(SweepAnalysis.shortestMeeting([fast, never], bounds: FalseDenyBounds(otherwise: 0.1)) == nil)
        #expect(SweepAnalysis.shortestMeeting([], bounds: FalseDenyBounds(otherwise: 1)) == nil)
        // Lookback breaks the remaining tie: none first, then smaller.
        let l1 = SweepChoice(
            setting: SweepFixture.setting(300, 3_600, lookback: 86_400), medianTimeToStable: 1, falseDenyRate: 0)
        let l0 = SweepChoice(
            setting: SweepFixture.setting(300, 3_600, lookback: 3_600), medianTimeToStable: 1, falseDenyRate: 0)
        #expect(SweepAnalysis.shortestMeeting([l1, l0], bounds: FalseDenyBounds(otherwise: 0)) == 1)
    }

    @Test func recommendOverallAndPerNamespace() {
        func ns(_ name: String, _ tts: [Int64?], fd: Int) -> NamespacePointScore {
            NamespacePointScore(namespace: name, timeToStable: tts, legitFlows: 100, falseDenyFlows: fd)
        }
        let quick = SweepFixture.setting(300, 3_600), slow = SweepFixture.setting(300, 14_400)
        let points = [
            SweepFixture.point(
                quick, tts: [3_600, 3_600, 3_600, 3_600], fd: 5,
                namespaces: [ns("web", [3_600, 3_600], fd: 5), ns("db", [3_600, 3_600], fd: 0)]),
            SweepFixture.point(
                slow, tts: [14_400, 14_400, 14_400, nil], fd: 0,
                namespaces: [ns("web", [14_400, 14_400], fd: 0), ns("db", [14_400, nil], fd: 0)]),
        ]
        let strict = SweepAnalysis.recommend(points, bounds: FalseDenyBounds(otherwise: 0.001))
        #expect(strict.overall?.setting == slow)
        #expect(strict.overall?.medianTimeToStable == 14_400)
        #expect(strict.perNamespace.map(\.namespace) == ["db", "web"])
        #expect(strict.perNamespace.map(\.choice?.setting) == [quick, slow])
        let loose = SweepAnalysis.recommend(points, bounds: FalseDenyBounds(otherwise: 0.05))  // daily 5/100
        #expect(loose.overall?.setting == quick)
        #expect(loose.overall?.falseDenyRate == 0.005)
        let impossible = SweepAnalysis.recommend(points, bounds: FalseDenyBounds(otherwise: -1))
        #expect(impossible.overall == nil && impossible.perNamespace.allSatisfy { $0.choice == nil })
    }
}

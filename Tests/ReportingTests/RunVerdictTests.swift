import Testing

@testable import Reporting

@Suite struct RunVerdictTests {
    let verdict = RunVerdict(ReportFixture.data)

    @Test func lightsFollowTheFrozenAtStableDenialsAndStability() {
        #expect(verdict.namespaces.map(\.namespace) == ["backend", "frontend"])
        #expect(verdict.namespaces.map(\.light) == [.red, .amber])  // denies legit traffic; never Stable
        #expect(verdict.namespaces[0].deniedFlows == 21)
        #expect(verdict.namespaces[0].missedAttackFlows == 2)
    }

    @Test func sentenceNamesTheWorstTrafficAndWhenItWasLearned() {
        let s = verdict.namespaces[0].sentence
        #expect(
            s.hasPrefix(
                "Enforcing backend when it became Stable (1d 2h into the run) would have denied 21 legitimate flows in 2 traffic classes"
            ))
        #expect(
            s.contains(
                "worst: backend/report-* → backend/db-* tcp/5432 (daily), 12 flows from 2d, learned by the staged policy only at 3d"
            ))
        #expect(s.contains("allowed 2 attack flows (1 class, e.g. attacker/scan-* → backend/db-* tcp/22)"))
        #expect(
            verdict.namespaces[1].sentence
                == "frontend never became Stable in 7d: there was no ready policy to enforce.")
    }

    @Test func headlineSaysWhichNamespacesWereUnsafe() {
        #expect(
            verdict.headline
                == "Enforcing when Stable would NOT have been safe for 1 of 2 namespaces: backend (21 legitimate flows denied). "
                + "Never Stable: frontend. Attack traffic allowed in: backend.")
    }

    @Test func worstCasesListDenialsByFlowsThenMisses() {
        #expect(verdict.worst.map(\.patternID) == ["daily-report", "weekly-backup", "scan"])
    }

    @Test func greenWhenNothingIsDeniedAndNoAttackPasses() {
        var data = ReportFixture.data
        data.namespaces = [
            NamespaceSummary(
                namespace: "web", timeToFirstRule: 60, timeToStable: 3_600, egressRules: 1, ingressRules: 1)
        ]
        data.classFindings = []
        let v = RunVerdict(data)
        #expect(v.namespaces.map(\.light) == [.green])
        #expect(
            v.namespaces[0].sentence
                == "Enforcing web when it became Stable (1h into the run) would have denied no legitimate flow in the remaining 6d 23h."
        )
        #expect(
            v.headline
                == "Enforcing each recommendation when it became Stable would have denied no legitimate traffic in any of the 1 namespaces."
        )
    }

    @Test func reportsOpenWithTheVerdict() throws {
        let report = RunReport(ReportFixture.data)
        let md = report.markdown()
        let verdictAt = try #require(md.range(of: "## Verdict"))
        let runAt = try #require(md.range(of: "## Run"))
        #expect(verdictAt.lowerBound < runAt.lowerBound)
        #expect(md.contains("| **UNSAFE** | backend |"))
        let (parsed, error) = XMLNode.parse(report.html())
        #expect(error == nil)
        let sections = parsed?.descendants("section").compactMap { $0.attributes["id"] } ?? []
        #expect(sections.first == "verdict")
        #expect(report.verdictText().hasPrefix("verdict: Enforcing when Stable would NOT have been safe"))
    }

    @Test func countsAreGroupedByThousands() {
        #expect(Format.count(0) == "0")
        #expect(Format.count(999) == "999")
        #expect(Format.count(79_218) == "79,218")
        #expect(Format.count(1_234_567) == "1,234,567")
        #expect(Format.count(-4_000) == "-4,000")
    }

    @Test func metricsHavePlainNames() {
        #expect(MetricGlossary.plainName("falseDenyAtStable.weekly") == "Denied if enforced at Stable, weekly")
        #expect(
            MetricGlossary.plainName("falseDenyAtStableClasses.daily") == "Classes denied if enforced at Stable, daily")
        #expect(MetricGlossary.plainName("falseDeny.total") == "False denies after Stable, all rarities")
        #expect(MetricGlossary.plainName("somethingNew") == "somethingNew")
    }
}

@Suite struct FalseDenyBoundsTests {
    @Test func parsesPerRarityAndDefaultBounds() throws {
        let b = try FalseDenyBounds(parsing: "daily=0, weekly=0.01,steady=0.001")
        #expect(b.bound(for: "daily") == 0 && b.bound(for: "weekly") == 0.01 && b.bound(for: "steady") == 0.001)
        #expect(b.bound(for: "monthly") == nil)
        #expect(b.description == "steady=0.001,daily=0,weekly=0.01")
        let bare = try FalseDenyBounds(parsing: "0.02")
        #expect(bare.bound(for: "once") == 0.02 && bare.description == "*=0.02")
        let mixed = try FalseDenyBounds(parsing: "weekly=0.5,*=0")
        #expect(mixed.bound(for: "weekly") == 0.5 && mixed.bound(for: "steady") == 0)
    }

    @Test(arguments: [
        ("", "RARITY=FRACTION"), ("weekly=2", "between 0 and 1"), ("weekly=", "between 0 and 1"),
        ("0.1,0.2", "given twice"),
        ("weekly=0.1,weekly=0.2", "weekly is given twice"), ("a b=0.1", "not a rarity"),
        ("weekley=0", "not a rarity; expected one of steady, hourly"), ("steady=0,", "RARITY=FRACTION"),
        ("daily=nan", "between 0 and 1"),
    ])
    func rejectsMalformedBounds(text: String, expected: String) {
        #expect {
            _ = try FalseDenyBounds(parsing: text)
        } throws: { error in
            "\(error)".contains(expected) && "\(error)".contains("--max-false-deny")
        }
    }

    /// The overall rate is dominated by steady traffic; a per-rarity bound still catches a weekly job always denied.
    @Test func perRarityBoundsCatchWhatTheOverallRateHides() {
        let quick = SweepFixture.setting(300, 600), slow = SweepFixture.setting(300, 7 * 86_400)
        func point(_ setting: SweepSetting, tts: Int64, weeklyDenied: Int) -> SweepPoint {
            SweepPoint(
                setting: setting, seeds: 1, timeToStable: [tts],
                byRarity: [
                    RarityFalseDenies(rarity: "steady", legitFlows: 1_000_000, falseDenyFlows: 0),
                    RarityFalseDenies(rarity: "weekly", legitFlows: 4, falseDenyFlows: weeklyDenied),
                ],
                missedAttacks: 0, rules: [])
        }
        let points = [point(quick, tts: 900, weeklyDenied: 4), point(slow, tts: 7 * 86_400 + 300, weeklyDenied: 0)]
        #expect(points[0].falseDenyRate < 0.00001)
        let perRarity = SweepAnalysis.recommend(
            points, bounds: FalseDenyBounds(perRarity: ["steady": 0.001, "weekly": 0.05]))
        #expect(perRarity.overall?.setting == slow)
        let report = SweepReport(
            data: SweepReportData(
                sweepID: "s", scenario: "x", seeds: [1],
                axes: SweepAxes(interval: [quick.interval], stabilization: [quick.stabilization, slow.stabilization]),
                rarities: ["steady", "weekly"], points: points, bounds: FalseDenyBounds(perRarity: ["weekly": 0]),
                recommendation: SweepAnalysis.recommend(points, bounds: FalseDenyBounds(perRarity: ["weekly": 0]))))
        #expect(report.recommendationSentence.hasPrefix("Recommended for the cluster: interval 5m, stabilization 7d"))
        #expect(report.recommendationSentence.contains("weekly 0% (bounds weekly ≤ 0%)"))
        let none = SweepReport(
            data: SweepReportData(
                sweepID: "s", scenario: "x", seeds: [1],
                axes: SweepAxes(interval: [quick.interval], stabilization: [quick.stabilization]),
                rarities: ["steady", "weekly"], points: [points[0]], bounds: FalseDenyBounds(perRarity: ["weekly": 0]),
                recommendation: SweepAnalysis.recommend([points[0]], bounds: FalseDenyBounds(perRarity: ["weekly": 0])))
        )
        #expect(
            none.recommendationSentence
                == "No setting meets the bounds (weekly ≤ 0%) with a finite median time to Stable. "
                + "Closest: interval 5m, stabilization 10m, which exceeds weekly 100% > 0%.")
    }
}

import CalicoModel
import Foundation
import ResultStore
import Scenario
import Simulation
import TestSupport
import Testing
import TrafficGeneration

@testable import Harness

@Suite struct ExpectParsingRegressTests {
    @Test func parsesEveryKindOfExpectation() throws {
        let dir = try HarnessTestSupport.temporaryDirectory("expect-parse")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, _) = try RegressFixture.scenario(
            expect: """
                expect:
                  days: 1.5
                  seed: 9
                  metrics:
                    - "falseDeny.weekly <= 0"
                    - "timeToStable.p95 < 2h30m"
                    - " app/missedAttacks!=3 "
                    - "db/coverageBeforeStable >= 0.75"
                  statuses:
                    - {at: 90m, namespace: app, status: Stable, stagedAction: Set, enforced: false}
                  policies: golden/small
                """, in: dir)
        let x = try #require(try Expectations.parse(try Scenario.load(path: path)))
        #expect(x.duration == .hours(36))
        #expect(x.seed == 9)
        #expect(
            x.metrics.map(\.name) == ["falseDeny.weekly", "timeToStable.p95", "missedAttacks", "coverageBeforeStable"])
        #expect(x.metrics.map(\.namespace) == ["", "", "app", "db"])
        #expect(x.metrics.map(\.op) == [.lessOrEqual, .less, .notEqual, .greaterOrEqual])
        #expect(x.metrics.map(\.value) == [0, 9000, 3, 0.75])
        #expect(x.metrics[2].text == "app/missedAttacks!=3")
        let probe = try #require(x.statuses.first)
        #expect(
            probe
                == StatusProbe(
                    at: .minutes(90), atText: "90m", namespace: "app", status: .stable, stagedAction: "Set",
                    enforced: false, line: probe.line))
        #expect(x.policies?.resolved == dir.appendingPathComponent("golden/small").path)
    }

    /// Line numbers are those of the scenario file, counted from the `expect:` line (offset 0), comments included.
    static let badBlocks: [(expect: String, lineOffset: Int, message: String)] = [
        (
            "expect:\n  metric:\n    - \"missedAttacks == 0\"\n", 1,
            "key `expect.metric`: unknown key; expected one of days, seed, metrics"
        ),
        (
            "expect:\n  # a comment\n  metrics:\n    - \"falseDeny.weeky <= 0\"\n", 3,
            "unknown metric \"falseDeny.weeky\" (did you mean falseDeny.weekly?)"
        ),
        ("expect:\n  metrics:\n    - \"missedAttacks = 0\"\n", 2, "unknown operator"),
        ("expect:\n  metrics:\n    - \"missedAttacks 0\"\n", 2, "no comparison"),
        ("expect:\n  metrics:\n    - \"missedAttacks <= 2h\"\n", 2, "a duration bound (2h) needs a time metric"),
        ("expect:\n  metrics:\n    - \"missedAttacks <= lots\"\n", 2, "expected a number or a duration"),
        ("expect:\n  metrics:\n    - \"shop/missedAttacks == 0\"\n", 2, "unknown namespace \"shop\""),
        (
            "expect:\n  metrics:\n    - \"timeToStable <= 2h\"\n", 2,
            "it is reported per namespace: write ns/timeToStable"
        ),
        ("expect:\n  metrics:\n    - \"app/namespacesStable == 1\"\n", 2, "it is only reported overall"),
        ("expect:\n  metrics:\n    - {name: missedAttacks}\n", 2, "expected a bound such as"),
        (
            "expect:\n  days: 1\n  statuses:\n    - {at: 2d, namespace: app, status: Stable}\n", 3,
            "is after the end of the run (1d)"
        ),
        (
            "expect:\n  statuses:\n    - {at: 1h, namespace: app, status: Done}\n", 2,
            "expected one of Learning, Stabilizing, Stable, none, got \"Done\""
        ),
        (
            "expect:\n  statuses:\n    - {at: 1h, namespace: app}\n", 2,
            "nothing to check; expected at least one of status, stagedAction or enforced"
        ),
        ("expect:\n  statuses:\n    - {at: soon, namespace: app, status: Stable}\n", 2, "expected a time offset"),
        (
            "expect:\n  statuses:\n    - {namespace: app, status: Stable}\n", 2,
            "key `expect.statuses[0].at`: required key is missing"
        ),
        ("expect:\n  days: 0\n  metrics: [\"missedAttacks == 0\"]\n", 1, "expected a positive number of days"),
        ("expect:\n  seed: -1\n  metrics: [\"missedAttacks == 0\"]\n", 1, "expected a non-negative integer seed"),
        ("expect:\n  days: 1\n", 1, "nothing to check; expected at least one of metrics, statuses or policies"),
        ("expect:\n  policies: golden/missing\n", 1, "golden folder"),
    ]

    @Test(arguments: badBlocks.indices)
    func badExpectBlocksNameFileLineAndProblem(index: Int) throws {
        let bad = Self.badBlocks[index]
        let dir = try HarnessTestSupport.temporaryDirectory("expect-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, line) = try RegressFixture.scenario(expect: bad.expect, in: dir)
        do {
            let suite = try RegressSuite.load(paths: [path])
            Issue.record("accepted: \(suite.entries.map(\.expectations))")
        } catch {
            let text = error.description
            #expect(text.hasPrefix("\(path):\(line + bad.lineOffset):"), "\(text)")
            #expect(text.contains(bad.message), "\(text)")
        }
    }

    @Test func allProblemsAreReportedTogetherBeforeAnyRun() throws {
        let dir = try HarnessTestSupport.temporaryDirectory("expect-many")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try RegressFixture.scenario(expect: "expect:\n  metrics: [\"nope == 0\"]\n", in: dir, name: "a.yaml")
        _ = try RegressFixture.scenario(
            expect: "expect:\n  metrics: [\"missedAttacks == 0\"]\n", in: dir, name: "b.yaml")
        _ = try RegressFixture.scenario(
            expect: "expect:\n  metrics: [\"missedAttacks == 0\"]\n", in: dir, name: "c.yaml")
        try "name: [broken\n".write(
            toFile: dir.appendingPathComponent("d.yaml").path, atomically: true, encoding: .utf8)
        do {
            _ = try RegressSuite.load(paths: [dir.path])
            Issue.record("accepted a folder with three bad scenarios")
        } catch {
            #expect(error.problems.count == 3, "\(error.problems)")
            guard error.problems.count == 3 else { return }
            #expect(error.problems[0].contains("a.yaml:") && error.problems[0].contains("unknown metric \"nope\""))
            #expect(error.problems[1].contains("c.yaml") && error.problems[1].contains("also used by"))
            #expect(error.problems[2].contains("d.yaml") && error.problems[2].contains("not valid YAML"))
        }
    }

    @Test func namedFileWithoutExpectIsAnErrorButAFolderSkipsIt() throws {
        let noExpect = RegressFixture.folder.appendingPathComponent("no-expect.yaml").path
        #expect(throws: RegressInputError.self) { try RegressSuite.load(paths: [noExpect]) }
        let suite = try RegressSuite.load(paths: [RegressFixture.folder.path])
        #expect(suite.entries.map(\.scenario.name) == ["small"])
        #expect(suite.skipped == [noExpect])
        #expect(throws: RegressInputError.self) {
            try RegressSuite.load(paths: [RegressFixture.folder.path], filter: "nothing-matches")
        }
        #expect(throws: RegressInputError.self) { try RegressSuite.load(paths: ["/no/such/folder"]) }
    }

    @Test func metricCatalogMatchesWhatARunReports() throws {
        let suite = try RegressSuite.load(paths: [RegressFixture.folder.path])
        let entry = try #require(suite.entries.first)
        let result = try ScenarioRunner(scenario: entry.scenario, options: entry.runOptions).run()
        for m in result.metrics {
            let known = m.namespace.isEmpty ? MetricCatalog.overall : MetricCatalog.perNamespace
            #expect(known.contains(m.name), "\(m.namespace)/\(m.name) is reported but not in MetricCatalog")
        }
        // Everything the catalog lists (except time metrics, reported once reached) is reported.
        let overall = Set(result.metrics.filter { $0.namespace.isEmpty }.map(\.name))
        #expect(Set(MetricCatalog.overall.filter { !MetricCatalog.mayBeAbsent($0) }).subtracting(overall).isEmpty)
        let app = Set(result.metrics.filter { $0.namespace == "app" }.map(\.name))
        #expect(Set(MetricCatalog.perNamespace.filter { !MetricCatalog.mayBeAbsent($0) }).subtracting(app).isEmpty)
    }
}

@Suite struct GoldenPolicyRegressTests {
    @Test func normalisesNameSuffixAndLastUpdated() {
        let text = """
            metadata:
              name: namespace-isolation.shop-fwmis
              annotations:
                policyrecommendation.tigera.io/lastUpdated: '2026-01-05T00:10:00Z'
            spec:
              egress:
              - metadata:
                  annotations:
                    policyrecommendation.tigera.io/lastUpdated: '2026-01-05T00:05:00Z'
              - name: namespace-isolation.x-toolongsuffix
            """
        let n = GoldenPolicies.normalise(text)
        #expect(n.contains("  name: namespace-isolation.shop-*\n"))
        #expect(n.contains("    policyrecommendation.tigera.io/lastUpdated: '*'\n"))
        #expect(n.contains("        policyrecommendation.tigera.io/lastUpdated: '*'\n"))
        #expect(n.contains("name: namespace-isolation.x-toolongsuffix"))
        #expect(!n.contains("2026"))
        #expect(GoldenPolicies.normalise(n) == n)
    }

    @Test func firstDifferenceNamesFileLineExpectedAndGot() {
        let golden = "a: 1\nb: 2\nc: 3\n"
        #expect(GoldenPolicies.firstDifference(expected: golden, actual: "a: 1\nb: 2\nc: 3", file: "g/x.yaml") == nil)
        #expect(
            GoldenPolicies.firstDifference(expected: golden, actual: "a: 1\nb: 5\nc: 3\n", file: "g/x.yaml")
                == "g/x.yaml:2: expected \"b: 2\" got \"b: 5\"")
        #expect(
            GoldenPolicies.firstDifference(expected: golden, actual: "a: 1\nb: 2\n", file: "g/x.yaml")
                == "g/x.yaml:3: expected \"c: 3\" got end of file")
        #expect(
            GoldenPolicies.firstDifference(expected: "a: 1\n", actual: "a: 1\nz: 9\n", file: "g/x.yaml")
                == "g/x.yaml:2: expected end of file got \"z: 9\"")
        // Suffixes and timestamps never make a difference.
        #expect(
            GoldenPolicies.firstDifference(
                expected: "name: namespace-isolation.a-abcde\n",
                actual: "name: namespace-isolation.a-zyx12\n", file: "f") == nil)
    }

    @Test func goldenFilesMustHoldPoliciesOfTheirNamespace() throws {
        let dir = try HarnessTestSupport.temporaryDirectory("golden-check")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = GoldenFolder(path: "g", resolved: dir.path, line: 3)
        let text = try String(
            contentsOf: RegressFixture.folder.appendingPathComponent("golden/small/app.yaml"), encoding: .utf8)
        try text.write(toFile: dir.appendingPathComponent("db.yaml").path, atomically: true, encoding: .utf8)
        #expect(throws: ScenarioError.self) {
            try GoldenPolicies.load(folder, scenarioFile: "s.yaml", allowMissing: false)
        }
        try "kind: [oops\n".write(toFile: dir.appendingPathComponent("db.yaml").path, atomically: true, encoding: .utf8)
        do { _ = try GoldenPolicies.load(folder, scenarioFile: "s.yaml", allowMissing: false) } catch {
            #expect(error.file == dir.appendingPathComponent("db.yaml").path && error.line >= 1, "\(error)")
        }
        let missing = GoldenFolder(path: "none", resolved: dir.appendingPathComponent("none").path, line: 7)
        #expect(try GoldenPolicies.load(missing, scenarioFile: "s.yaml", allowMissing: true).isEmpty)
        #expect(throws: ScenarioError.self) {
            try GoldenPolicies.load(missing, scenarioFile: "s.yaml", allowMissing: false)
        }
    }
}

@Suite struct StatusTimelineRegressTests {
    static func row(
        _ seconds: Int64, _ ns: String, _ status: RecommendationStatus, _ action: StagedAction,
        _ event: RecommendationEvent,
        detail: String = "", kind: String = "StagedNetworkPolicy"
    ) -> RecommendationRow {
        RecommendationRow(
            time: SimInstant(unixSeconds: seconds), namespace: ns, name: "namespace-isolation.\(ns)-abcde",
            status: status,
            stagedAction: action, egressRules: 0, ingressRules: 0, event: event, detail: detail,
            yaml: "apiVersion: projectcalico.org/v3\nkind: \(kind)\nmetadata: {}\n")
    }

    @Test func stateAtATimeIsTheLastVersionAtOrBeforeIt() {
        let timeline = StatusTimeline(rows: [
            Self.row(100, "a", .learning, .learn, .created),
            Self.row(200, "a", .stable, .learn, .renamed),
            Self.row(300, "a", .stable, .set, .userAction, detail: "activate"),
            Self.row(400, "a", .stable, .set, .userAction, detail: "enforce", kind: "NetworkPolicy"),
            Self.row(400, "a", .stable, .ignore, .userAction, detail: "enforce"),
            Self.row(500, "a", .stable, .set, .userAction, detail: "deleteEnforced", kind: "NetworkPolicy"),
            Self.row(600, "a", .stable, .ignore, .deleted),
        ])
        func at(_ t: Int64) -> StatusTimeline.State { timeline.state(namespace: "a", at: SimInstant(unixSeconds: t)) }
        #expect(at(99) == .init(status: .none, stagedAction: nil, enforced: false))
        #expect(at(100) == .init(status: .learning, stagedAction: "Learn", enforced: false))
        #expect(at(250) == .init(status: .stable, stagedAction: "Learn", enforced: false))
        #expect(at(400) == .init(status: .stable, stagedAction: "Ignore", enforced: true))
        #expect(at(500) == .init(status: .stable, stagedAction: "Ignore", enforced: false))
        #expect(at(600) == .init(status: .none, stagedAction: nil, enforced: false))
        #expect(timeline.state(namespace: "b", at: SimInstant(unixSeconds: 1000)).status == .none)
    }
}

@Suite struct EvaluationRegressTests {
    static func result(_ metrics: [Metric], namespaces: [String] = ["app"]) -> RunResult {
        let t = SimInstant(unixSeconds: 0)
        return RunResult(
            runID: nil, scenario: "s", seed: 1, start: t, end: t, fingerprint: "", metrics: metrics,
            lifecycles: namespaces.map { RecommendationLifecycle(namespace: $0) }, warnings: [], recommendations: [],
            tier: nil, enforcedPolicies: [], flowLogRecords: 0, ticks: 0, statistics: RunStatistics())
    }

    static let evaluation = ExpectationEvaluation(
        expectations: Expectations(), scenarioFile: "s.yaml", start: SimInstant(unixSeconds: 0),
        golden: [:], update: false)

    static func bound(_ ns: String, _ name: String, _ op: ComparisonOperator, _ v: Double) -> MetricBound {
        MetricBound(namespace: ns, name: name, op: op, value: v, text: "\(ns)/\(name) \(op.rawValue) \(v)", line: 9)
    }

    @Test func boundsCompareAndShowTimesAsDurations() {
        let r = Self.result([
            Metric(namespace: "", name: "timeToStable.p95", value: 7800),
            Metric(namespace: "app", name: "missedAttacks", value: 2),
        ])
        let late = Self.evaluation.metric(Self.bound("", "timeToStable.p95", .lessOrEqual, 7200), r)
        #expect(late.outcome == .failed && late.detail == "got 2h 10m, expected <= 2h" && late.location == "s.yaml:9")
        let missed = Self.evaluation.metric(Self.bound("app", "missedAttacks", .notEqual, 0), r)
        #expect(missed.outcome == .passed && missed.detail == "2")
        for op in ComparisonOperator.allCases {
            #expect(op.holds(1, 1) == [.lessOrEqual, .greaterOrEqual, .equal].contains(op), "\(op)")
        }
    }

    @Test func aMissingMetricFailsEvenForEqualsZero() {
        let r = Self.result([])
        let never = Self.evaluation.metric(Self.bound("app", "timeToStable", .lessOrEqual, 3600), r)
        #expect(
            never.outcome == .failed
                && never.detail == "metric missing: namespace app never reached that point in the run (expected <= 1h)")
        let unselected = Self.evaluation.metric(Self.bound("db", "missedAttacks", .equal, 0), r)
        #expect(
            unselected.outcome == .failed
                && unselected.detail.contains("namespace db was never selected by the recommendation scope"))
    }
}

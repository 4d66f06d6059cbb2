import CalicoModel
import Foundation
import Scenario
import Simulation
import TestSupport
import Testing

@Suite struct ScenarioErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        var yaml: String
        var line: Int
        var key: String
        var expectation: String
        var description: String { key }
    }

    static let base = """
        name: bad
        cluster:
          namespaces: [web, db]
          workloads:
            - {name: app, namespace: web, ports: [{name: http, port: 8080}]}
            - {name: pg, namespace: db, ports: [5432]}
        """

    static let cases: [Case] = [
        Case(yaml: base + "\ndurration: 3d", line: 7, key: "durration", expectation: "unknown key; expected one of"),
        Case(yaml: base + "\nduration: 3 days", line: 7, key: "duration", expectation: "expected a duration"),
        Case(
            yaml: base + "\nflowLogs: {aggregation: 5}", line: 7, key: "flowLogs.aggregation",
            expectation: "0, 1, 2 or 3"),
        Case(
            yaml: base
                + "\ntraffic:\n  - {id: t, from: {workload: web/ap}, to: {workload: db/pg}, port: 5432, steady: {rate: 5}}",
            line: 8, key: "traffic[0].from.workload", expectation: "unknown workload \"web/ap\""),
        Case(
            yaml: base
                + "\ntraffic:\n  - id: t\n    from: {workload: web/app}\n    to: {workload: db/pg}\n    steady: {rate: 5}",
            line: 8, key: "traffic[0].port", expectation: "expected the destination port"),
        Case(
            yaml: base
                + "\ntraffic:\n  - id: t\n    from: {workload: web/app}\n    to: {workload: db/pg}\n    port: 5432\n    steady: {rate: -1}",
            line: 12, key: "traffic[0].steady.rate", expectation: "positive rate"),
        Case(
            yaml: base
                + "\ntraffic:\n  - id: t\n    from: {workload: web/app}\n    to: {workload: db/pg}\n    port: 5432\n    periodic: {every: 1h, jitter: 2h}",
            line: 12, key: "traffic[0].periodic.jitter", expectation: "shorter than the period"),
        Case(
            yaml: base + "\ntraffic:\n  - {id: t, from: {workload: web/app}, to: {workload: db/pg}, port: 5432}",
            line: 8, key: "traffic[0]", expectation: "exactly one traffic shape"),
        Case(
            yaml: base + "\nevents:\n  - {at: 2d, namespaceAppears: nope}", line: 8, key: "events[0].namespaceAppears",
            expectation: "unknown namespace"),
        Case(
            yaml: base.replacingOccurrences(of: "namespace: db, ports", with: "namespace: dbx, ports"), line: 6,
            key: "cluster.workloads[1].namespace", expectation: "unknown namespace \"dbx\""),
        Case(
            yaml: base + "\nrecommendation:\n  actions:\n    - {at: 1d, namespace: web, action: approve}", line: 9,
            key: "recommendation.actions[0].action",
            expectation: "expected one of activate, dismiss, reactivate, enforce, deleteEnforced"),
        Case(
            yaml: base + "\nrecommendation:\n  scope:\n    interval: 5 minutes", line: 9,
            key: "recommendation.scope.interval", expectation: "expected a Go duration"),
        Case(yaml: base + "\ncluster2: {}", line: 7, key: "cluster2", expectation: "unknown key"),
        Case(
            yaml: base + "\nrecommendation:\n  assume:\n    query-fallback: sometimes", line: 9,
            key: "recommendation.assume.query-fallback",
            expectation:
                "assumption query-fallback has no value \"sometimes\"; expected one of: when-pending-empty, all-unprotected"
        ),
        Case(
            yaml: base + "\nrecommendation:\n  assume:\n    made-up: x", line: 9, key: "recommendation.assume.made-up",
            expectation: "unknown assumption \"made-up\""),
        Case(
            yaml: base + "\nduration: 2d\nrecommendation:\n  engineStart: 2d", line: 9,
            key: "recommendation.engineStart",
            expectation: "expected a warm start shorter than the scenario's duration 2d"),
        Case(yaml: "cluster: {}\n", line: 1, key: "name", expectation: "required key is missing"),
    ]

    @Test(arguments: cases)
    func errorNamesFileLineKeyAndExpectation(_ c: Case) {
        do {
            _ = try Scenario.parse(c.yaml, file: "bad.yaml")
            Issue.record("accepted: \(c.key)")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.line == c.line, "\(error)")
            #expect(error.key == c.key, "\(error)")
            #expect(error.message.contains(c.expectation), "\(error)")
            #expect(error.description.hasPrefix("bad.yaml:\(c.line): key `\(c.key)`:"))
        }
    }

    /// `assume:` and `engineStart:` are read into the scenario.
    @Test func assumptionsAndWarmStartAreRead() throws {
        let s = try Scenario.parse(
            Self.base
                + "\nrecommendation:\n  engineStart: 1d\n  assume:\n    portless-flows: kept\n    domain-terms: unlimited\n",
            file: "ok.yaml")
        #expect(s.recommendation.engineStart == .days(1))
        #expect(s.recommendation.assumptions.label == "portless-flows=kept,domain-terms=unlimited")
        #expect(try Scenario.parse(Self.base, file: "ok.yaml").recommendation.engineStart == .zero)
    }

    @Test func policyFileErrorsNameThatFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recsim-scn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try
            "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p, namespace: web}\nspec:\n  ingress:\n    - action: Allw\n"
            .write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        try (Self.base + "\n  policies:\n    - file: p.yaml\n").write(
            to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try Scenario.load(path: dir.appendingPathComponent("s.yaml").path)
            Issue.record("accepted a bad policy")
        } catch {
            #expect(error.file.hasSuffix("p.yaml"))
            #expect(error.key.contains("action"), "\(error)")
        }
        try (Self.base + "\n  policies:\n    - file: missing.yaml\n").write(
            to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: ScenarioError.self) { try Scenario.load(path: dir.appendingPathComponent("s.yaml").path) }
    }
}

@Suite struct ScenarioSectionTests {
    @Test func defaultsApply() throws {
        let s = try Scenario.parse("name: x\n", file: "x.yaml")
        #expect(s.seed == 1 && s.start.rfc3339 == "2026-01-05T00:00:00Z" && s.duration == .days(30))
        #expect(s.flowLogs == FlowLogSettings(flushInterval: .seconds(300), aggregation: 2))
        #expect(s.clusterDomain == "cluster.local" && s.expect == nil && s.recommendation.scope == nil)
    }

    @Test func recommendationAndExpectSectionsArePreserved() throws {
        let s = try Scenario.load(path: PackagePaths.scenario("churn"))
        let r = s.recommendation
        #expect(r.scope?.spec.interval == "5m" && r.scope?.spec.namespaceSpec?.recStatus == .enabled)
        #expect(r.actions.map(\.action) == [.activate, .enforce, .deleteEnforced])
        #expect(r.actions[0].at == .days(3) && r.actions[0].namespace == "core")
        #expect(
            r.scopeChanges.first?.interval == .minutes(10) && r.scopeChanges.first?.stabilizationPeriod == .hours(2))
        let rare = try Scenario.load(path: PackagePaths.scenario("rare-traffic"))
        #expect(rare.recommendation.automation?.activateWhenStable == true)
        #expect(rare.recommendation.automation?.enforceAfter == .hours(24))
        #expect(try Expectations.parse(rare)?.metrics.isEmpty == false)
        #expect(rare.expect?.line ?? 0 > 1)
    }
}

@Suite struct ScenarioSyntaxErrorTests {
    @Test func invalidYAMLNamesTheLine() {
        #expect {
            _ = try Scenario.parse("name: x\ncluster:\n  namespaces: [a, b\n  workloads: []\n", file: "broken.yaml")
        } throws: { error in
            guard let e = error as? ScenarioError else { return false }
            return e.file == "broken.yaml" && e.line >= 3 && e.message.hasPrefix("not valid YAML")
        }
    }
}

import Foundation
import Reporting
import ResultStore
import Scenario
import TestSupport
import Testing
import TrafficGeneration

@testable import Harness

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `recsim run` end to end on the bundled scenarios in a short form: database content and report files.
@Suite struct RunEndToEndTests {
    static let shortForms: [(String, Double)] = [
        // online-boutique and rare-traffic start with a day of history (engineStart: 1d).
        ("online-boutique", 2), ("rare-traffic", 3), ("churn", 4), ("large", 0.05),
    ]

    @Test(arguments: shortForms.map(\.0))
    func bundledScenarioRunsStoresAndReports(name: String) throws {
        let days = Self.shortForms.first { $0.0 == name }!.1
        let dir = try HarnessTestSupport.temporaryDirectory("e2e-\(name)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("recsim.sqlite").path
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario(name))
        var options = RunOptions()
        options.duration = .init(seconds: Int64(days * 86_400))
        let store = try ResultStore(path: db)
        let result = try ScenarioRunner(scenario: scenario, options: options).run(store: store)
        let id = try #require(result.runID)

        let run = try #require(try store.run(id))
        #expect(run.status == .complete)
        #expect(run.fingerprint == result.fingerprint)
        #expect(run.info.seed == scenario.seed)
        let recs = try store.recommendations(run: id)
        #expect(!recs.isEmpty, "no recommendation versions stored")
        #expect(
            recs.allSatisfy { $0.yaml.contains("kind: StagedNetworkPolicy") || $0.yaml.contains("kind: NetworkPolicy") }
        )
        let outcomes = try store.outcomes(run: id)
        #expect(!outcomes.isEmpty)
        #expect(outcomes.reduce(0) { $0 + $1.flows } > 0)
        let metrics = try store.metrics(run: id)
        #expect(
            metrics.contains {
                $0.namespace == "" && $0.name == "namespaces" && $0.value == Double(result.lifecycles.count)
            })
        #expect(metrics.contains { $0.name == "falseDeny.weekly" })
        #expect(result.flowLogRecords > 0 && result.ticks > 0)

        let files = try RunReporter.files(store: store, runID: id)
        let names = files.map(\.name)
        #expect(names.contains("index.html") && names.contains("summary.md") && names.contains("namespaces.csv"))
        let html = try #require(files.first { $0.name == "index.html" }).contents
        #expect(html.contains("<svg"))
        #expect(XMLParser(data: Data(html.utf8)).parse(), "index.html is not well-formed")
        let md = try #require(files.first { $0.name == "summary.md" }).contents
        #expect(md.contains(scenario.name))
        for l in result.lifecycles { #expect(md.contains(l.namespace)) }
    }

    @Test func rerunningTheSameSeedGivesIdenticalRows() throws {
        let dir = try HarnessTestSupport.temporaryDirectory("rerun")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("rare-traffic"))
        var options = RunOptions(seed: 3)
        options.duration = .hours(30)
        var fingerprints: [String] = []
        var rows: [([RecommendationRow], [OutcomeRow], [MetricRow])] = []
        for i in 0..<2 {
            let store = try ResultStore(path: dir.appendingPathComponent("run\(i).sqlite").path)
            let r = try ScenarioRunner(scenario: scenario, options: options).run(store: store)
            fingerprints.append(r.fingerprint)
            rows.append(
                (
                    try store.recommendations(run: r.runID!), try store.outcomes(run: r.runID!),
                    try store.metrics(run: r.runID!)
                ))
        }
        #expect(fingerprints[0] == fingerprints[1])
        #expect(rows[0].0 == rows[1].0)
        #expect(rows[0].1 == rows[1].1)
        #expect(rows[0].2 == rows[1].2)
        // Another seed gives another run.
        options.seed = 4
        let other = try ScenarioRunner(scenario: scenario, options: options).run()
        #expect(other.fingerprint != fingerprints[0])
    }

    /// `run(overlapping: true)` splits each window over two threads (records, scoring, the next window); every row
    /// it stores is the one the sequential run stores, with and without stored flow logs and a delivery model.
    @Test(arguments: [("rare-traffic", false, false), ("churn", true, false), ("online-boutique", true, true)])
    func overlappingStagesStoreTheSameRun(name: String, storeFlows: Bool, delivery: Bool) throws {
        let dir = try HarnessTestSupport.temporaryDirectory("overlap-\(name)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario(name))
        var options = RunOptions(seed: 5)
        options.duration = .hours(30)
        options.storeFlows = storeFlows
        if delivery {
            options.ingestionLatency = try IngestionLatency(parsing: "exponential:1m")
            options.loss = 0.05
        }
        var runs: [(String, [RecommendationRow], [OutcomeRow], [MetricRow], [ClassVerdictRow], [FlowLogRow])] = []
        for overlapping in [false, true] {
            let store = try ResultStore(path: dir.appendingPathComponent("\(overlapping).sqlite").path)
            let r = try ScenarioRunner(scenario: scenario, options: options).run(store: store, overlapping: overlapping)
            let id = try #require(r.runID)
            runs.append(
                (
                    r.fingerprint, try store.recommendations(run: id), try store.outcomes(run: id),
                    try store.metrics(run: id), try store.classVerdicts(run: id), try store.flowLogs(run: id)
                ))
        }
        #expect(runs[0].0 == runs[1].0)
        #expect(runs[0].1 == runs[1].1)
        #expect(!runs[0].2.isEmpty && runs[0].2 == runs[1].2)
        #expect(runs[0].3 == runs[1].3)
        #expect(runs[0].4 == runs[1].4)
        #expect(runs[0].5.isEmpty == !storeFlows && runs[0].5 == runs[1].5)
        if delivery { #expect(runs[0].3.contains { $0.name.hasPrefix("deliveryLateFlows.") && $0.value > 0 }) }
    }

    @Test func goldenReportOfAShortRun() throws {
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("rare-traffic"))
        let dir = try HarnessTestSupport.temporaryDirectory("golden")
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = RunOptions(seed: 7)
        options.duration = .days(2)
        options.engineStart = .zero  // cold start: the golden report shows false denies
        let store = try ResultStore(path: dir.appendingPathComponent("g.sqlite").path)
        let r = try ScenarioRunner(scenario: scenario, options: options).run(store: store)
        let files = try RunReporter.files(store: store, runID: r.runID!)
        for name in ["summary.md", "namespaces.csv", "false_denies.csv", "timeline.csv"] {
            let contents = try #require(files.first { $0.name == name }).contents
            try Golden.check(contents, file: "rare-traffic-2d-\(name)")
        }
    }
}

/// Golden files under Tests/HarnessTests/Golden (TestSupport's `GoldenFile`; `RECSIM_UPDATE_GOLDEN=1` rewrites them).
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let problem = try GoldenFile.mismatch(actual, at: directory.appendingPathComponent(file))
        #expect(problem == nil, "\(problem ?? "")", sourceLocation: sourceLocation)
    }
}

import Foundation
import Harness
import RecommendationEngine
import Reporting
import ResultStore
import Scenario
import Simulation
import Testing

/// `recsim sensitivity`: a baseline and one variant per alternative, over the same traffic.
@Suite struct SensitivityTests {
    @Test func everyAlternativeIsAVariantAndTheBaselineComesFirst() throws {
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("rare-traffic"))
        let all = SensitivityPlan(scenario: scenario, seeds: [1], options: RunOptions())
        #expect(all.variants.first == .baseline)
        #expect(all.variants.count == 1 + Assumptions.registry.map { $0.alternatives.count }.reduce(0, +))
        // A baseline off the defaults has the default as one of its variants.
        var options = RunOptions()
        options.assumptions = try AssumptionOverrides(parsing: ["query-fallback=all-unprotected"])
        let shifted = SensitivityPlan(scenario: scenario, seeds: [1], options: options, only: [.queryFallback])
        #expect(shifted.variants.map(\.label) == ["baseline", "query-fallback=when-pending-empty"])
        #expect(shifted.id != all.id)
    }

    /// Cold-started rare-traffic for 6 hours: the study's runs are stored, the baseline's figures equal a plain
    /// run's, and the findings name what changed.
    @Test func aStudyIsStoredAndReadBackWithItsFindings() throws {
        let dir = try HarnessTestSupport.temporaryDirectory("sensitivity")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("online-boutique"))
        var options = RunOptions()
        options.duration = .hours(6)
        options.engineStart = .zero
        let plan = SensitivityPlan(
            scenario: scenario, seeds: [1], options: options, only: [.queryFallback, .domainTerms])
        let db = dir.appendingPathComponent("s.sqlite").path
        let outcome = try SensitivityRunner(plan: plan, jobs: 2).run(
            storePath: db, scratchDirectory: dir.appendingPathComponent("scratch").path)
        #expect(outcome == .ran(runs: 3))
        let again = try SensitivityRunner(plan: plan, jobs: 1).run(
            storePath: db, scratchDirectory: dir.appendingPathComponent("scratch").path)
        #expect(again == .alreadyStored(runs: 3))

        let store = try ResultStore(path: db, mode: .readOnly)
        let data = try SensitivityAnalysis.build(store: store, id: plan.id)
        #expect(data.variants.map(\.label) == ["query-fallback=all-unprotected", "domain-terms=unlimited"])
        // The baseline is the plain run of the same seed.
        var plain = options
        plain.seed = 1
        let single = try ScenarioRunner(scenario: scenario, options: plain).run()
        let baselineRun = try #require(
            try store.sweepRuns(sweepID: plan.id).first { $0.info.settings.assumptions == Assumptions() })
        #expect(baselineRun.fingerprint == single.fingerprint)
        // query-fallback changes checkout (its email flow is returned at once); the findings say so.
        let fallback = data.variants[0]
        #expect(fallback.changedRows.contains { $0.namespace == "checkout" })
        #expect(fallback.findings.contains { $0.hasPrefix("checkout") })
        // Every finding of the study marks its namespace in the run and sweep reports.
        let restsOn = try SensitivityAnalysis.restsOn(store: store, scenario: scenario.name)
        #expect(restsOn.first { $0.namespace == "checkout" }?.assumptions.contains("query-fallback") == true)
        #expect(restsOn.map(\.namespace) == restsOn.map(\.namespace).sorted())
        let runReport = RunReport(try RunReporter.data(store: store, runID: baselineRun.id)).markdown()
        #expect(runReport.contains("Rests on assumptions"))
        #expect(runReport.contains("- checkout: query-fallback"))
        let files = SensitivityReport(data: data).files()
        #expect(files.map(\.name) == ["index.html", "summary.md", "sensitivity.csv"])
        #expect(files[1].contents.contains("## query-fallback=all-unprotected"))
    }
}

import ArgumentParser
import Foundation
import Harness
import RecommendationEngine
import Reporting
import ResultStore
import Scenario

/// `recsim sensitivity`: which results rest on which assumption.
struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Run a scenario under each engine-model assumption's alternatives and show what changes.",
        discussion: """
            Runs the baseline (the scenario's assumptions, with any --assume values) and one variant per \
            alternative value of each assumption (`recsim assumptions`; or only those named with --only), over \
            the same traffic for each seed. Prints one sentence per conclusion that changes (a namespace that \
            stops or starts becoming Stable, false denies at Stable, missed attacks, over-permissive tuples, a \
            time to Stable that moves) and writes a report with the per-namespace figures and deltas. Runs are \
            stored in the database; run and sweep reports of the scenario then mark the namespaces whose \
            results rest on an assumption.
            """)

    @Argument(help: "Scenario file.") var scenario: String
    @Option(help: "Seeds: A..B or a comma list (default: the scenario's seed).") var seeds: String?
    @Option(help: "Only these assumptions, comma-separated ids (default: all).") var only: String?
    @Option(help: "Parallel simulations (seeds run in parallel).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "SQLite database file.") var db = "recsim.sqlite"
    @Option(help: "Report folder (default: reports/<scenario>/<study-id>).") var report: String?
    @OptionGroup var options: ScenarioRunOptions

    func validate() throws {
        if options.seed != nil { throw ValidationError("use --seeds for sensitivity studies, not --seed") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        _ = try onlyIDs()
        if let seeds { _ = try parseSeeds(seeds) }
    }

    func parseSeeds(_ text: String) throws -> [UInt64] {
        do { return try SweepGrid.seeds(text) } catch { throw ValidationError(error.message) }
    }

    func onlyIDs() throws -> [AssumptionID] {
        guard let only else { return [] }
        return try only.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let id = AssumptionID(rawValue: String(part)) else {
                throw ValidationError(
                    "--only: unknown assumption \"\(part)\"; known: "
                        + AssumptionID.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return id
        }
    }

    func run() throws {
        let s = try options.scenario(Scenario.load(path: scenario))
        let seedList = try seeds.map(parseSeeds) ?? [s.seed]
        let plan = SensitivityPlan(scenario: s, seeds: seedList, options: try options.runOptions(), only: try onlyIDs())
        print("sensitivity: \(plan.id)")
        print("seeds: \(seedList.map(String.init).joined(separator: ","))")
        if !plan.baseline.label.isEmpty { print("baseline assuming: \(plan.baseline.label)") }
        print(
            "variants: \(plan.variants.count - 1) (\(plan.variants.dropFirst().map(\.label).joined(separator: ", ")))")
        let bar = LockedProgress(ProgressBar("sensitivity \(s.name): windows"))
        let folder = (db as NSString).deletingLastPathComponent
        let scratchName = ".\((db as NSString).lastPathComponent).recsim-scratch-\(plan.id)"
        let scratch = folder.isEmpty ? scratchName : (folder as NSString).appendingPathComponent(scratchName)
        let outcome = try SensitivityRunner(plan: plan, jobs: jobs).run(storePath: db, scratchDirectory: scratch) {
            bar.update(done: $0, total: $1)
        }
        if case .alreadyStored(let n) = outcome { print("all \(n) runs were already in \(db); reporting them") }
        let store = try ResultStore(path: db)
        let data = try SensitivityAnalysis.build(store: store, id: plan.id)
        let dir = report ?? "reports/\(s.name)/\(plan.id)"
        try ReportOutput.write(SensitivityReport(data: data).files(), to: dir)
        let findings = data.variants.flatMap { v in v.findings.map { "\(v.label): \($0)" } }
        if findings.isEmpty {
            print("no conclusion changes under any assumption")
        } else {
            print("conclusions that change:")
            for f in findings { print("  \(f)") }
        }
        print("report: \(dir)/index.html")
    }
}

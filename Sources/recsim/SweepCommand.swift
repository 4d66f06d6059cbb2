import ArgumentParser
import Foundation
import Harness
import Reporting
import ResultStore
import Scenario
import TrafficGeneration

/// `recsim sweep`: tune interval and stabilization over a grid and several seeds.
struct SweepCommand: ParsableCommand, Interruptible {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract:
            "Run a grid of interval × stabilization (× lookback) settings over several seeds and pick the shortest safe one.",
        discussion: """
            Each seed's traffic is generated once and shared by every grid point. Results are stored as ordinary \
            runs grouped by a sweep id; the report (HTML, Markdown, CSV) goes to reports/<scenario>/<sweep-id>/. \
            With --shard I/N (or JOB_COMPLETION_INDEX and RECSIM_SHARDS in the environment) only that shard's \
            (point, seed) pairs run; merge the shard databases with `recsim merge`. Each finished (point, seed) run is \
            kept in a scratch folder beside the database until it is imported; after SIGINT, SIGTERM or a kill, the same \
            command with --resume runs only what is missing and ends with the same rows as an uninterrupted sweep.
            """)

    @Argument(help: "Scenario file.") var scenario: String
    @Option(help: "Intervals, comma-separated (e.g. 150s,5m,10m).") var interval: String
    @Option(help: "Stabilization periods, comma-separated (e.g. 10m,1h,1d,3d,7d).") var stabilization: String
    @Option(help: "Initial lookbacks, comma-separated (default: the scenario's).") var lookback: String?
    @Option(
        help:
            "Ingestion latencies to sweep, comma-separated (e.g. 0s,60s,5m; each may be uniform:LOW..HIGH or exponential:MEAN): the report shows false denies against interval for each."
    )
    var latency: String?
    @Option(help: "Seeds: A..B or a comma list.") var seeds = "1..5"
    @Option(help: "Parallel simulations (default: the number of active processors).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount
    @Option(
        help: ArgumentHelp(
            "Largest acceptable false-deny rate per rarity, as fractions: steady=0,daily=0,weekly=0.01 (`*=X` or a bare X bounds every rarity not listed).",
            discussion: "Default: \(FalseDenyBounds.standard). Exits 1 when no setting meets the bounds."))
    var maxFalseDeny: String?
    @Option(help: "SQLite database file.") var db = "recsim.sqlite"
    @Option(help: "Report folder (default: reports/<scenario>/<sweep-id>).") var report: String?
    @Option(help: "Run only shard I of N (0-based), e.g. 2/8.") var shard: String?
    @Option(help: "Sweep id (default: derived from scenario, duration and grid, the same in every shard).") var sweepID:
        String?
    @Flag(
        help:
            "Finish an interrupted or killed sweep: keep its finished runs (same database, same grid) and run only the rest."
    )
    var resume = false
    @Flag(help: "Print the results and the decision as one JSON document (docs/json-output.md) instead of the table.")
    var json = false
    @OptionGroup var options: ScenarioRunOptions

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        _ = try bounds()
        if options.seed != nil { throw ValidationError("use --seeds for sweeps, not --seed") }
        if latency != nil && options.ingestionLatency != nil {
            throw ValidationError("give either --latency (swept) or --ingestion-latency (fixed), not both")
        }
        _ = try grid()
        _ = try resolvedShard()
    }

    func grid() throws -> SweepGrid {
        try SweepGrid(
            intervals: SweepGrid.durations(interval, option: "--interval"),
            stabilizations: SweepGrid.durations(stabilization, option: "--stabilization"),
            lookbacks: lookback.map { try SweepGrid.durations($0, option: "--lookback") } ?? [],
            flushIntervals: options.parsedFlushIntervals(),
            latencies: latency.map { try SweepGrid.latencies($0) } ?? [],
            seeds: SweepGrid.seeds(seeds))
    }

    func bounds() throws -> FalseDenyBounds { try OptionParsing.falseDenyBounds(maxFalseDeny) }

    func resolvedShard() throws -> Shard? {
        if let shard { return try Shard(parsing: shard) }
        return try ShardEnvironment.shard()
    }

    func run() throws {
        let s = try Scenario.load(path: scenario)
        let plan = SweepPlan(
            scenario: s, grid: try grid(), options: try options.runOptions(), sweepID: sweepID,
            shard: try resolvedShard())
        let say: (String) -> Void = json ? { StandardError.write($0) } : { print($0) }
        say("sweep: \(plan.sweepID)")
        say("seeds: \(plan.grid.seeds.map(String.init).joined(separator: ","))")
        let assumed = ScenarioRunner(scenario: s, options: plan.options).assumptions.label
        if !assumed.isEmpty { say("assuming: \(assumed)") }
        if let shard = plan.shard { say("shard: \(shard) (\(plan.tasks.count) of \(plan.allTasks.count) runs)") }
        for r in plan.grid.rejectedPoints {
            StandardError.write(
                "warning: grid point \(r.point.label) left out: \(r.reason); Calico's engine ignores such a value and keeps "
                    + "its previous one (SPEC §1.5), so the point would be mislabelled")
        }
        let bar = LockedProgress(ProgressBar("sweep \(s.name)"))
        // Beside the database and named after it, so two sweeps of one grid into different databases never share it.
        let folder = (db as NSString).deletingLastPathComponent
        let scratchName = ".\((db as NSString).lastPathComponent).recsim-scratch-\(plan.sweepID)"
        let scratch = folder.isEmpty ? scratchName : (folder as NSString).appendingPathComponent(scratchName)
        let outcome = try SweepRunner(plan: plan, jobs: jobs).run(
            storePath: db, scratchDirectory: scratch, resume: resume
        ) { done, total in
            bar.update(done: done, total: total)
        }
        if resume { say("resumed: \(outcome.resumedTasks) run(s) were already finished, \(outcome.ranTasks) ran now") }
        try? FileManager.default.removeItem(atPath: scratch)
        let store = try ResultStore(path: db)
        let data = try SweepReportBuilder.build(store: store, sweepID: plan.sweepID, bounds: try bounds())
        var reportPath: String?
        if plan.shard == nil || report != nil {
            let dir = report ?? "reports/\(s.name)/\(plan.sweepID)"
            try ReportOutput.write(SweepReport(data: data).files(), to: dir)
            reportPath = "\(dir)/index.html"
        }
        if json {
            print(try JSONDocument.encode(JSONDocument.Sweep(data, report: reportPath)), terminator: "")
        } else {
            print(SweepTable.render(data))
            if let reportPath { print("report: \(reportPath)") }
        }
        if plan.shard == nil {
            if data.recommendation.overall == nil {
                StandardError.write(
                    "error: no setting meets the false-deny bounds; see the closest setting above, or loosen --max-false-deny"
                )
                throw ExitCode(ExitStatus.checkFailed.rawValue)
            }
        } else {
            say(
                "shard done; merge the shard databases with `recsim merge OUT.sqlite SHARD.sqlite…`, then `recsim report --db OUT.sqlite --sweep \(plan.sweepID)`"
            )
        }
    }
}

/// The shard given by a Kubernetes Indexed Job's environment.
enum ShardEnvironment {
    static func shard() throws -> Shard? {
        let env = ProcessInfo.processInfo.environment
        guard let index = env["JOB_COMPLETION_INDEX"] else { return nil }
        guard let i = Int(index) else {
            throw ValidationError("JOB_COMPLETION_INDEX must be a number, got \"\(index)\"")
        }
        guard let total = env["RECSIM_SHARDS"], let n = Int(total) else {
            throw ValidationError(
                "JOB_COMPLETION_INDEX is set: also set RECSIM_SHARDS to the number of shards (the Job's completions), or pass --shard I/N"
            )
        }
        return try Shard(index: i, count: n)
    }
}

/// A progress bar safe to update from several threads.
final class LockedProgress: @unchecked Sendable {
    private let bar: ProgressBar
    private let lock = NSLock()
    init(_ bar: ProgressBar) { self.bar = bar }
    func update(done: Int, total: Int) { lock.lock(); bar.update(done: done, total: total); lock.unlock() }
}

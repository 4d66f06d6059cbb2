import ArgumentParser
import CalicoModel
import Foundation
import Harness
import Reporting
import ResultStore
import Scenario
import Simulation
import TrafficGeneration

/// `recsim capacity`: scale a scenario and measure the engine and pipeline at each size.
struct CapacityCommand: ParsableCommand, Interruptible {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "Scale a scenario to several cluster sizes and measure the engine and pipeline at each.",
        discussion: """
            Each (size, seed) point runs in a child process of this binary, so its peak memory is its own; --jobs N \
            runs N at once (counts are identical whatever N is; timings are not). Prints a table, stores one run per \
            point in the database (sweep id = the study id) and writes reports/<scenario>/<study id>/ (index.html, \
            summary.md, capacity.csv). See docs/capacity.md.
            """)

    @Argument(help: "Scenario file (scenarios/*.yaml).") var scenario: String
    @Option(help: "Namespace counts to measure, comma-separated (e.g. 10,50,200,1000).") var namespaces: String
    @Option(
        help:
            "Total connection attempts per second, comma-separated; each is measured at every namespace count (default: the scaled scenario's own rates)."
    )
    var flowsPerSecond: String?
    @Option(help: "Seeds, comma-separated (default: --seed, else the scenario's).") var seeds: String?
    @OptionGroup var options: ScenarioRunOptions
    @Option(help: "Points to run at once, each in its own process.") var jobs = 1
    @Option(
        help:
            "Run shard I of N (0-based, e.g. 0/4): points assigned round-robin. Default from JOB_COMPLETION_INDEX and RECSIM_SHARDS."
    )
    var shard: String?
    @Option(help: "SQLite database file for the results.") var db = "recsim.sqlite"
    @Option(help: "Report folder (default: reports/<scenario>/<study id>).") var report: String?
    @Option(help: "The scope's processing interval for every point (e.g. 5m; default: the scenario's scope).")
    var interval: String?
    @Option(help: "The scope's stabilization period for every point (e.g. 1d; default: the scenario's scope).")
    var stabilization: String?
    @Option(
        help:
            "Namespace counts to project the fitted growth to, comma-separated (e.g. 5000,10000); needs three or more measured sizes."
    )
    var project: String?
    @Flag(help: "Print the study as one JSON document (docs/json-output.md) instead of the table.") var json = false
    @Option(help: .hidden) var singlePoint: Int?

    func validate() throws {
        _ = try parsed()
        _ = try projection()
        for (flag, text) in [("--interval", interval), ("--stabilization", stabilization)] {
            if let text {
                do { _ = try SimDuration(parsing: text) } catch { throw ValidationError("\(flag): \(error)") }
            }
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if seeds != nil && options.seed != nil { throw ValidationError("give --seed or --seeds, not both") }
        do { _ = try shardSetting() } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let study = try makeStudy()
        if let index = singlePoint {
            guard let point = study.points.first(where: { $0.index == index }) else {
                throw ValidationError("--single-point \(index) is not a point of this study")
            }
            return try CapacityChild.run(study: study, point: point)
        }
        try study.validate()
        let shard = try shardSetting()
        let points = shard.map { $0.select(study.points) } ?? study.points
        let say: (String) -> Void = json ? { StandardError.write($0) } : { print($0) }
        say("study: \(study.id) (\(study.points.count) points\(shard.map { ", shard \($0): \(points.count)" } ?? ""))")
        let childArguments = Array(CommandLine.arguments.dropFirst())
        let store = try ResultStore(path: db)
        let pool = CapacityWorkers(
            arguments: childArguments, jobs: jobs,
            progress: ProgressBar("capacity \(study.scenario.name)"),
            windowsPerPoint: study.windowsPerPoint
        ) { m in
            try CapacityResults.store(m, study: study, shard: shard, in: store)
        }
        let measurements = try pool.run(points)
        let dir = report ?? "reports/\(study.scenario.name)/\(study.id)"
        var data = CapacityResults.reportData(
            scenario: study.scenario.name, measurements: measurements,
            settings: ScenarioRunner(scenario: study.scenario, options: study.options).settings(for: study.scope))
        data.projectTo = try projection()
        var reportPath: String?
        if shard == nil || shard?.count == 1 {
            try ReportOutput.write(CapacityReport(data: data).files(), to: dir)
            reportPath = "\(dir)/index.html"
        }
        if json {
            print(
                try JSONDocument.encode(
                    JSONDocument.Capacity(
                        studyID: study.id, scenario: study.scenario.name, points: measurements,
                        report: reportPath)), terminator: "")
            return
        }
        for sentence in CapacityReport(data: data).limitSentences { print(sentence) }
        print(CapacityTable.render(measurements))
        print("stored \(measurements.count) runs in \(db) (sweep id \(study.id))")
        if let reportPath {
            print("report: \(reportPath)")
        } else {
            print(
                "shard \(shard!): merge the shards' databases (recsim merge), then `recsim report --capacity \(study.id)`"
            )
        }
    }

    /// Namespace counts to project to (`--project`).
    func projection() throws -> [Int] { try OptionParsing.projectionTargets(project) }

    /// The scope with `--interval`/`--stabilization` applied (nil: the scenario's own).
    func scopeOverride(_ s: Scenario, _ runOptions: RunOptions) throws -> PolicyRecommendationScope? {
        guard interval != nil || stabilization != nil else { return nil }
        var scope = runOptions.scope ?? s.recommendation.scope ?? defaultRunScope
        func duration(_ text: String, _ flag: String) throws -> String {
            do { return try SimDuration(parsing: text).goString } catch { throw ValidationError("\(flag): \(error)") }
        }
        if let interval { scope.spec.interval = try duration(interval, "--interval") }
        if let stabilization { scope.spec.stabilizationPeriod = try duration(stabilization, "--stabilization") }
        return scope
    }

    /// Namespace counts, rates and seeds from the flags.
    func parsed() throws -> (namespaces: [Int], rates: [Double], seeds: [UInt64]?) {
        func list<T>(_ flag: String, _ text: String, _ expected: String, _ convert: (String) -> T?) throws -> [T] {
            let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return try items.map { item in
                guard let v = convert(item) else {
                    throw ValidationError("--\(flag): expected \(expected), got \"\(item)\" in \"\(text)\"")
                }
                return v
            }
        }
        let ns = try list("namespaces", namespaces, "comma-separated namespace counts in 1...10000") {
            Int($0).flatMap { $0 >= 1 && $0 <= 10_000 ? $0 : nil }
        }
        let rates =
            try flowsPerSecond.map {
                try list("flows-per-second", $0, "comma-separated positive rates") {
                    Double($0).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
                }
            } ?? []
        let seedList = try seeds.map { try list("seeds", $0, "comma-separated non-negative integers") { UInt64($0) } }
        for (flag, values) in [
            ("namespaces", ns.map(String.init)), ("flows-per-second", rates.map { "\($0)" }),
            ("seeds", (seedList ?? []).map(String.init)),
        ] where Set(values).count != values.count {
            throw ValidationError("--\(flag) lists a value twice")
        }
        return (ns, rates, seedList)
    }

    func shardSetting() throws -> CapacityShard? {
        if let shard { return try CapacityShard(parsing: shard) }
        return try CapacityShard(environment: ProcessInfo.processInfo.environment)
    }

    func makeStudy() throws -> CapacityStudy {
        let (ns, rates, seedList) = try parsed()
        let s = try options.scenario(Scenario.load(path: scenario))
        var runOptions = try options.runOptions()
        if let scope = try scopeOverride(s, runOptions) { runOptions.scope = scope }
        return try CapacityStudy(
            scenario: s, namespaces: ns, flowsPerSecond: rates,
            seeds: seedList ?? [options.seed ?? s.seed], options: runOptions)
    }
}

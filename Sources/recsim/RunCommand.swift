import ArgumentParser
import Foundation
import Harness
import Reporting
import ResultStore
import Scenario
import Simulation
import TrafficGeneration

/// `recsim run`: the main job. Simulate, recommend, score; store in SQLite; write a report.
struct RunCommand: ParsableCommand, Interruptible {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario: simulate traffic, model the recommendation engine, score the staged policies.",
        discussion: """
            Prints `seed: N` first, then a per-namespace table. Stores the run in the SQLite database (default \
            recsim.sqlite) and writes a report to reports/<scenario>/run-<id>/ (index.html, summary.md, CSVs).
            """)

    @Argument(help: "Scenario file (scenarios/*.yaml).") var scenario: String
    @OptionGroup var options: ScenarioRunOptions
    @Option(help: "SQLite database file.") var db = "recsim.sqlite"
    @Option(help: "Report folder (default: reports/<scenario>/run-<id>).") var report: String?
    @Flag(help: "Also store every flow-log line in the database.") var storeFlows = false
    @Flag(
        help:
            "Print the results as one JSON document (docs/json-output.md) instead of the verdict and table; the seed goes to stderr."
    )
    var json = false

    func run() throws {
        let s = try options.scenario(Scenario.load(path: scenario))
        var runOptions = try options.runOptions()
        runOptions.storeFlows = storeFlows
        let runner = ScenarioRunner(scenario: s, options: runOptions)
        let say: (String) -> Void = json ? { StandardError.write($0) } : { print($0) }
        say("seed: \(runner.seed)")
        if !runner.assumptions.label.isEmpty { say("assuming: \(runner.assumptions.label)") }
        let store = try ResultStore(path: db)
        let bar = ProgressBar("run \(s.name): flush windows")
        let windows = runner.windowCount
        let result = try runner.run(store: store, overlapping: true) {
            bar.update(done: Int(($0 * Double(windows)).rounded()), total: windows)
        }
        for w in result.warnings { StandardError.write("warning: \(w)") }
        let dir = report ?? ReportOutput.defaultDirectory(scenario: s.name, runID: result.runID, seed: result.seed)
        guard let id = result.runID else { throw RunError("the run was not stored") }
        let data = try RunReporter.data(store: store, runID: id)
        try ReportOutput.write(RunReport(data).files(), to: dir)
        if json {
            print(
                try JSONDocument.encode(
                    JSONDocument.Run(
                        data, metrics: try store.metrics(run: id), database: db, report: "\(dir)/index.html",
                        warnings: result.warnings)),
                terminator: "")
            return
        }
        print(RunReport(data).verdictText())
        print(RunTable.render(result))
        print("run \(id) stored in \(db); fingerprint \(result.fingerprint)")
        print("report: \(dir)/index.html")
    }
}

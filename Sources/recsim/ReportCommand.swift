import ArgumentParser
import Foundation
import Harness
import Reporting
import ResultStore

/// `recsim report`: regenerate a run's report from the database alone.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Regenerate the report of a stored run from the database alone.")

    @Option(help: "SQLite database file.") var db = "recsim.sqlite"
    @Option(name: .customLong("run"), help: "Run id (default: the newest run).") var runID: Int64?
    @Option(help: "Report folder (default: reports/<scenario>/run-<id>, or reports/<scenario>/<sweep-or-study-id>).")
    var out: String?
    @Option(help: "Report a sweep (all its runs) instead of one run.") var sweep: String?
    @Option(
        help:
            "With --sweep: largest acceptable false-deny rate per rarity (as for `recsim sweep`; default \(FalseDenyBounds.standard))."
    )
    var maxFalseDeny: String?
    @Option(
        help:
            "Rebuild the report of a capacity study (its id, `capacity-…`) from its stored runs, e.g. after `recsim merge` of shards."
    )
    var capacity: String?
    @Option(help: "With --capacity: namespace counts to project the fitted growth to, comma-separated.") var project:
        String?

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("no database at \(db)") }
        let store = try ResultStore(path: db, mode: .readOnly)
        if let sweep {
            let data = try SweepReportBuilder.build(
                store: store, sweepID: sweep, bounds: try OptionParsing.falseDenyBounds(maxFalseDeny))
            let dir = out ?? "reports/\(data.scenario)/\(sweep)"
            try ReportOutput.write(SweepReport(data: data).files(), to: dir)
            print(SweepTable.render(data))
            print(
                "report of sweep \(sweep) (\(data.points.count) points, \(data.seeds.count) seeds): \(dir)/index.html")
            return
        }
        if let capacity {
            let (scenario, measurements) = try CapacityResults.load(studyID: capacity, from: store)
            let dir = out ?? "reports/\(scenario)/\(capacity)"
            try ReportOutput.write(
                CapacityResults.reportFiles(
                    scenario: scenario, measurements: measurements,
                    projectTo: try OptionParsing.projectionTargets(project),
                    settings: try store.sweepRuns(sweepID: capacity).first?.info.settings), to: dir)
            print("capacity report of \(capacity) (\(scenario), \(measurements.count) points): \(dir)/index.html")
            return
        }
        let runs = try store.runs()
        guard let row = runID.map({ id in runs.first { $0.id == id } }) ?? runs.last else {
            throw ValidationError(runID.map { "no run with id \($0) in \(db)" } ?? "\(db) holds no runs")
        }
        let dir = out ?? ReportOutput.defaultDirectory(scenario: row.info.scenario, runID: row.id, seed: row.info.seed)
        try ReportOutput.write(try RunReporter.files(store: store, runID: row.id), to: dir)
        print(
            "report of run \(row.id) (\(row.info.scenario), seed \(row.info.seed), \(row.status.rawValue)): \(dir)/index.html"
        )
    }
}

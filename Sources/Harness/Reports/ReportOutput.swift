import CalicoModel
import Foundation
import Reporting
import ResultStore

/// Why report files could not be written.
public struct ReportWriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "cannot write report to \(path): \(reason)" }
}

/// Writes rendered report files into a folder, whole: the files go to a temporary folder beside it, which is
/// renamed into place only when every file is written, so an interrupted or failed write never leaves a
/// half-written report (an earlier report in the folder stays until the new one is complete).
public enum ReportOutput {
    public static func write(_ files: [ReportFile], to directory: String) throws(ReportWriteError) {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let temp = URL(fileURLWithPath: OutputPath.temporary(for: target.path)),
            old = URL(fileURLWithPath: OutputPath.previous(for: target.path))
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if let problem = OutputPath.problem(target.path),
            !(exists && isDirectory.boolValue && problem.contains("a directory"))
        {
            throw ReportWriteError(
                path: directory, reason: problem.replacingOccurrences(of: "a regular file", with: "a folder"))
        }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            OutputPath.removeStaleTemporaries(for: target.path)
            try? fm.removeItem(at: temp)
            try fm.createDirectory(at: temp, withIntermediateDirectories: false)
        } catch { throw ReportWriteError(path: directory, reason: "\(error.localizedDescription)") }
        do {
            for f in files {
                let path = temp.appendingPathComponent(f.name)
                try fm.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(f.contents.utf8).write(to: path)
            }
            if exists {
                try? fm.removeItem(at: old)
                try fm.moveItem(at: target, to: old)
            }
            try fm.moveItem(at: temp, to: target)
            if exists { try? fm.removeItem(at: old) }
        } catch {
            try? fm.removeItem(at: temp)
            if exists && !fm.fileExists(atPath: target.path) { try? fm.moveItem(at: old, to: target) }
            throw ReportWriteError(path: directory, reason: "\(error.localizedDescription)")
        }
    }

    /// Default report folder of a run: `reports/<scenario>/run-<id>` (or `run-seed-<seed>` without a store id).
    public static func defaultDirectory(scenario: String, runID: Int64?, seed: UInt64) -> String {
        "reports/\(scenario)/" + (runID.map { "run-\($0)" } ?? "run-seed-\(seed)")
    }
}

/// Regenerates a run's report from the database alone.
public enum RunReporter {
    public static func files(store: ResultStore, runID: Int64) throws -> [ReportFile] {
        RunReport(try data(store: store, runID: runID)).files()
    }

    /// The report's data (also what the terminal's verdict is printed from).
    public static func data(store: ResultStore, runID: Int64) throws -> RunReportData {
        guard let run = try store.run(runID) else { throw RunError("no run with id \(runID) in the database") }
        var data = RunReportBuilder.build(
            run: run, recommendations: try store.recommendations(run: runID),
            outcomes: try store.outcomes(run: runID), metrics: try store.metrics(run: runID),
            classVerdicts: try store.classVerdicts(run: runID), faults: try store.faults(run: runID))
        data.run.assumptions?.restsOn = try SensitivityAnalysis.restsOn(store: store, scenario: run.info.scenario)
        return data
    }
}

import Foundation
import Reporting
import ResultStore

/// Why report files could not be written.
public struct ReportWriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "cannot write report to \(path): \(reason)" }
}

/// Writes rendered report files into a folder (each file atomically).
public enum ReportOutput {
    public static func write(_ files: [ReportFile], to directory: String) throws(ReportWriteError) {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        catch { throw ReportWriteError(path: directory, reason: "\(error.localizedDescription)") }
        for f in files {
            let path = (directory as NSString).appendingPathComponent(f.name)
            do { try Data(f.contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) }
            catch { throw ReportWriteError(path: path, reason: "\(error.localizedDescription)") }
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
        guard let run = try store.run(runID) else { throw RunError("no run with id \(runID) in the database") }
        let data = RunReportBuilder.build(run: run, recommendations: try store.recommendations(run: runID),
                                          outcomes: try store.outcomes(run: runID), metrics: try store.metrics(run: runID))
        return RunReport(data).files()
    }
}

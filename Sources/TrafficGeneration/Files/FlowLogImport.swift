import CalicoModel
import Foundation

/// What `recsim flows import` read.
public struct FlowImportSummary: Sendable {
    public var records = 0
    public var skipped = 0
    /// The first few skipped lines' errors (at most 10).
    public var skippedErrors: [FlowLogParseError] = []
    public var firstStart: Int64?
    public var lastEnd: Int64?
    /// Namespaces seen as source or destination (excluding `-`), sorted.
    public var namespaces: [String] = []
}

/// Reads real Calico flow logs (JSON lines; Enterprise format, legacy or modern policy names).
public enum FlowLogImport {
    /// Parses every non-blank line of `path`, handing records to `body` in order. A malformed line throws
    /// its `FlowLogParseError` (with line number) unless `skipInvalid`, which skips and counts it.
    public static func read(path: String, skipInvalid: Bool, body: (FlowLog) throws -> Void) throws -> FlowImportSummary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlowLogParseError(file: path, line: 0, field: "", message: "cannot read the file")
        }
        var summary = FlowImportSummary()
        var namespaces = Set<String>()
        var lineNumber = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard let text = String(data: Data(raw), encoding: .utf8) else {
                let e = FlowLogParseError(file: path, line: lineNumber, field: "", message: "not UTF-8")
                if !skipInvalid { throw e }
                summary.skipped += 1; if summary.skippedErrors.count < 10 { summary.skippedErrors.append(e) }
                continue
            }
            if text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            let log: FlowLog
            do { log = try FlowLogReader.parse(text, file: path, lineNumber: lineNumber) } catch {
                if !skipInvalid { throw error }
                summary.skipped += 1; if summary.skippedErrors.count < 10 { summary.skippedErrors.append(error) }
                continue
            }
            summary.records += 1
            summary.firstStart = min(summary.firstStart ?? log.startTime, log.startTime)
            summary.lastEnd = max(summary.lastEnd ?? log.endTime, log.endTime)
            for n in [log.sourceNamespace, log.destNamespace] where n != "-" && !n.isEmpty { namespaces.insert(n) }
            try body(log)
        }
        summary.namespaces = namespaces.sorted()
        return summary
    }
}

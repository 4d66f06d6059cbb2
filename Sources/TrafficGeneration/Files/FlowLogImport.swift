import CalicoModel
import Foundation
import Simulation

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
    /// The shape of the file's first record line (flat, Elasticsearch hit, `_search` response).
    public var format: FlowLogLineFormat?
}

/// Reads real Calico flow logs (JSON lines; Enterprise format, legacy or modern policy names).
public enum FlowLogImport {
    /// Parses every non-blank line of `path` as it streams by, handing records to `body` in order. A malformed
    /// line throws its `FlowLogParseError` (with line number) unless `skipInvalid`, which skips and counts it.
    /// - Parameter l3FlowWindow: the window an export of Linseed L3Flows covers (they carry no time).
    public static func read(
        path: String, skipInvalid: Bool, l3FlowWindow: (start: Int64, end: Int64)? = nil,
        body: (FlowLog) throws -> Void
    ) throws -> FlowImportSummary {
        var reader: LineReader
        do { reader = try LineReader(path: path) } catch {
            throw FlowLogParseError(file: path, line: 0, field: "", message: "cannot read the file: \(error.reason)")
        }
        var summary = FlowImportSummary()
        var namespaces = Set<String>()
        var decoder = FlowLogDecoder()
        decoder.l3FlowWindow = l3FlowWindow
        while true {
            try Interruption.check()
            let decoded: Result<FlowLog, FlowLogParseError>
            do throws(FlowLogParseError) {
                guard let next = try decoder.nextRecord(from: &reader, file: path) else { break }
                decoded = .success(next)
            } catch { decoded = .failure(error) }
            let log: FlowLog
            switch decoded {
            case .success(let l): log = l
            case .failure(let error):
                if !skipInvalid { throw error }
                summary.skipped += 1
                if summary.skippedErrors.count < 10 { summary.skippedErrors.append(error) }
                continue
            }
            summary.records += 1
            summary.firstStart = min(summary.firstStart ?? log.startTime, log.startTime)
            summary.lastEnd = max(summary.lastEnd ?? log.endTime, log.endTime)
            for n in [log.sourceNamespace, log.destNamespace] where n != "-" && !n.isEmpty { namespaces.insert(n) }
            try body(log)
        }
        summary.namespaces = namespaces.sorted()
        summary.format = decoder.firstFormat
        return summary
    }
}

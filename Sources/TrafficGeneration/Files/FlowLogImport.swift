import CalicoModel
import Foundation
import Simulation

#if canImport(Glibc)
    import Glibc
#endif

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
    /// Parses every non-blank line of `path` as it streams by, handing records to `body` in order. A malformed
    /// line throws its `FlowLogParseError` (with line number) unless `skipInvalid`, which skips and counts it.
    public static func read(path: String, skipInvalid: Bool, body: (FlowLog) throws -> Void) throws -> FlowImportSummary
    {
        guard let file = fopen(path, "r") else {
            throw FlowLogParseError(
                file: path, line: 0, field: "", message: "cannot read the file: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var summary = FlowImportSummary()
        var namespaces = Set<String>()
        var lineNumber = 0
        var decoder = FlowLogDecoder()
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        while true {
            let n = getline(&buffer, &capacity, file)
            if n < 0 { break }
            try Interruption.check()
            lineNumber += 1
            guard let buffer else { continue }
            var length = n
            while length > 0 && (buffer[length - 1] == 0x0A || buffer[length - 1] == 0x0D) { length -= 1 }
            let bytes = UnsafeBufferPointer(
                start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: length)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let decoded: Result<FlowLog, FlowLogParseError>
            do throws(FlowLogParseError) {
                decoded = .success(try decoder.decode(bytes, file: path, lineNumber: lineNumber))
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
        return summary
    }
}

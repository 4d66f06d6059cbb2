import CalicoModel

/// Why `recsim evaluate` could not evaluate its input: every case names the file and, where it applies,
/// the line or document and the field.
public enum EvaluateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A manifest (cluster inventory or policies) that does not decode.
    case resource(ResourceDecodeError)
    /// A policy that does not compile (bad selector, unknown tier, …), located in its file.
    case policy(PolicySetError, file: String, document: Int, line: Int)
    /// A flow-log line that does not parse.
    case flowLog(FlowLogParseError)
    /// A flow-log record that parses but cannot be evaluated (e.g. a non-Calico endpoint as reporter).
    case record(file: String, line: Int, field: String, message: String)
    /// A file or folder that cannot be read or written.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .resource(let e): return e.description
        case .policy(let e, let file, let document, let line):
            return
                "\(file)\(line > 0 ? ":\(line)" : ""):\(document > 0 ? " document \(document):" : "") \(e.description)"
        case .flowLog(let e): return e.description
        case .record(let file, let line, let field, let message):
            return "\(file):\(line):" + (field.isEmpty ? "" : " field `\(field)`:") + " \(message)"
        case .io(let path, let message): return "\(path): \(message)"
        }
    }
}

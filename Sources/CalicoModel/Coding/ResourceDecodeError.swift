/// Why a manifest could not be read: file, document, line, field and what was expected.
public struct ResourceDecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based YAML document index (0 when the whole file failed to parse).
    public var document: Int
    /// 1-based line number (0 when unknown).
    public var line: Int
    /// Dotted field path such as `spec.ingress[0].action` (empty for the whole document).
    public var field: String
    public var message: String

    public init(file: String, document: Int, line: Int, field: String, message: String) {
        self.file = file; self.document = document; self.line = line; self.field = field; self.message = message
    }

    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        s += ":"
        if document > 0 { s += " document \(document):" }
        if !field.isEmpty { s += " field `\(field)`:" }
        return s + " " + message
    }
}

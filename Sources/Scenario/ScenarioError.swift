/// Why a scenario file could not be read: file, line, key and what was expected.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line (0 when unknown).
    public var line: Int
    /// Dotted key path such as `traffic[2].steady.rate` (empty for the whole file).
    public var key: String
    /// What was wrong and what was expected.
    public var message: String

    public init(file: String, line: Int, key: String, message: String) {
        self.file = file; self.line = line; self.key = key; self.message = message
    }

    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        s += ":"
        if !key.isEmpty { s += " key `\(key)`:" }
        return s + " " + message
    }
}

/// Why a selector failed to parse, and where.
public struct SelectorParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The selector as given.
    public var selector: String
    /// 0-based offset, in characters, of the point where parsing failed (the selector's length when
    /// it ended too early).
    public var position: Int
    /// What was expected there, e.g. `expected a string literal after "=="`.
    public var message: String

    public init(selector: String, position: Int, message: String) {
        self.selector = selector
        self.position = position
        self.message = message
    }

    init(selector: String, utf8Offset: Int, message: String) {
        self.init(
            selector: selector, position: Self.characterOffset(in: selector, utf8Offset: utf8Offset), message: message)
    }

    /// Three lines: the message, the selector, and a caret under the failing position. A selector longer
    /// than `excerptRadius` characters on either side of the position is shown as an excerpt around it.
    public var description: String {
        let chars = Array(selector)
        let from = max(0, position - Self.excerptRadius), to = min(chars.count, position + Self.excerptRadius)
        let shown = (from > 0 ? "…" : "") + String(chars[from..<to]) + (to < chars.count ? "…" : "")
        let quoted = from == 0 && to == chars.count ? "\"\(selector)\"" : "of \(chars.count) characters"
        // Copy tabs into the padding so the caret lines up however the terminal expands them.
        let padding =
            (from > 0 ? " " : "") + String(chars[from..<min(position, chars.count)].map { $0 == "\t" ? "\t" : " " })
        return "invalid selector \(quoted) at position \(position): \(message)\n\(shown)\n\(padding)^"
    }

    static let excerptRadius = 60

    /// One line for messages that already name where the selector came from (file, line, field).
    public var summary: String { "invalid selector at position \(position): \(message)" }

    static func characterOffset(in text: String, utf8Offset: Int) -> Int {
        let utf8 = text.utf8
        let end = utf8.index(utf8.startIndex, offsetBy: min(utf8Offset, utf8.count))
        return text[..<end].count
    }
}

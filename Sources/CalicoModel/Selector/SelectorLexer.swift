/// One token of Calico's selector language, located by UTF-8 byte offsets into the source.
struct SelectorToken {
    enum Kind: Equatable {
        case label, string, has
        case leftBrace, rightBrace, comma
        case equals, notEquals, inSet, notInSet, contains, startsWith, endsWith
        case not, and, or, leftParen, rightParen
        case all, global
        case end
    }

    var kind: Kind
    /// Byte offset of the token's first byte.
    var start: Int
    /// Byte offset one past the token's last byte.
    var end: Int
    /// Byte range of the payload: the label name, the string literal's contents, or the `has(…)` label.
    var payload: Range<Int> = 0..<0
}

/// Splits a selector into tokens on demand, the way Calico's tokenizer does.
///
/// Tokenizing lazily (rather than up front, as Calico does) makes the first error reported the
/// leftmost one; the set of accepted selectors is the same. Keywords such as `contains` or
/// `not in` are recognised only right after a label, and, as in Calico, by prefix: `a notin {…}`
/// and the legacy `a startswith "x"` are accepted.
struct SelectorLexer {
    static let maxLabelLength = 512

    let bytes: [UInt8]
    private(set) var offset = 0
    private var previous: SelectorToken?

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// A label name or a string literal's contents.
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    mutating func next() throws(SelectorLexError) -> SelectorToken {
        skipWhitespace()
        let token = try scan()
        previous = token
        return token
    }

    private mutating func scan() throws(SelectorLexError) -> SelectorToken {
        let start = offset
        guard start < bytes.count else { return SelectorToken(kind: .end, start: start, end: start) }
        func single(_ kind: SelectorToken.Kind) -> SelectorToken {
            offset += 1
            return SelectorToken(kind: kind, start: start, end: offset)
        }
        func double(
            _ second: UInt8, _ kind: SelectorToken.Kind, _ symbol: String
        ) throws(SelectorLexError) -> SelectorToken {
            guard start + 1 < bytes.count, bytes[start + 1] == second else {
                throw SelectorLexError(
                    offset: start, message: "expected \"\(symbol)\" but found a single \"\(symbol.first!)\"")
            }
            offset += 2
            return SelectorToken(kind: kind, start: start, end: offset)
        }
        switch bytes[start] {
        case UInt8(ascii: "("): return single(.leftParen)
        case UInt8(ascii: ")"): return single(.rightParen)
        case UInt8(ascii: "{"): return single(.leftBrace)
        case UInt8(ascii: "}"): return single(.rightBrace)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return try stringLiteral()
        case UInt8(ascii: "="): return try double(UInt8(ascii: "="), .equals, "==")
        case UInt8(ascii: "&"): return try double(UInt8(ascii: "&"), .and, "&&")
        case UInt8(ascii: "|"): return try double(UInt8(ascii: "|"), .or, "||")
        case UInt8(ascii: "!"):
            if start + 1 < bytes.count, bytes[start + 1] == UInt8(ascii: "=") {
                offset += 2
                return SelectorToken(kind: .notEquals, start: start, end: offset)
            }
            return single(.not)
        default:
            if let label = previous, label.kind == .label { return try operatorKeyword(after: label) }
            if hasPrefix("has(") { return try hasCall() }
            if hasPrefix("all(") { return try emptyCall("all(", .all) }
            if hasPrefix("global(") { return try emptyCall("global(", .global) }
            if let range = try identifier() {
                return SelectorToken(kind: .label, start: start, end: range.upperBound, payload: range)
            }
            throw SelectorLexError(offset: start, message: "unexpected character \(quotedCharacter(at: start))")
        }
    }

    private mutating func stringLiteral() throws(SelectorLexError) -> SelectorToken {
        let start = offset, quote = bytes[start]
        guard let close = bytes[(start + 1)...].firstIndex(of: quote) else {
            let q = quote == UInt8(ascii: "\"") ? "'\"'" : "\"'\""
            throw SelectorLexError(offset: start, message: "unterminated string literal: no closing \(q)")
        }
        offset = close + 1
        return SelectorToken(kind: .string, start: start, end: offset, payload: (start + 1)..<close)
    }

    /// After a label: `contains`, `starts with`, `ends with`, `not in` or `in`.
    private mutating func operatorKeyword(after label: SelectorToken) throws(SelectorLexError) -> SelectorToken {
        let start = offset
        func finish(_ kind: SelectorToken.Kind) -> SelectorToken {
            SelectorToken(kind: kind, start: start, end: offset)
        }
        func twoWords(
            _ first: String, _ second: String, _ kind: SelectorToken.Kind
        ) throws(SelectorLexError) -> SelectorToken {
            offset += first.utf8.count
            skipWhitespace()
            guard hasPrefix(second) else {
                throw SelectorLexError(offset: offset, message: "expected \"\(second)\" after \"\(first)\"")
            }
            offset += second.utf8.count
            return finish(kind)
        }
        if hasPrefix("contains") { offset += 8; return finish(.contains) }
        if hasPrefix("starts") { return try twoWords("starts", "with", .startsWith) }
        if hasPrefix("ends") { return try twoWords("ends", "with", .endsWith) }
        if hasPrefix("not") { return try twoWords("not", "in", .notInSet) }
        if hasPrefix("in") { offset += 2; return finish(.inSet) }
        throw SelectorLexError(offset: start, message: SelectorParser.expectedOperator(after: text(label.payload)))
    }

    private mutating func hasCall() throws(SelectorLexError) -> SelectorToken {
        let start = offset
        offset += 4
        skipWhitespace()
        guard let label = try identifier() else {
            throw SelectorLexError(offset: offset, message: "expected a label name after \"has(\"")
        }
        skipWhitespace()
        guard hasPrefix(")") else {
            throw SelectorLexError(offset: offset, message: "expected \")\" to close \"has(\"")
        }
        offset += 1
        return SelectorToken(kind: .has, start: start, end: offset, payload: label)
    }

    private mutating func emptyCall(
        _ opening: String, _ kind: SelectorToken.Kind
    ) throws(SelectorLexError) -> SelectorToken {
        let start = offset
        offset += opening.utf8.count
        skipWhitespace()
        guard hasPrefix(")") else {
            throw SelectorLexError(offset: offset, message: "expected \")\" after \"\(opening)\"")
        }
        offset += 1
        return SelectorToken(kind: kind, start: start, end: offset)
    }

    /// Consumes `[A-Za-z0-9_./-]+`; nil (consuming nothing) when none is there.
    private mutating func identifier() throws(SelectorLexError) -> Range<Int>? {
        let start = offset
        var i = start
        while i < bytes.count, Self.isLabelByte(bytes[i]) { i += 1 }
        guard i > start else { return nil }
        guard i - start <= Self.maxLabelLength else {
            throw SelectorLexError(
                offset: start, message: "label name is longer than \(Self.maxLabelLength) characters")
        }
        offset = i
        return start..<i
    }

    static func isLabelByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count, bytes[offset] == UInt8(ascii: " ") || bytes[offset] == UInt8(ascii: "\t") {
            offset += 1
        }
    }

    private func hasPrefix(_ word: String) -> Bool {
        let w = word.utf8
        guard bytes.count - offset >= w.count else { return false }
        return bytes[offset..<(offset + w.count)].elementsEqual(w)
    }

    /// The whole character starting at `offset`, quoted, for messages.
    private func quotedCharacter(at offset: Int) -> String {
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let c = text(offset..<end)
        return c == "\"" ? "'\"'" : "\"\(c)\""
    }
}

/// A lexing failure at a byte offset; the parser turns it into a `SelectorParseError`.
struct SelectorLexError: Error {
    var offset: Int
    var message: String
}

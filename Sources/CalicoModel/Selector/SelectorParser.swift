/// Recursive-descent parser for Calico selectors (SPEC 4.3), following the grammar of Calico's
/// `parser.go`:
///
///     selector  := <empty> | or
///     or        := and ("||" and)*
///     and       := operation ("&&" operation)*
///     operation := "!"* ( has(label) | all() | global() | "(" or ")"
///                       | label ("==" | "!=" | contains | starts with | ends with) string
///                       | label ("in" | "not in") "{" [string ("," string)* [","]] "}" )
///
/// As in Calico, a run of leading `!` collapses to one negation or none (`!!has(a)` is `has(a)`),
/// and a parenthesised expression leaves no node of its own.
struct SelectorParser {
    private var lexer: SelectorLexer
    private var token: SelectorToken
    private let source: String
    /// Open parentheses around the current token; parsing recurses once per level.
    private var depth = 0

    /// The deepest parenthesis nesting accepted. Calico sets none (Go's stack grows); recsim's recursion
    /// must stay far from the end of a thread's fixed stack, and no real selector comes close.
    static let maxNesting = 64

    static func expectedOperator(after label: String) -> String {
        "expected an operator after label \"\(label)\" (==, !=, in, not in, contains, starts with or ends with)"
    }

    static func parse(_ source: String) throws(SelectorParseError) -> SelectorNode {
        do {
            var parser = try SelectorParser(source)
            return try parser.parseSelector()
        } catch {
            throw SelectorParseError(selector: source, utf8Offset: error.offset, message: error.message)
        }
    }

    private init(_ source: String) throws(SelectorLexError) {
        self.source = source
        lexer = SelectorLexer(Array(source.utf8))
        token = try lexer.next()
    }

    private mutating func advance() throws(SelectorLexError) { token = try lexer.next() }

    private mutating func parseSelector() throws(SelectorLexError) -> SelectorNode {
        if token.kind == .end { return .all }
        let node = try parseOr()
        guard token.kind == .end else {
            let expected =
                token.kind == .rightParen
                ? "unbalanced \")\"; expected \"&&\", \"||\" or the end of the selector"
                : "expected \"&&\", \"||\" or the end of the selector but found \(describe(token))"
            throw SelectorLexError(offset: token.start, message: expected)
        }
        return node
    }

    private mutating func parseOr() throws(SelectorLexError) -> SelectorNode {
        var operands = [try parseAnd()]
        while token.kind == .or {
            try advance()
            operands.append(try parseAnd())
        }
        return operands.count == 1 ? operands[0] : .or(operands)
    }

    private mutating func parseAnd() throws(SelectorLexError) -> SelectorNode {
        var operands = [try parseOperation()]
        while token.kind == .and {
            try advance()
            operands.append(try parseOperation())
        }
        return operands.count == 1 ? operands[0] : .and(operands)
    }

    private mutating func parseOperation() throws(SelectorLexError) -> SelectorNode {
        var negated = false
        while token.kind == .not {
            negated.toggle()
            try advance()
        }
        let node: SelectorNode
        switch token.kind {
        case .has:
            node = .has(lexer.text(token.payload))
            try advance()
        case .all:
            node = .all
            try advance()
        case .global:
            node = .global
            try advance()
        case .label:
            node = try parseLabelOperation()
        case .leftParen:
            let open = token
            guard depth < Self.maxNesting else {
                throw SelectorLexError(
                    offset: token.start, message: "parentheses nested deeper than \(Self.maxNesting) levels")
            }
            depth += 1
            defer { depth -= 1 }
            try advance()
            node = try parseOr()
            guard token.kind == .rightParen else {
                throw SelectorLexError(
                    offset: token.start,
                    message:
                        "expected \")\" to close the \"(\" at position \(characterOffset(open.start)) but found \(describe(token))"
                )
            }
            try advance()
        default:
            throw SelectorLexError(
                offset: token.start,
                message: "expected a label, has(…), all(), global(), \"!\" or \"(\" but found \(describe(token))")
        }
        return negated ? .not(node) : node
    }

    private mutating func parseLabelOperation() throws(SelectorLexError) -> SelectorNode {
        let label = lexer.text(token.payload)
        try advance()
        let op = token
        let comparison: SelectorNode.Comparison
        switch op.kind {
        case .equals: comparison = .equals
        case .notEquals: comparison = .notEquals
        case .contains: comparison = .contains
        case .startsWith: comparison = .startsWith
        case .endsWith: comparison = .endsWith
        case .inSet, .notInSet: return try parseSet(label: label, negated: op.kind == .notInSet)
        default: throw SelectorLexError(offset: op.start, message: Self.expectedOperator(after: label))
        }
        try advance()
        guard token.kind == .string else {
            throw SelectorLexError(
                offset: token.start, message: "expected a string literal after \"\(comparison.symbol)\"")
        }
        let value = lexer.text(token.payload)
        try advance()
        return .compare(label, comparison, value)
    }

    private mutating func parseSet(label: String, negated: Bool) throws(SelectorLexError) -> SelectorNode {
        let keyword = negated ? "not in" : "in"
        try advance()
        guard token.kind == .leftBrace else {
            throw SelectorLexError(offset: token.start, message: "expected \"{\" after \"\(keyword)\"")
        }
        try advance()
        var values: [String] = []
        while token.kind == .string {
            values.append(lexer.text(token.payload))
            try advance()
            if token.kind == .comma {
                try advance()  // Calico accepts a trailing comma: `{"a",}`.
            } else if token.kind != .rightBrace {
                throw SelectorLexError(
                    offset: token.start, message: "expected \",\" or \"}\" in set but found \(describe(token))")
            }
        }
        guard token.kind == .rightBrace else {
            throw SelectorLexError(
                offset: token.start, message: "expected a string literal or \"}\" in set but found \(describe(token))")
        }
        try advance()
        return .inSet(label, values: Self.sortedUnique(values), negated: negated)
    }

    /// Bytewise order, as Go's `sort.Strings`.
    static func sortedUnique(_ values: [String]) -> [String] {
        let sorted = values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var out: [String] = []
        out.reserveCapacity(sorted.count)
        for v in sorted where out.last.map({ !$0.utf8.elementsEqual(v.utf8) }) ?? true { out.append(v) }
        return out
    }

    private func describe(_ token: SelectorToken) -> String {
        if token.kind == .end { return "the end of the selector" }
        let text = lexer.text(token.start..<token.end)
        return text.contains("\"") && !text.contains("'") ? "'\(text)'" : "\"\(text)\""
    }

    private func characterOffset(_ utf8Offset: Int) -> Int {
        SelectorParseError.characterOffset(in: source, utf8Offset: utf8Offset)
    }
}

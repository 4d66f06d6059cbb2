import Testing

@testable import CalicoModel

@Suite struct SelectorParseErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var selector: String
        var position: Int
        var message: String
        var testDescription: String { selector }
    }

    static let operatorList = "(==, !=, in, not in, contains, starts with or ends with)"

    static let cases: [Case] = [
        Case(selector: "a == b", position: 5, message: #"expected a string literal after "==""#),
        Case(selector: "a != b", position: 5, message: #"expected a string literal after "!=""#),
        Case(selector: "b starts with b", position: 14, message: #"expected a string literal after "starts with""#),
        Case(
            selector: "'b1' == b", position: 0,
            message: #"expected a label, has(…), all(), global(), "!" or "(" but found "'b1'""#),
        Case(selector: "a ", position: 2, message: #"expected an operator after label "a" "# + operatorList),
        Case(selector: "a b", position: 2, message: #"expected an operator after label "a" "# + operatorList),
        Case(selector: "a (", position: 2, message: #"expected an operator after label "a" "# + operatorList),
        Case(
            selector: "!", position: 1,
            message: #"expected a label, has(…), all(), global(), "!" or "(" but found the end of the selector"#),
        Case(selector: #"foo == "bar" &"#, position: 13, message: #"expected "&&" but found a single "&""#),
        Case(selector: #"foo == "bar" |"#, position: 13, message: #"expected "||" but found a single "|""#),
        Case(selector: #"a = "b""#, position: 2, message: #"expected "==" but found a single "=""#),
        Case(selector: #"foo in """#, position: 7, message: #"expected "{" after "in""#),
        Case(selector: #"foo not in "x""#, position: 11, message: #"expected "{" after "not in""#),
        Case(
            selector: #"foo in {"", ||"#, position: 12,
            message: #"expected a string literal or "}" in set but found "||""#),
        Case(selector: #"a in {"x" "y"}"#, position: 10, message: #"expected "," or "}" in set but found '"y"'"#),
        Case(selector: #"a in {,}"#, position: 6, message: #"expected a string literal or "}" in set but found ",""#),
        Case(selector: #""FOO"#, position: 0, message: #"unterminated string literal: no closing '"'"#),
        Case(selector: #"a == 'FOO"#, position: 5, message: #"unterminated string literal: no closing "'""#),
        Case(
            selector: "(", position: 1,
            message: #"expected a label, has(…), all(), global(), "!" or "(" but found the end of the selector"#),
        Case(
            selector: #"(a == "foo""#, position: 11,
            message: #"expected ")" to close the "(" at position 0 but found the end of the selector"#),
        Case(
            selector: ")", position: 0, message: #"expected a label, has(…), all(), global(), "!" or "(" but found ")""#
        ),
        Case(
            selector: #"has(a) )"#, position: 7,
            message: #"unbalanced ")"; expected "&&", "||" or the end of the selector"#),
        Case(
            selector: #"has(a) has(b)"#, position: 7,
            message: #"expected "&&", "||" or the end of the selector but found "has(b)""#),
        Case(selector: "%", position: 0, message: #"unexpected character "%""#),
        Case(selector: #"a == "b" && %"#, position: 12, message: #"unexpected character "%""#),
        Case(
            selector: "has(foo) &&", position: 11,
            message: #"expected a label, has(…), all(), global(), "!" or "(" but found the end of the selector"#),
        Case(selector: "has(", position: 4, message: #"expected a label name after "has(""#),
        Case(selector: "has( a b)", position: 7, message: #"expected ")" to close "has(""#),
        Case(selector: "all( x)", position: 5, message: #"expected ")" after "all(""#),
        Case(selector: "global(", position: 7, message: #"expected ")" after "global(""#),
        Case(selector: #"a starts "x""#, position: 9, message: #"expected "with" after "starts""#),
        Case(selector: #"a ends  wit "x""#, position: 8, message: #"expected "with" after "ends""#),
        Case(selector: #"a not {"x"}"#, position: 6, message: #"expected "in" after "not""#),
        Case(selector: "a\n== \"x\"", position: 1, message: #"expected an operator after label "a" "# + operatorList),
        // Positions count characters, not UTF-8 bytes.
        Case(selector: #"a == "é" && %"#, position: 12, message: #"unexpected character "%""#),
        Case(selector: #"a == "x" && ü"#, position: 12, message: #"unexpected character "ü""#),
    ]

    @Test(arguments: cases)
    func positionAndMessage(_ c: Case) {
        #expect(throws: SelectorParseError(selector: c.selector, position: c.position, message: c.message)) {
            try Selector(c.selector)
        }
    }

    @Test func descriptionPointsAtThePosition() {
        let error = SelectorParseError(
            selector: "a == b", position: 5, message: #"expected a string literal after "==""#)
        #expect(
            error.description == """
                invalid selector "a == b" at position 5: expected a string literal after "=="
                a == b
                     ^
                """)
    }

    @Test func caretPaddingKeepsTabs() throws {
        do {
            _ = try Selector("a ==\tb")
            Issue.record("expected a parse error")
        } catch {
            #expect(error.position == 5)
            #expect(error.description.hasSuffix("\na ==\tb\n    \t^"))
        }
    }

    @Test func labelsAreLimitedTo512Characters() throws {
        let longest = String(repeating: "k", count: 512)
        #expect(try Selector("\(longest) == 'v'").matches([longest: "v"]))
        #expect(
            throws: SelectorParseError(
                selector: "a == 'v' || \(longest)k == 'v'", position: 12,
                message: "label name is longer than 512 characters")
        ) {
            try Selector("a == 'v' || \(longest)k == 'v'")
        }
        #expect(throws: SelectorParseError.self) { try Selector("has(\(longest)k)") }
    }
}

import Testing

@testable import CalicoModel

@Suite struct SelectorCanonicalTests {
    /// Beyond the shared vectors: shapes from Calico's visitor tests and parser quirks.
    @Test(arguments: [
        ("k == 'v' && x == 'y'", #"(k == "v" && x == "y")"#),
        ("k == 'v' || has(x)", #"(k == "v" || has(x))"#),
        ("!(k == 'v')", #"!k == "v""#),
        (
            "!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))",
            #"!(!((k == "v" && has(t)) || all()) && a in {"b", "c"})"#
        ),
        ("a == '1' && b == '2' && c == '3'", #"(a == "1" && b == "2" && c == "3")"#),
        ("(a == '1' && b == '2') && c == '3'", #"((a == "1" && b == "2") && c == "3")"#),
        // Leading "!"s collapse while parsing; a parenthesised "!" does not.
        ("!!has(b)", "has(b)"),
        ("!!!has(b)", "!has(b)"),
        ("!(!has(b))", "!!has(b)"),
        // Prefix keyword matching and the set syntax Calico tolerates.
        (#"a notin {"x"}"#, #"a not in {"x"}"#),
        (#"a  starts   with 'x'"#, #"a starts with "x""#),
        (#"a in {}"#, "a in {}"),
        (#"a in {"b",}"#, #"a in {"b"}"#),
        // Bytewise sort: uppercase before lowercase, shorter prefix first.
        (#"a in {"b", "B", "ab", "a"}"#, #"a in {"B", "a", "ab", "b"}"#),
        ("\tglobal( )\t", "global()"),
        (" has(\tx ) ", "has(x)"),
    ])
    func canonical(_ input: String, _ expected: String) throws {
        let selector = try Selector(input)
        #expect(selector.canonical == expected)
        #expect(try Selector(expected).canonical == expected || expected.contains("!!"))
    }

    @Test func equalityAndHashingGoByCanonicalForm() throws {
        let a = try Selector(#"a=='x'&&b in {"q","p","q"}"#)
        let b = try Selector(#"(a == "x" && b in {'p', 'q'})"#)
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(a != (try Selector(#"a == "x""#)))
    }

    @Test func isAll() throws {
        for text in ["", "  \t", "all()", " (all() )", "!!all()"] {
            #expect(try Selector(text).isAll, "\(text)")
        }
        for text in ["global()", "all() && all()", "!all()", "has(a)"] {
            #expect(try !Selector(text).isAll, "\(text)")
        }
        #expect(Selector.all.isAll)
        #expect(Selector.all.canonical == "all()")
        #expect(Selector.all.uniqueID == "s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug")
    }
}

@Suite struct SelectorMatchingTests {
    @Test func operatorsOnPresentAndAbsentLabels() throws {
        let present: Labels = ["app": "frontend-v2"]
        let absent: Labels = ["other": "x"]
        let cases: [(String, Bool, Bool)] = [
            ("app == 'frontend-v2'", true, false),
            ("app != 'frontend-v2'", false, true),
            ("app != 'backend'", true, true),
            ("app in {'a', 'frontend-v2'}", true, false),
            ("app not in {'a', 'frontend-v2'}", false, true),
            ("app contains 'end-v'", true, false),
            ("app contains ''", true, false),
            ("app starts with 'front'", true, false),
            ("app starts with 'end'", false, false),
            ("app ends with '-v2'", true, false),
            ("app ends with 'front'", false, false),
            ("app ends with 'xfrontend-v2'", false, false),
            ("has(app)", true, false),
            ("!has(app)", false, true),
            ("all()", true, true),
            ("global()", true, true),
            ("!global()", false, false),
            ("has(app) && app contains 'v2' || has(other)", true, true),
            ("!(has(app) || has(other))", false, false),
        ]
        for (text, onPresent, onAbsent) in cases {
            let selector = try Selector(text)
            #expect(selector.matches(present) == onPresent, "\(text) on \(present)")
            #expect(selector.matches(absent) == onAbsent, "\(text) on \(absent)")
        }
    }

    @Test func largeSetsAreSearchedCorrectly() throws {
        let members = (0..<40).map { "value-\($0 * 7)" }
        let set = try Selector("k in {" + members.reversed().map { "'\($0)'" }.joined(separator: ", ") + "}")
        let notSet = try Selector("k not in {" + members.map { "'\($0)'" }.joined(separator: ", ") + "}")
        for m in members {
            #expect(set.matches(["k": m]))
            #expect(!notSet.matches(["k": m]))
        }
        for other in ["value-1", "value-", "value-2733", "", "zzz", "Value-0"] {
            #expect(!set.matches(["k": other]), "\(other)")
            #expect(notSet.matches(["k": other]), "\(other)")
        }
    }

    @Test func valuesCompareAsBytesLikeGo() throws {
        // Swift's String == treats precomposed and decomposed é as equal; Calico (Go) does not.
        let selector = try Selector("a == 'caf\u{E9}'")
        #expect(selector.matches(["a": "caf\u{E9}"]))
        #expect(!selector.matches(["a": "cafe\u{301}"]))
        #expect(!(try Selector("a in {'caf\u{E9}'}")).matches(["a": "cafe\u{301}"]))
        #expect(try Selector("a starts with 'caf'").matches(["a": "cafe\u{301}"]))
        #expect(try Selector("a contains '\u{301}'").matches(["a": "cafe\u{301}"]))
    }

    /// A composite view like the evaluator's: own labels plus namespace labels under `pcns.`.
    struct PrefixedLookup: LabelLookup {
        var own: Labels
        var namespace: Labels
        func value(forLabel key: String) -> String? {
            if key.hasPrefix("pcns.") { return namespace[String(key.dropFirst(5))] }
            return own[key]
        }
    }

    @Test func customLabelLookup() throws {
        let labels = PrefixedLookup(own: ["app": "db"], namespace: ["projectcalico.org/name": "prod"])
        #expect(try Selector("app == 'db' && pcns.projectcalico.org/name == 'prod'").matches(labels))
        #expect(try !Selector("pcns.app == 'db'").matches(labels))
    }
}

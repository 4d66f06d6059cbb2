import Simulation
import Testing

@testable import CalicoModel

/// Names and selector literals: the one validator and the one quoting function every edge uses.
@Suite struct InputNameTests {
    @Test func kubernetesNamesAreCheckedAsKubernetesDoes() {
        for ok in ["a", "ns1", "kube-system", String(repeating: "a", count: 63)] {
            #expect(KubernetesName.isValid(ok, as: .dns1123Label), "\(ok)")
        }
        for bad in [
            "", "-a", "a-", "A", "a.b", "a_b", "a b", String(repeating: "a", count: 64), "x' || all() || a == 'y", "é",
        ] {
            #expect(!KubernetesName.isValid(bad, as: .dns1123Label), "\(bad)")
        }
        #expect(KubernetesName.isValid("a.b-c.d", as: .dns1123Subdomain))
        #expect(!KubernetesName.isValid("a..b", as: .dns1123Subdomain))
        #expect(!KubernetesName.isValid(String(repeating: "a.", count: 127) + "a", as: .dns1123Subdomain))
        #expect(KubernetesName.isValid("web", as: .dns1035Label))
        #expect(!KubernetesName.isValid("1web", as: .dns1035Label))
        for ok in ["app", "app.kubernetes.io/name", "projectcalico.org/name", "A_b.c-D"] {
            #expect(KubernetesName.isValid(ok, as: .labelKey), "\(ok)")
        }
        for bad in ["", "/a", "a/", "Example.com/a", "a/b/c", "a'b", "_a"] {
            #expect(!KubernetesName.isValid(bad, as: .labelKey), "\(bad)")
        }
        for ok in ["", "v1", "A-b_c.D"] { #expect(KubernetesName.isValid(ok, as: .labelValue), "\(ok)") }
        for bad in ["-v", "v'", "a b", String(repeating: "v", count: 64)] {
            #expect(!KubernetesName.isValid(bad, as: .labelValue), "\(bad)")
        }
    }

    @Test func problemsNameTheValueAndTheRule() throws {
        let p = try #require(KubernetesName.problem("x'\n", as: .dns1123Label))
        #expect(p.hasPrefix("\"x'\\u{a}\" is not a valid RFC 1123 label"))
        #expect(!p.contains("\n"))
    }

    /// Whatever the value, a quoted literal parses back as exactly that value in exactly one comparison:
    /// no input can add a term to a selector.
    @Test func everyQuotedValueParsesBackAsOneLiteral() throws {
        var rng = SeededGenerator(seed: 7)
        let alphabet = Array("ab '\"|&()!=,{}\\\t\n\u{7F}é")
        var represented = 0, refused = 0
        var values = ["x' || all() || a == 'y", "x\" || all() || a == \"y", "'\"", "", "a'b", "a\"b"]
        for _ in 0..<3_000 {
            let n = Int(rng.next() % 12)
            values.append(String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
        }
        for v in values {
            guard let term = SelectorLiteral.equals("projectcalico.org/name", v) else {
                refused += 1
                #expect(
                    (v.contains("'") && v.contains("\""))
                        || v.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(v)")
                continue
            }
            represented += 1
            let s = try Selector(term)
            #expect(s.storage.node == .compare("projectcalico.org/name", .equals, v), "\(term)")
            #expect(s.matches(["projectcalico.org/name": v]))
            #expect(!s.matches(["projectcalico.org/name": v + "x"]))
        }
        #expect(represented > 1_000 && refused > 100)
        #expect(SelectorLiteral.equals("a' || all() || b", "v") == nil)
        #expect(SelectorLiteral.equalsOrNothing("a", "'\"") == "!all()")
        #expect(try !Selector(SelectorLiteral.equalsOrNothing("a", "'\"")).matches(["a": "'\""]))
    }

    @Test func selectorNestingIsBoundedWithAPosition() throws {
        let limit = 64
        let ok = String(repeating: "(", count: limit) + "a == 'b'" + String(repeating: ")", count: limit)
        #expect(try Selector(ok).matches(["a": "b"]))
        for depth in [limit + 1, 100_000] {
            let deep = String(repeating: "(", count: depth) + "all()" + String(repeating: ")", count: depth)
            let error = try #require(throws: SelectorParseError.self) { try Selector(deep) }
            #expect(error.position == limit)
            #expect(error.message.contains("nested deeper than \(limit)"))
            #expect(error.description.count < 400)
        }
        // `!` runs are a loop, not recursion.
        #expect(try Selector(String(repeating: "!", count: 100_001) + "has(a)").matches([:]))
    }

    @Test func deepSelectorsInManifestsAreDecodeErrors() throws {
        let deep = String(repeating: "(", count: 50_000) + "all()" + String(repeating: ")", count: 50_000)
        let yaml = """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: deep}
            spec:
              selector: "\(deep)"
            """
        let error = try #require(throws: ResourceDecodeError.self) { try ResourceYAML.decode(yaml, file: "p.yaml") }
        #expect(error.line == 5)
        #expect(error.description.contains("nested deeper than 64"))
    }
}

import Testing

@testable import CalicoModel

@Suite struct SelectorGlobalTests {
    @Test(arguments: [
        ("global()", "!has(projectcalico.org/namespace)"),
        ("!global()", "has(projectcalico.org/namespace)"),
        ("global() || a == 'b'", #"(!has(projectcalico.org/namespace) || a == "b")"#),
        ("!(global() && has(x))", "!(!has(projectcalico.org/namespace) && has(x))"),
        ("all()", "all()"),
        ("has(a)", "has(a)"),
        // Like Calico's substitute-and-reparse, unrelated double negations collapse too.
        ("!(!has(a)) && global()", "(has(a) && !has(projectcalico.org/namespace))"),
        // …but a literal that merely spells global() is not rewritten.
        ("a == 'global()'", #"a == "global()""#),
    ])
    func rewriting(_ input: String, _ expected: String) throws {
        let selector = try Selector(input)
        let rewritten = selector.rewritingGlobalForNamespaceSelector()
        #expect(rewritten.canonical == expected)
        #expect(!rewritten.containsGlobal)
    }

    @Test func containsGlobal() throws {
        #expect(try Selector("global()").containsGlobal)
        #expect(try Selector("has(a) && !(b == 'c' || global())").containsGlobal)
        #expect(try !Selector("a == 'global()'").containsGlobal)
        #expect(try !Selector("all()").containsGlobal)
        #expect(!Selector.all.containsGlobal)
    }

    @Test func globalSelectsOnlyNonNamespacedEntitiesOnceRewritten() throws {
        let plain = try Selector("global()")
        let rewritten = plain.rewritingGlobalForNamespaceSelector()
        let namespaced: Labels = ["projectcalico.org/namespace": "prod", "app": "x"]
        let global: Labels = ["projectcalico.org/name": "blocklist", "projectcalico.org/kind": "NetworkSet"]
        #expect(plain.matches(namespaced))
        #expect(plain.matches(global))
        #expect(!rewritten.matches(namespaced))
        #expect(rewritten.matches(global))
    }
}

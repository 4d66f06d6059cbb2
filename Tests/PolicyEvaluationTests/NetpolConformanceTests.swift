import Testing

@testable import PolicyEvaluation

/// Each np-guard/netpol-analyzer case reproduces its expected connectivity exactly (the same set of lines).
@Suite struct NetpolConformanceTests {
    @Test(arguments: NetpolCase.caseNames)
    func connectivityMatches(_ name: String) throws {
        let c = try NetpolCase(name)
        let computed = Set(c.computedLines())
        let expected = Set(c.expected)
        let missing = expected.subtracting(computed).sorted()
        let extra = computed.subtracting(expected).sorted()
        #expect(!c.expected.isEmpty)
        #expect(
            missing.isEmpty && extra.isEmpty,
            "\(name): \(missing.count) expected lines missing, \(extra.count) unexpected\nmissing:\n\(missing.prefix(20).joined(separator: "\n"))\nunexpected:\n\(extra.prefix(20).joined(separator: "\n"))"
        )
        print(
            "k8s-netpol \(name): \(expected.intersection(computed).count)/\(expected.count) lines match, \(extra.count) extra"
        )
    }
}

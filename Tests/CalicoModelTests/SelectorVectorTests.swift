import Foundation
import Testing

@testable import CalicoModel

/// Calico's own parser tests (`parser_test.go`), extracted to shared/calico/vectors/selector-cases.json.
struct SelectorVectors: Decodable, Sendable {
    struct Match: Decodable, Sendable, CustomTestStringConvertible {
        var selector: String
        var labels: [String: String]
        var expected: Bool
        var testDescription: String { "\(selector) on \(labels.sortedPairs) → \(expected)" }
    }

    struct Canonicalisation: Decodable, Sendable, CustomTestStringConvertible {
        var input: String
        var expected: String
        var expectedUid: String?
        var testDescription: String { "\(input) → \(expected)" }
    }

    var matches: [Match]
    var invalid: [String]
    var canonicalisation: [Canonicalisation]

    static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CalicoModelTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()  // beside the package root
        .appendingPathComponent("shared/calico/vectors/selector-cases.json")

    static func load() throws -> SelectorVectors {
        try JSONDecoder().decode(SelectorVectors.self, from: Data(contentsOf: url))
    }
}

@Suite struct SelectorVectorTests {
    @Test func vectorFileHasEveryCase() throws {
        let vectors = try SelectorVectors.load()
        #expect(vectors.matches.count == 98)
        #expect(vectors.invalid.count == 26)
        #expect(vectors.canonicalisation.count == 17)
    }

    @Test(arguments: try SelectorVectors.load().matches)
    func matchVerdict(_ c: SelectorVectors.Match) throws {
        let selector = try Selector(c.selector)
        #expect(selector.matches(c.labels) == c.expected)
        // Calico also checks that the canonical form selects the same label sets.
        #expect(try Selector(selector.canonical).matches(c.labels) == c.expected)
    }

    @Test(arguments: try SelectorVectors.load().invalid)
    func invalidSelectorIsRejected(_ text: String) {
        let error = #expect(throws: SelectorParseError.self) { try Selector(text) }
        #expect(error?.selector == text)
        #expect(error.map { (0...text.count).contains($0.position) } == true)
        #expect(error?.message.isEmpty == false)
    }

    @Test(arguments: try SelectorVectors.load().canonicalisation)
    func canonicalForm(_ c: SelectorVectors.Canonicalisation) throws {
        let selector = try Selector(c.input)
        #expect(selector.canonical == c.expected)
        #expect(selector.description == c.expected)
        let roundTripped = try Selector(selector.canonical)
        #expect(roundTripped.canonical == c.expected)
        #expect(roundTripped.uniqueID == selector.uniqueID)
        #expect(roundTripped == selector)
        if let uid = c.expectedUid {
            #expect(selector.uniqueID == uid)
        }
    }
}

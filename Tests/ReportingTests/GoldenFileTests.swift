import Foundation
import TestSupport
import Testing

/// The shared golden-file check says what differs, and that a missing file is missing.
@Suite struct GoldenFileTests {
    @Test func mismatchNamesTheFirstDifferingLine() throws {
        guard !GoldenFile.updating else { return }  // an update run rewrites instead of comparing
        let dir = try TemporaryFolder.make("golden")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("g.txt")
        try "a\nb\nc\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(try GoldenFile.mismatch("a\nb\nc\n", at: url) == nil)
        let problem = try #require(try GoldenFile.mismatch("a\nB\nc\n", at: url))
        #expect(problem.hasPrefix("g.txt differs from its golden file at line 2: got \"B\", expected \"b\""))
        let missing = try #require(try GoldenFile.mismatch("x", at: dir.appendingPathComponent("none.txt")))
        #expect(missing.hasPrefix("missing golden file none.txt"))
    }

    @Test func propertySeedsStartAtOne() {
        let seeds = PropertySeeds.seeds(5)
        #expect(seeds.first == 1 && seeds.count >= 5 && seeds == seeds.sorted())
    }
}

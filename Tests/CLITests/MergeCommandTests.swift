import Foundation
import HarnessFixtures
import ResultStore
import TestSupport
import Testing

@testable import Harness

/// `recsim merge` on bad input fails with a clear message and leaves the output as it was.
@Suite struct MergeCommandTests {
    @Test func badInputsFailCleanlyWithoutChangingTheOutput() throws {
        let dir = try TemporaryFolder.make("merge-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let shard = dir.appendingPathComponent("shard-0.sqlite").path
        _ = try SweepRunner(plan: try SweepFixture.plan(shard: try Shard(index: 0, count: 3)), jobs: 1)
            .run(storePath: shard, scratchDirectory: dir.appendingPathComponent("s").path)
        let out = dir.appendingPathComponent("out.sqlite").path
        var (status, stdout, stderr) = try ProcessRunner.recsim(["merge", out, shard])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("4 runs added"))
        let before = try Data(contentsOf: URL(fileURLWithPath: out))

        // A truncated copy of a shard.
        let truncated = dir.appendingPathComponent("truncated.sqlite").path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: shard))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        (status, _, stderr) = try ProcessRunner.recsim(["merge", out, truncated])
        #expect(status != 0)
        #expect(stderr.contains("truncated.sqlite"), "\(stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == before)

        // Not a recsim database at all.
        let junk = dir.appendingPathComponent("junk.sqlite").path
        try Data("not sqlite".utf8).write(to: URL(fileURLWithPath: junk))
        (status, _, stderr) = try ProcessRunner.recsim(["merge", out, junk])
        #expect(status != 0)
        #expect(stderr.contains("junk.sqlite"), "\(stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == before)

        // Merging the same shard again adds nothing.
        (status, stdout, _) = try ProcessRunner.recsim(["merge", out, shard])
        #expect(status == 0)
        #expect(stdout.contains("0 runs added, 4 already present"))
    }
}

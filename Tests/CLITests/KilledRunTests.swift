import Foundation
import ResultStore
import TestSupport
import Testing

/// A run killed mid-way (SIGKILL, no chance to clean up) leaves a readable database with the run marked
/// incomplete, never a corrupt file.
@Suite struct KilledRunTests {
    @Test func killedRunIsMarkedIncomplete() throws {
        let dir = try TemporaryFolder.make("killed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("killed.sqlite").path
        let p = Process()
        p.executableURL = ProcessRunner.recsimBinary
        p.arguments = [
            "run", PackagePaths.scenario("online-boutique"), "--days", "30", "--db", db,
            "--report", dir.appendingPathComponent("report").path,
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the run has written some chunks, then kill it without warning.
        var sawRows = false
        for _ in 0..<600 {
            usleep(100_000)
            if let store = try? ResultStore(path: db, mode: .readOnly), let run = try? store.runs().first,
                run.status == .running, let recs = try? store.recommendations(run: run.id), !recs.isEmpty
            {
                sawRows = true
                break
            }
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(sawRows, "the run never wrote rows before the timeout")
        #expect(p.terminationReason == .uncaughtSignal)

        let store = try ResultStore(path: db)
        #expect(try store.integrityCheck() == ["ok"])
        let run = try #require(try store.runs().first)
        #expect(run.status == .incomplete)
        #expect(run.fingerprint == nil)
        #expect(!(try store.recommendations(run: run.id)).isEmpty)
    }
}

import Foundation
import Simulation
import Testing

@testable import ResultStore

@Suite struct StoreLifecycleTests {
    @Test func migrationsAreIdempotent() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let path = dir.path("results.sqlite")
        let id: Int64
        do {
            let store = try ResultStore(path: path)
            #expect(try store.schemaVersion == ResultStore.latestSchemaVersion)
            id = try store.beginRun(Fixture.runInfo())
            try store.finishRun(id, fingerprint: "abc")
        }
        let again = try ResultStore(path: path)
        #expect(try again.schemaVersion == ResultStore.latestSchemaVersion)
        #expect(try again.runs().map(\.id) == [id])
        #expect(again.runsMarkedIncomplete.isEmpty)
        let readOnly = try ResultStore(path: path, mode: .readOnly)
        #expect(try readOnly.run(id)?.status == .complete)
    }

    @Test func walAndForeignKeysAreOn() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let store = try ResultStore(path: dir.path("results.sqlite"))
        #expect(try store.journalMode == "wal")
        #expect(try store.foreignKeysEnabled)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func readOnlyOpenOfEmptyFileFails() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let path = dir.path("empty.sqlite")
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        #expect(throws: StoreError.self) { try ResultStore(path: path, mode: .readOnly) }
    }

    @Test func openErrorCarriesPath() throws {
        let path = "/nonexistent-dir-for-recsim/results.sqlite"
        do {
            _ = try ResultStore(path: path)
            Issue.record("expected an open error")
        } catch {
            #expect(error.kind == .open)
            #expect(error.path == path)
        }
    }

    @Test func unfinishedRunReadsIncompleteAfterReopen() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let path = dir.path("results.sqlite")
        let id: Int64
        do {
            let store = try ResultStore(path: path)
            id = try store.beginRun(Fixture.runInfo())
            try store.append(outcomes: Fixture.outcomes(0..<1000), run: id)
            #expect(try store.run(id)?.status == .running)
            // Dropped without finishRun, like a process killed between chunks.
        }
        let reader = try ResultStore(path: path, mode: .readOnly)
        #expect(try reader.run(id)?.status == .running)  // read-only opens never rewrite the file
        reader.close()
        let store = try ResultStore(path: path)
        #expect(store.runsMarkedIncomplete == [id])
        let row = try #require(try store.run(id))
        #expect(row.status == .incomplete)
        #expect(row.fingerprint == nil)
        #expect(try store.outcomes(run: id).count == 1000)
        #expect(try store.integrityCheck() == ["ok"])
        // Deterministic: a second reopen changes nothing more.
        let again = try ResultStore(path: path)
        #expect(again.runsMarkedIncomplete.isEmpty)
        #expect(try again.run(id)?.status == .incomplete)
    }

    /// Copies the database and its WAL while a chunk's transaction is open: the files a `kill -9` leaves.
    @Test func killedMidChunkLeavesConsistentFile() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let path = dir.path("results.sqlite")
        let crashed = dir.path("crashed.sqlite")
        let store = try ResultStore(path: path)
        let id = try store.beginRun(Fixture.runInfo())
        try store.append(outcomes: Fixture.outcomes(0..<500), run: id)
        // A tiny page cache makes SQLite spill the open transaction's pages into the WAL before commit,
        // so the copy holds uncommitted frames that recovery must ignore.
        try store.connection.execute("PRAGMA cache_size = 8")
        var walBytesAtSnapshot = 0
        let snapshotting = SnapshotSequence(rows: Fixture.outcomes(500..<60_000), snapshotAfter: 50_000) {
            let fm = FileManager.default
            try? fm.copyItem(atPath: path, toPath: crashed)
            if fm.fileExists(atPath: path + "-wal") {
                try? fm.copyItem(atPath: path + "-wal", toPath: crashed + "-wal")
            }
            walBytesAtSnapshot = (try? fm.attributesOfItem(atPath: crashed + "-wal")[.size] as? Int) ?? 0
        }
        try store.append(outcomes: snapshotting, run: id)
        #expect(try store.outcomes(run: id).count == 60_000)
        #expect(FileManager.default.fileExists(atPath: crashed))
        #expect(walBytesAtSnapshot > 1_000_000)  // the uncommitted chunk really reached the WAL

        let recovered = try ResultStore(path: crashed)
        #expect(recovered.runsMarkedIncomplete == [id])
        #expect(try recovered.run(id)?.status == .incomplete)
        #expect(try recovered.outcomes(run: id) == Fixture.outcomes(0..<500))
        #expect(try recovered.integrityCheck() == ["ok"])
    }

    @Test func finishRunCompletesOnce() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let store = try ResultStore(path: dir.path("results.sqlite"))
        let id = try store.beginRun(Fixture.runInfo())
        try store.finishRun(id, fingerprint: "f00d")
        let row = try #require(try store.run(id))
        #expect(row.status == .complete)
        #expect(row.fingerprint == "f00d")
        #expect(throws: StoreError.self) { try store.finishRun(id, fingerprint: "again") }
        #expect(throws: StoreError.self) { try store.append(metrics: Fixture.metrics, run: id) }
        #expect(throws: StoreError.self) { try store.finishRun(999, fingerprint: "x") }
    }
}

/// Yields `rows`, calling `snapshot` once after `snapshotAfter` rows have been handed out.
struct SnapshotSequence: Sequence {
    let rows: [OutcomeRow]
    let snapshotAfter: Int
    let snapshot: () -> Void

    func makeIterator() -> AnyIterator<OutcomeRow> {
        var index = 0
        return AnyIterator {
            if index == snapshotAfter { snapshot() }
            guard index < rows.count else { return nil }
            defer { index += 1 }
            return rows[index]
        }
    }
}

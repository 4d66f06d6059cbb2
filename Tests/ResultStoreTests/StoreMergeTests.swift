import Foundation
import Simulation
import Testing

@testable import ResultStore

/// A run as read back through the store, without its id or shard: what "the same results" means.
struct RunSnapshot: Hashable {
    var key: RunKey
    var status: RunStatus
    var fingerprint: String?
    var virtualStart: SimInstant
    var virtualEnd: SimInstant
    var startedAt: String?
    var recommendations: [RecommendationRow]
    var outcomes: [OutcomeRow]
    var metrics: [MetricRow]
    var classVerdicts: [ClassVerdictRow]
    var flowLogs: [FlowLogRow]

    /// Every run of the file at `path`, sorted by key.
    static func all(_ path: String) throws -> [RunSnapshot] {
        let store = try ResultStore(path: path, mode: .readOnly)
        defer { store.close() }
        return try store.runs().map { run in
            RunSnapshot(
                key: run.info.key, status: run.status, fingerprint: run.fingerprint,
                virtualStart: run.info.virtualStart, virtualEnd: run.info.virtualEnd, startedAt: run.info.startedAt,
                recommendations: try store.recommendations(run: run.id), outcomes: try store.outcomes(run: run.id),
                metrics: try store.metrics(run: run.id), classVerdicts: try store.classVerdicts(run: run.id),
                flowLogs: try store.flowLogs(run: run.id))
        }.sorted { $0.key < $1.key }
    }
}

enum SweepFixture {
    static let settings = [
        Fixture.settings(interval: .minutes(5), stabilization: .hours(1)),
        Fixture.settings(interval: .minutes(15), stabilization: .hours(2)),
    ]
    static let seeds: [UInt64] = [1, 2, 3, UInt64.max - 1, 5, 6]
    /// The sweep's points in the order an unsharded sweep runs them.
    static var points: [(settings: RunSettings, seed: UInt64)] { settings.flatMap { s in seeds.map { (s, $0) } } }

    /// Writes one sweep point; contents depend only on settings and seed, as in a deterministic simulator.
    @discardableResult
    static func write(
        _ store: ResultStore, settings: RunSettings, seed: UInt64, sweep: String = "sweep-1", shard: String? = nil,
        finish: Bool = true, fingerprint: String? = nil
    ) throws -> Int64 {
        var info = Fixture.runInfo(seed: seed, sweep: sweep, shard: shard)
        info.settings = settings
        let id = try store.beginRun(info)
        let salt = Int(seed % 97) + settings.canonicalJSON.count
        try store.append(recommendations: Fixture.recommendations().dropLast(salt % 3), run: id)
        try store.append(outcomes: Fixture.outcomes(salt..<(salt + 40)), run: id)
        try store.append(metrics: Fixture.metrics + [MetricRow(name: "seed_mod", value: Double(seed % 1000))], run: id)
        try store.append(classVerdicts: Fixture.classVerdicts(salt), run: id)
        if salt % 2 == 0 { try store.append(flowLogs: [FlowLogRow(line: "{\"s\":\(salt)}", truth: "{}")], run: id) }
        if finish { try store.finishRun(id, fingerprint: fingerprint ?? "fp-\(salt)-\(seed)") }
        return id
    }

    /// An unsharded sweep file and three shard files holding the same points (in scrambled orders).
    static func files(in dir: TempDirectory) throws -> (unsharded: String, shards: [String]) {
        let unsharded = dir.path("unsharded.sqlite")
        do {
            let store = try ResultStore(path: unsharded)
            for point in points { try write(store, settings: point.settings, seed: point.seed) }
        }
        var shards: [String] = []
        for shard in 0..<3 {
            let path = dir.path("shard-\(shard).sqlite")
            let store = try ResultStore(path: path)
            let mine = points.enumerated().filter { $0.offset % 3 == shard }.map(\.element)
            for point in mine.reversed() {
                try write(store, settings: point.settings, seed: point.seed, shard: "\(shard + 1)/3")
            }
            store.close()
            shards.append(path)
        }
        return (unsharded, shards)
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
}

@Suite struct StoreMergeTests {
    @Test func threeShardsEqualTheUnshardedSweep() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let (unsharded, shards) = try SweepFixture.files(in: dir)
        let merged = dir.path("merged.sqlite")
        let summary = try ResultStore.merge(into: merged, from: shards)
        #expect(summary.sweepID == "sweep-1")
        #expect(summary.addedRunIDs == Array(1...12))
        #expect(summary.inputs.map(\.added) == [4, 4, 4])
        #expect(summary.skippedDuplicates == 0)
        #expect(summary.fingerprintMismatches.isEmpty)
        #expect(try RunSnapshot.all(merged) == RunSnapshot.all(unsharded))

        // Merging the unsharded file into an empty one gives the very same ids and rows (only `shard` differs).
        let canonical = dir.path("canonical.sqlite")
        try ResultStore.merge(into: canonical, from: [unsharded])
        let a = try ResultStore(path: merged, mode: .readOnly), b = try ResultStore(path: canonical, mode: .readOnly)
        let runsA = try a.runs(), runsB = try b.runs()
        #expect(runsA.map(\.id) == runsB.map(\.id))
        #expect(runsA.map(\.info.key) == runsA.map(\.info.key).sorted())
        for (x, y) in zip(runsA, runsB) {
            var xInfo = x.info, yInfo = y.info
            #expect(xInfo.shard != nil && yInfo.shard == nil)
            xInfo.shard = nil; yInfo.shard = nil
            #expect(xInfo == yInfo)
            #expect(try a.outcomes(run: x.id) == b.outcomes(run: y.id))
            #expect(try a.recommendations(run: x.id) == b.recommendations(run: y.id))
        }
    }

    @Test func mergingTwiceAddsNothing() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let (unsharded, shards) = try SweepFixture.files(in: dir)
        let merged = dir.path("merged.sqlite")
        try ResultStore.merge(into: merged, from: shards)
        let before = try RunSnapshot.all(merged)

        let again = try ResultStore.merge(into: merged, from: shards + [unsharded, shards[0]])
        #expect(again.addedRunIDs.isEmpty)
        #expect(again.skippedDuplicates == 12 + 12 + 4)
        #expect(again.inputs.map(\.added) == [0, 0, 0, 0, 0])
        #expect(try RunSnapshot.all(merged) == before)

        // Even a file merged into itself.
        let itself = try ResultStore.merge(into: merged, from: [merged])
        #expect(itself.addedRunIDs.isEmpty && itself.skippedDuplicates == 12)
        #expect(try RunSnapshot.all(merged) == before)
    }

    @Test(arguments: [0, ResultStore.latestSchemaVersion + 1])
    func otherSchemaVersionIsRefusedAndOutputUnchanged(version: Int) throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let (_, shards) = try SweepFixture.files(in: dir)
        let merged = dir.path("merged.sqlite")
        try ResultStore.merge(into: merged, from: [shards[0]])
        do {
            let store = try ResultStore(path: shards[1])
            try store.connection.execute("PRAGMA user_version = \(version)")
        }
        let before = try SweepFixture.bytes(merged)
        do {
            try ResultStore.merge(into: merged, from: [shards[2], shards[1]])
            Issue.record("expected a schema error")
        } catch {
            #expect(error.kind == (version == 0 ? .schemaMismatch : .schemaTooNew))
            #expect(error.path == shards[1])
            #expect(error.message.contains("version \(version)"))
            #expect(error.message.contains("version \(ResultStore.latestSchemaVersion)"))
        }
        #expect(try SweepFixture.bytes(merged) == before)
        #expect(try RunSnapshot.all(merged).count == 4)
    }

    @Test(arguments: ["half", "header", "garbage", "missing"])
    func damagedInputIsRefusedCleanly(damage: String) throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let (_, shards) = try SweepFixture.files(in: dir)
        let merged = dir.path("merged.sqlite")
        try ResultStore.merge(into: merged, from: [shards[0]])
        let bad = dir.path("bad.sqlite")
        do {
            // A big input so that truncation cuts through table pages.
            let store = try ResultStore(path: bad)
            let id = try SweepFixture.write(store, settings: Fixture.settings(), seed: 9, finish: false)
            try store.append(outcomes: Fixture.outcomes(0..<5_000), run: id)
            try store.finishRun(id, fingerprint: "x")
        }
        let size = try SweepFixture.bytes(bad).count
        switch damage {
        case "half": try FileHandle(forWritingTo: URL(fileURLWithPath: bad)).truncate(atOffset: UInt64(size / 2))
        case "header": try FileHandle(forWritingTo: URL(fileURLWithPath: bad)).truncate(atOffset: 60)
        case "garbage": try Data("this is not a database, just some text\n".utf8).write(to: URL(fileURLWithPath: bad))
        default: try FileManager.default.removeItem(atPath: bad)
        }
        let before = try SweepFixture.bytes(merged)
        do {
            try ResultStore.merge(into: merged, from: [shards[1], bad])
            Issue.record("expected the damaged input to be refused")
        } catch {
            #expect(error.kind == (damage == "missing" ? .open : .corruptFile), "\(error)")
            #expect(error.path == bad)
        }
        #expect(try SweepFixture.bytes(merged) == before)
        #expect(try RunSnapshot.all(merged).count == 4)
    }

    /// A damaged output is refused before anything is copied into it (a merge used to spread the damage and succeed).
    @Test func damagedOutputIsRefusedCleanly() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let (_, shards) = try SweepFixture.files(in: dir)
        let merged = dir.path("merged.sqlite")
        do {
            let store = try ResultStore(path: merged)
            let id = try SweepFixture.write(store, settings: Fixture.settings(), seed: 9, finish: false)
            try store.append(outcomes: Fixture.outcomes(0..<5_000), run: id)
            try store.finishRun(id, fingerprint: "x")
            try store.checkpoint()
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: merged + suffix) }
        let size = try SweepFixture.bytes(merged).count
        try FileHandle(forWritingTo: URL(fileURLWithPath: merged)).truncate(atOffset: UInt64(size / 2))
        let before = try SweepFixture.bytes(merged)
        do {
            try ResultStore.merge(into: merged, from: [shards[0]])
            Issue.record("expected the damaged output to be refused")
        } catch {
            #expect(error.path == merged, "\(error)")
            #expect(error.kind == .corruptFile, "\(error)")
        }
        #expect(try SweepFixture.bytes(merged) == before)
    }

    @Test func failureHalfwayRollsBackEveryRun() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let (_, shards) = try SweepFixture.files(in: dir)
        let merged = dir.path("merged.sqlite")
        try ResultStore.merge(into: merged, from: [shards[0]])
        let bad = dir.path("bad.sqlite")
        do {
            // A valid run that sorts first, then one whose outcome row breaks the output's CHECK.
            let store = try ResultStore(path: bad)
            try SweepFixture.write(store, settings: Fixture.settings(), seed: 1)
            let id = try SweepFixture.write(store, settings: Fixture.settings(), seed: 2, finish: false)
            try store.connection.execute("PRAGMA ignore_check_constraints = ON")
            try store.connection.execute(
                "UPDATE outcome SET flows = -1 WHERE run_id = \(id) AND id = (SELECT MAX(id) FROM outcome)")
        }
        let before = try SweepFixture.bytes(merged)
        do {
            try ResultStore.merge(into: merged, from: [shards[1], bad])
            Issue.record("expected the copy to fail")
        } catch {
            #expect(error.kind == .step && error.message.contains("CHECK"), "\(error)")
        }
        #expect(try SweepFixture.bytes(merged) == before)
        #expect(try RunSnapshot.all(merged).count == 4)
    }

    @Test func differentSweepsAreRefused() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let (_, shards) = try SweepFixture.files(in: dir)
        let other = dir.path("other.sqlite")
        do {
            let store = try ResultStore(path: other)
            try SweepFixture.write(store, settings: Fixture.settings(), seed: 1, sweep: "sweep-2")
        }
        // Between inputs.
        let fresh = dir.path("fresh.sqlite")
        do {
            try ResultStore.merge(into: fresh, from: [shards[0], other])
            Issue.record("expected a sweep conflict")
        } catch {
            #expect(error.kind == .sweepConflict)
            #expect(error.path == other)
            #expect(error.message.contains("'sweep-1'") && error.message.contains("'sweep-2'"))
        }
        #expect(!FileManager.default.fileExists(atPath: fresh))

        // Between the output and the inputs.
        let merged = dir.path("merged.sqlite")
        try ResultStore.merge(into: merged, from: [shards[0]])
        let before = try RunSnapshot.all(merged)
        do {
            try ResultStore.merge(into: merged, from: [other])
            Issue.record("expected a sweep conflict")
        } catch {
            #expect(error.kind == .sweepConflict)
            #expect(error.path == merged)
            #expect(error.message.contains("'sweep-1'") && error.message.contains("'sweep-2'"))
        }
        #expect(try RunSnapshot.all(merged) == before)
    }

    @Test func completeCopyReplacesIncompleteOneAndMismatchesAreReported() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let settings = SweepFixture.settings[0]
        let out = dir.path("out.sqlite"), retry = dir.path("retry.sqlite")
        do {
            let store = try ResultStore(path: out)
            try SweepFixture.write(store, settings: settings, seed: 1, finish: false)  // interrupted
            try SweepFixture.write(store, settings: settings, seed: 2)
        }
        do {
            let store = try ResultStore(path: retry)
            try SweepFixture.write(store, settings: settings, seed: 1, shard: "1/2")
            try SweepFixture.write(store, settings: settings, seed: 2, fingerprint: "different")
            try SweepFixture.write(store, settings: settings, seed: 3, finish: false)  // still running in the input
        }
        let summary = try ResultStore.merge(into: out, from: [retry])
        #expect(summary.replacedIncompleteRunIDs == [1])
        #expect(summary.addedRunIDs == [3, 4])
        #expect(summary.skippedDuplicates == 1)
        #expect(summary.fingerprintMismatches.map(\.seed) == [2])
        let store = try ResultStore(path: out, mode: .readOnly)
        let runs = try store.runs()
        #expect(runs.map(\.id) == [2, 3, 4])
        #expect(runs.map(\.info.seed) == [2, 1, 3])
        #expect(runs.map(\.status) == [.complete, .complete, .incomplete])
        #expect(runs[0].fingerprint != "different")
    }

    @Test func sweepMetricsInOneRead() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let store = try ResultStore(path: dir.path("results.sqlite"))
        let a = try SweepFixture.write(store, settings: Fixture.settings(), seed: 1)
        try SweepFixture.write(store, settings: Fixture.settings(), seed: 1, sweep: "other")
        let b = try store.beginRun(Fixture.runInfo(seed: 2, sweep: "sweep-1"))
        let all = try store.metrics(sweepID: "sweep-1")
        #expect(all.map(\.run.id) == [a, b])
        #expect(all[0].metrics == (try store.metrics(run: a)))
        #expect(all[0].metrics.count == 4)
        #expect(all[1].metrics.isEmpty)
    }
}

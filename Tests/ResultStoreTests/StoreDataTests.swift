import Foundation
import Simulation
import Testing

@testable import ResultStore

@Suite struct StoreDataTests {
    @Test func everyRowTypeRoundTrips() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let store = try ResultStore(path: dir.path("results.sqlite"))
        var info = Fixture.runInfo(seed: UInt64.max - 6, sweep: "sweep-1", shard: "1/2")
        info.startedAt = "2026-11-26T18:00:00Z"
        let id = try store.beginRun(info)
        try store.append(recommendations: Fixture.recommendations(), run: id)
        try store.append(outcomes: Fixture.outcomes(0..<200), run: id)
        try store.append(metrics: Fixture.metrics, run: id)
        let logs = [
            (line: #"{"source_namespace":"shop"}"#, truth: #"{"truth":"legit"}"#),
            (line: #"{"source_namespace":"db"}"#, truth: #"{"truth":"attack"}"#),
        ]
        try store.append(flowLogs: logs, run: id)
        try store.finishRun(id, fingerprint: "0123abcd")

        let run = try #require(try store.run(id))
        #expect(run.info == info)
        #expect(run.info.seed == UInt64.max - 6)
        #expect(try store.recommendations(run: id) == Fixture.recommendations())
        #expect(try store.outcomes(run: id) == Fixture.outcomes(0..<200))
        #expect(
            try store.metrics(run: id) == Fixture.metrics.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) })
        #expect(try store.flowLogs(run: id) == logs.map { FlowLogRow(line: $0.line, truth: $0.truth) })
    }

    @Test func failedRowRollsBackTheWholeBatch() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let store = try ResultStore(path: dir.path("results.sqlite"))
        let id = try store.beginRun(Fixture.runInfo())
        try store.append(outcomes: Fixture.outcomes(0..<10), run: id)
        var batch = Fixture.outcomes(10..<110)
        batch[50].flows = -1  // violates CHECK (flows >= 0)
        do {
            try store.append(outcomes: batch, run: id)
            Issue.record("expected a constraint violation")
        } catch {
            #expect(error.kind == .step)
            #expect(error.statement?.contains("INSERT INTO outcome") == true)
            #expect(error.message.contains("CHECK"))
        }
        #expect(try store.outcomes(run: id) == Fixture.outcomes(0..<10))

        try store.append(metrics: [MetricRow(name: "a", value: 1)], run: id)
        #expect(throws: StoreError.self) {
            try store.append(metrics: [MetricRow(name: "b", value: 2), MetricRow(name: "a", value: 3)], run: id)
        }
        #expect(try store.metrics(run: id) == [MetricRow(name: "a", value: 1)])
        // The connection is usable after a rollback.
        try store.append(outcomes: Fixture.outcomes(10..<20), run: id)
        #expect(try store.outcomes(run: id).count == 20)
    }

    @Test func rowsForUnknownRunAreRejected() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let store = try ResultStore(path: dir.path("results.sqlite"))
        do {
            try store.append(outcomes: Fixture.outcomes(0..<3), run: 77)
            Issue.record("expected unknownRun")
        } catch {
            #expect(error.kind == .unknownRun)
        }
    }

    @Test func sameInsertsGiveSameRows() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        func fill(
            _ name: String
        ) throws -> (runs: [RunRow], recs: [RecommendationRow], outs: [OutcomeRow], mets: [MetricRow]) {
            let store = try ResultStore(path: dir.path(name))
            let id = try store.beginRun(Fixture.runInfo())
            try store.append(recommendations: Fixture.recommendations(), run: id)
            try store.append(outcomes: Fixture.outcomes(0..<5000), run: id)
            try store.append(metrics: Fixture.metrics, run: id)
            try store.finishRun(id, fingerprint: "same")
            return (
                try store.runs(), try store.recommendations(run: id), try store.outcomes(run: id),
                try store.metrics(run: id)
            )
        }
        let a = try fill("a.sqlite"), b = try fill("b.sqlite")
        #expect(a.runs == b.runs)
        #expect(a.recs == b.recs)
        #expect(a.outs == b.outs)
        #expect(a.mets == b.mets)
    }

    @Test func bulkInsertOf200kOutcomes() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let store = try ResultStore(path: dir.path("results.sqlite"))
        let id = try store.beginRun(Fixture.runInfo())
        let rows = Fixture.outcomes(0..<200_000)
        try store.append(outcomes: rows, run: id)
        try store.finishRun(id, fingerprint: "bulk")
        let back = try store.outcomes(run: id)
        #expect(back.count == 200_000)
        #expect(back.last == rows.last)
    }

    @Test func runQueries() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let store = try ResultStore(path: dir.path("results.sqlite"))
        let a = try store.beginRun(Fixture.runInfo(scenario: "small", seed: 1))
        let b = try store.beginRun(Fixture.runInfo(scenario: "big", seed: 2, sweep: "s1"))
        let c = try store.beginRun(Fixture.runInfo(scenario: "small", seed: 3, sweep: "s1"))
        #expect(try store.runs().map(\.id) == [a, b, c])
        #expect(try store.latestRun(scenario: "small")?.id == c)
        #expect(try store.latestRun(scenario: "none") == nil)
        #expect(try store.sweepRuns(sweepID: "s1").map(\.id) == [b, c])
        try store.append(outcomes: Fixture.outcomes(0..<10), run: c)
        try store.append(recommendations: Fixture.recommendations(), run: c)
        #expect(try store.deleteRun(c))
        #expect(try !store.deleteRun(c))
        #expect(try store.outcomes(run: c).isEmpty)
        #expect(try store.recommendations(run: c).isEmpty)
        #expect(try store.latestRun(scenario: "small")?.id == a)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func importRunsCopiesEverything() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let shard = try ResultStore(path: dir.path("shard.sqlite"))
        let s1 = try shard.beginRun(Fixture.runInfo(seed: 5, sweep: "sw", shard: "1/2"))
        try shard.append(recommendations: Fixture.recommendations(), run: s1)
        try shard.append(outcomes: Fixture.outcomes(0..<300), run: s1)
        try shard.append(metrics: Fixture.metrics, run: s1)
        try shard.append(classVerdicts: Fixture.classVerdicts(), run: s1)
        try shard.finishRun(s1, fingerprint: "fp5")
        let s2 = try shard.beginRun(Fixture.runInfo(seed: 6, sweep: "sw", shard: "1/2"))
        shard.close()

        let merged = try ResultStore(path: dir.path("merged.sqlite"))
        let existing = try merged.beginRun(Fixture.runInfo(seed: 1))
        try merged.finishRun(existing, fingerprint: "fp1")
        let ids = try merged.importRuns(from: dir.path("shard.sqlite"))
        #expect(ids.count == 2)
        #expect(ids.allSatisfy { $0 > existing })
        let runs = try merged.sweepRuns(sweepID: "sw")
        #expect(runs.map(\.info.seed) == [5, 6])
        #expect(runs.map(\.status) == [.complete, .incomplete])
        #expect(runs[0].fingerprint == "fp5")
        #expect(try merged.recommendations(run: ids[0]) == Fixture.recommendations())
        #expect(try merged.outcomes(run: ids[0]) == Fixture.outcomes(0..<300))
        #expect(try merged.metrics(run: ids[0]).count == Fixture.metrics.count)
        #expect(try merged.classVerdicts(run: ids[0]) == Fixture.classVerdicts())
        #expect(try merged.classVerdicts(run: ids[1]).isEmpty)
        #expect(try merged.outcomes(run: ids[1]).isEmpty)
        _ = s2
        // The attachment is gone and the store still works.
        let more = try merged.importRuns(from: dir.path("shard.sqlite"))
        #expect(more.count == 2)
    }
}

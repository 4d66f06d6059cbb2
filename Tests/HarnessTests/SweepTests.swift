import Foundation
import HarnessFixtures
import Reporting
import ResultStore
import Scenario
import Simulation
import Testing
import TrafficGeneration

@testable import Harness

/// `recsim sweep` and sharded sweeps: the numbers reported, independence from --jobs and from sharding.
@Suite struct SweepTests {
    static let tiny = SweepFixture.tiny
    static func plan(shard: Shard? = nil) throws -> SweepPlan { try SweepFixture.plan(shard: shard) }
    static func rows(_ path: String) throws -> [String] { try SweepFixture.rows(path) }

    @Test func resultsAreIdenticalWhateverTheNumberOfJobs() throws {
        let dir = try HarnessTestSupport.temporaryDirectory("sweep-jobs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try Self.plan()
        var all: [[String]] = []
        for jobs in [1, 2] {
            let db = dir.appendingPathComponent("jobs\(jobs).sqlite").path
            let ids = try SweepRunner(plan: plan, jobs: jobs).run(
                storePath: db, scratchDirectory: dir.appendingPathComponent("scratch\(jobs)").path
            ).importedRunIDs
            #expect(ids.count == 12)
            all.append(try Self.rows(db))
        }
        #expect(all[0] == all[1])
        #expect(all[0].count > 12)
    }

    @Test func threeShardsMergedEqualTheUnshardedSweep() throws {
        let dir = try HarnessTestSupport.temporaryDirectory("sweep-shards")
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole.sqlite").path
        _ = try SweepRunner(plan: try Self.plan(), jobs: 2).run(
            storePath: whole, scratchDirectory: dir.appendingPathComponent("s").path)
        var shardFiles: [String] = []
        var counts: [Int] = []
        for i in 0..<3 {
            let f = dir.appendingPathComponent("shard-\(i).sqlite").path
            let p = try Self.plan(shard: try Shard(index: i, count: 3))
            counts.append(p.tasks.count)
            _ = try SweepRunner(plan: p, jobs: 1).run(
                storePath: f, scratchDirectory: dir.appendingPathComponent("s\(i)").path)
            shardFiles.append(f)
        }
        #expect(counts == [4, 4, 4])
        let merged = dir.appendingPathComponent("merged.sqlite").path
        let summary = try ResultStore.merge(into: merged, from: shardFiles)
        #expect(summary.addedRunIDs.count == 12)
        #expect(try Self.rows(merged) == (try Self.rows(whole)))
        // Merging again adds nothing.
        let again = try ResultStore.merge(into: merged, from: shardFiles)
        #expect(again.addedRunIDs.isEmpty && again.skippedDuplicates == 12)
        // The merged sweep reports exactly as the unsharded one.
        let sweepID = try Self.plan().sweepID
        let a = try SweepReportBuilder.build(
            store: try ResultStore(path: whole, mode: .readOnly), sweepID: sweepID,
            bounds: FalseDenyBounds(otherwise: 0))
        let b = try SweepReportBuilder.build(
            store: try ResultStore(path: merged, mode: .readOnly), sweepID: sweepID,
            bounds: FalseDenyBounds(otherwise: 0))
        #expect(a == b)
        #expect(SweepReport(data: a).files() == SweepReport(data: b).files())
    }

    @Test func recommendedSettingOnRareTrafficCoversItsWeeklyJob() throws {
        let dir = try HarnessTestSupport.temporaryDirectory("sweep-rare")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("rare-traffic"))
        var options = RunOptions()
        options.duration = .days(3)
        options.engineStart = .zero  // cold start: the weekly job first runs after an hour's Stable
        let grid = try SweepGrid(intervals: [.minutes(5)], stabilizations: [.hours(1), .days(1)], seeds: [1, 2])
        let plan = SweepPlan(scenario: scenario, grid: grid, options: options)
        let db = dir.appendingPathComponent("rare.sqlite").path
        _ = try SweepRunner(plan: plan, jobs: 2).run(
            storePath: db, scratchDirectory: dir.appendingPathComponent("s").path)
        let data = try SweepReportBuilder.build(
            store: try ResultStore(path: db, mode: .readOnly), sweepID: plan.sweepID,
            bounds: FalseDenyBounds(otherwise: 0))
        #expect(data.points.count == 2)
        let short = try #require(data.points.first { $0.setting.stabilization.seconds == 3600 })
        let long = try #require(data.points.first { $0.setting.stabilization.seconds == 86_400 })
        // One hour of stabilization misses the weekly job (it first runs two hours in); a day covers it.
        #expect(short.rarity("weekly").falseDenyFlows > 0)
        #expect(long.rarity("weekly").falseDenyFlows == 0)
        #expect(long.falseDenyRate == 0)
        let chosen = try #require(data.recommendation.overall)
        #expect(chosen.setting.stabilization.seconds == 86_400)
        #expect(chosen.falseDenyRate == 0)
    }

    /// A point whose stabilization period (or lookback) is shorter than its interval is one Calico's engine ignores
    /// (SPEC §1.5): it is left out with a warning instead of being run under a label it does not have.
    @Test func gridPointsTheEngineWouldIgnoreAreLeftOut() throws {
        let grid = try SweepGrid(
            intervals: [.minutes(10)], stabilizations: [.minutes(1), .hours(2)], lookbacks: [], seeds: [1])
        #expect(grid.points.map(\.label) == ["10m/2h"])
        #expect(grid.rejectedPoints.map(\.point.label) == ["10m/1m"])
        #expect(grid.rejectedPoints.first?.reason == "stabilization 1m is shorter than the interval 10m")
        let lookback = try SweepGrid(
            intervals: [.minutes(5), .hours(1)], stabilizations: [.hours(2)], lookbacks: [.minutes(30)], seeds: [1])
        #expect(lookback.points.map(\.label) == ["5m/2h/30m"])
        #expect(lookback.rejectedPoints.map(\.reason) == ["initial lookback 30m is shorter than the interval 1h"])
    }
}

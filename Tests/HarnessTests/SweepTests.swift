import Foundation
import Reporting
import ResultStore
import Simulation
import Testing
import TrafficGeneration

@testable import Harness

/// `recsim sweep` and sharded sweeps: the numbers reported, independence from --jobs and from sharding.
@Suite struct SweepTests {
    static let tiny = """
        name: tiny-sweep
        duration: 1d
        cluster:
          nodes: 1
          namespaces: [cli, svc]
          workloads:
            - {name: client, namespace: cli}
            - {name: server, namespace: svc, ports: [{name: a, port: 8080}, {name: b, port: 9090}]}
        traffic:
          - {id: main, from: {workload: cli/client}, to: {workload: svc/server}, port: 8080, steady: {rate: 300}}
          - {id: rare, from: {workload: cli/client}, to: {workload: svc/server}, port: 9090, steady: {rate: 1}}
          - {id: sixhourly, from: {workload: cli/client}, to: {workload: svc/server}, port: 9090, periodic: {every: 6h, phase: 2h, jitter: 10m}}
        recommendation:
          scope:
            initialLookback: 24h
            namespaceSpec: {recStatus: Enabled, selector: "all()"}
        """

    static func plan(shard: Shard? = nil) throws -> SweepPlan {
        let grid = try SweepGrid(
            intervals: [.seconds(150), .minutes(5)], stabilizations: [.minutes(10), .hours(3)], seeds: [1, 2, 3])
        return SweepPlan(
            scenario: try Scenario.parse(tiny, file: "tiny.yaml"), grid: grid, options: RunOptions(), shard: shard)
    }

    /// Every row of a database, ignoring run ids and the shard label.
    static func rows(_ path: String) throws -> [String] {
        let store = try ResultStore(path: path, mode: .readOnly)
        var out: [String] = []
        for run in try store.runs() {
            out.append(
                "run \(run.info.scenario) \(run.info.seed) \(run.info.settingsJSON) \(run.info.sweepID ?? "-") \(run.status) \(run.fingerprint ?? "-")"
            )
            out += try store.recommendations(run: run.id).map { "rec \($0)" }
            out += try store.outcomes(run: run.id).map { "out \($0)" }
            out += try store.metrics(run: run.id).map { "met \($0)" }
        }
        return out
    }

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

    @Test(arguments: [
        (["--interval", "10s", "--stabilization", "1h"], "minimum interval"),
        (["--interval", "5m", "--stabilization", "1h", "--seeds", "3..1"], "--seeds"),
        (["--interval", "5m", "--stabilization", "soon"], "--stabilization"),
        (["--interval", "5m", "--stabilization", "1h", "--shard", "3/3"], "--shard"),
        (["--interval", "5m", "--stabilization", "1h", "--jobs", "0"], "--jobs"),
        (["--interval", "5m", "--stabilization", "1h", "--max-false-deny", "weekly=2"], "--max-false-deny"),
        (["--interval", "10m", "--stabilization", "1m,5m"], "no grid point is one Calico's engine would honour"),
        (["--interval", "5m", "--stabilization", "1h", "--max-false-deny", "often=0.1"], "--max-false-deny"),
    ])
    func badFlagsFailBeforeAnyWork(arguments: [String], expected: String) throws {
        let dir = try HarnessTestSupport.temporaryDirectory("sweep-flags")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("x.sqlite").path
        let (status, _, err) = try HarnessTestSupport.runRecsim(
            ["sweep", HarnessTestSupport.scenario("rare-traffic"), "--db", db] + arguments)
        #expect(status != 0)
        #expect(err.contains(expected), "\(err)")
        #expect(!FileManager.default.fileExists(atPath: db), "a database was created before the flags were checked")
    }

    /// The decision is a CI gate: exit 1 with a clear message when no setting meets the per-rarity bounds, 0 when one does.
    @Test func sweepExitsOneWhenNoSettingMeetsTheBounds() throws {
        let dir = try HarnessTestSupport.temporaryDirectory("sweep-decision")
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = [
            "sweep", HarnessTestSupport.scenario("rare-traffic"), "--interval", "5m", "--stabilization", "10m",
            "--seeds", "1", "--days", "1",
        ]
        let (strict, strictOut, strictErr) = try HarnessTestSupport.runRecsim(
            common + [
                "--db", dir.appendingPathComponent("a.sqlite").path, "--report", dir.appendingPathComponent("a").path,
                "--max-false-deny", "0",
            ])
        #expect(strict == 1)
        #expect(strictErr.contains("error: no setting meets the false-deny bounds"), "\(strictErr)")
        // the decision comes first
        #expect(strictOut.contains("decision: No setting meets the bounds (steady ≤ 0%"), "\(strictOut)")
        #expect(strictOut.contains("Closest: interval 5m, stabilization 10m"))
        #expect(strictOut.contains("decision metric: per rarity: falseDenyAtStable.<rarity> / legitFlows.<rarity>"))
        let (loose, looseOut, looseErr) = try HarnessTestSupport.runRecsim(
            common + [
                "--db", dir.appendingPathComponent("b.sqlite").path, "--report", dir.appendingPathComponent("b").path,
                "--max-false-deny", "steady=0,*=1",
            ])
        #expect(loose == 0, "\(looseErr)")
        #expect(looseOut.contains("Recommended for the cluster: interval 5m, stabilization 10m"), "\(looseOut)")
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

        let dir = try HarnessTestSupport.temporaryDirectory("sweep-rejected")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, out, err) = try HarnessTestSupport.runRecsim(
            [
                "sweep", HarnessTestSupport.scenario("rare-traffic"), "--interval", "10m", "--stabilization", "1m,2h",
                "--seeds", "1",
                "--days", "1", "--max-false-deny", "*=1", "--db", "s.sqlite", "--report", "r",
            ], in: dir)
        #expect(status == 0, "\(err)")
        #expect(
            err.contains("warning: grid point 10m/1m left out: stabilization 1m is shorter than the interval 10m"),
            "\(err)")
        #expect(!out.contains("10m/1m") && out.contains("10m/2h"), "\(out)")
    }
}

import Foundation
import TestSupport
import Testing

/// `recsim sweep` as a command: flags checked before any work, the decision's exit status, rejected grid points.
@Suite struct SweepCommandTests {
    @Test(arguments: [
        (["--interval", "10s", "--stabilization", "1h"], "minimum interval"),
        (["--interval", "5m", "--stabilization", "1h", "--seeds", "3..1"], "--seeds"),
        (["--interval", "5m", "--stabilization", "soon"], "--stabilization"),
        (["--interval", "5m", "--stabilization", "1h", "--shard", "3/3"], "--shard"),
        (["--interval", "5m", "--stabilization", "1h", "--jobs", "0"], "--jobs"),
        (["--interval", "5m", "--stabilization", "1h", "--max-false-deny", "weekly=2"], "--max-false-deny"),
        (["--interval", "10m", "--stabilization", "1m,5m"], "no grid point is one Calico's engine would honour"),
        (["--interval", "5m", "--stabilization", "1h", "--max-false-deny", "often=0.1"], "--max-false-deny"),
        (["--interval", "5m", "--stabilization", "1h", "--latency", "0s,later"], "--latency"),
        (["--interval", "5m", "--stabilization", "1h", "--latency", "1m,1m"], "--latency: duplicate values"),
        (
            ["--interval", "5m", "--stabilization", "1h", "--latency", "0s,1m", "--ingestion-latency", "1m"],
            "either --latency",
        ),
        (["--interval", "5m", "--stabilization", "1h", "--flush-interval", "0s"], "--flush-interval"),
        (["--interval", "5m", "--stabilization", "1h", "--flush-phase", "sideways"], "--flush-phase"),
        (["--interval", "5m", "--stabilization", "1h", "--retention", "forever"], "--retention"),
    ])
    func badFlagsFailBeforeAnyWork(arguments: [String], expected: String) throws {
        let dir = try TemporaryFolder.make("sweep-flags")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("x.sqlite").path
        let (status, _, err) = try ProcessRunner.recsim(
            ["sweep", PackagePaths.scenario("rare-traffic"), "--db", db] + arguments)
        #expect(status != 0)
        #expect(err.contains(expected), "\(err)")
        #expect(!FileManager.default.fileExists(atPath: db), "a database was created before the flags were checked")
    }

    /// The decision is a CI gate: exit 1 with a clear message when no setting meets the per-rarity bounds, 0 when one does.
    @Test func sweepExitsOneWhenNoSettingMeetsTheBounds() throws {
        let dir = try TemporaryFolder.make("sweep-decision")
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = [
            "sweep", PackagePaths.scenario("rare-traffic"), "--interval", "5m", "--stabilization", "10m",
            "--seeds", "1", "--days", "1", "--engine-start", "0s",  // cold start: false denies within a day
        ]
        let (strict, strictOut, strictErr) = try ProcessRunner.recsim(
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
        let (loose, looseOut, looseErr) = try ProcessRunner.recsim(
            common + [
                "--db", dir.appendingPathComponent("b.sqlite").path, "--report", dir.appendingPathComponent("b").path,
                "--max-false-deny", "steady=0,*=1",
            ])
        #expect(loose == 0, "\(looseErr)")
        #expect(looseOut.contains("Recommended for the cluster: interval 5m, stabilization 10m"), "\(looseOut)")
    }

    /// Grid points the engine would ignore are left out with a warning (see `SweepTests`).
    @Test func gridPointsTheEngineWouldIgnoreAreLeftOutWithAWarning() throws {
        let dir = try TemporaryFolder.make("sweep-rejected")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, out, err) = try ProcessRunner.recsim(
            [
                "sweep", PackagePaths.scenario("rare-traffic"), "--interval", "10m", "--stabilization", "1m,2h",
                "--seeds", "1",
                "--days", "1", "--engine-start", "0s", "--max-false-deny", "*=1", "--db", "s.sqlite", "--report", "r",
            ], in: dir)
        #expect(status == 0, "\(err)")
        #expect(
            err.contains("warning: grid point 10m/1m left out: stabilization 1m is shorter than the interval 10m"),
            "\(err)")
        #expect(!out.contains("10m/1m") && out.contains("10m/2h"), "\(out)")
    }
}

import Foundation
import ResultStore
import TestSupport
import Testing

@testable import Harness

/// `recsim capacity` end to end on small sizes: numbers, exit codes, `--jobs` independence, shards.
@Suite(.serialized) struct CapacityCommandTests {
    static let large = PackagePaths.scenario("large")

    /// Runs the command in a fresh folder; returns (status, stdout, stderr, folder).
    static func capacity(_ args: [String], label: String) throws -> (Int32, String, String, URL) {
        let dir = try TemporaryFolder.make("capacity-\(label)")
        let (status, out, err) = try ProcessRunner.recsim(["capacity"] + args, in: dir)
        return (status, out, err, dir)
    }

    static func csv(_ dir: URL, studyID: String, scenario: String = "large") throws -> [[String: String]] {
        let text = try String(
            contentsOf: dir.appendingPathComponent("reports/\(scenario)/\(studyID)/capacity.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines[0]
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func studyID(_ stdout: String) throws -> String {
        let line = try #require(stdout.split(separator: "\n").first { $0.hasPrefix("study: ") })
        return String(line.dropFirst(7).prefix { $0 != " " })
    }

    /// Deterministic metrics and fingerprints of a study's runs, keyed by point index.
    static func counts(_ db: URL, studyID: String) throws -> [Int: [String]] {
        let store = try ResultStore(path: db.path, mode: .readOnly)
        var out: [Int: [String]] = [:]
        var order: [String] = []
        for entry in try store.metrics(sweepID: studyID) {
            let index = Int(entry.metrics.first { $0.name == "capacity.pointIndex" }!.value)
            order.append(String(index))
            out[index] =
                [entry.run.fingerprint ?? ""]
                + entry.metrics
                .filter { !$0.name.hasPrefix("capacity.tickSeconds") && $0.name != "capacity.peakMemoryBytes" }
                .map { "\($0.name)=\($0.value)" }
        }
        out[-1] = order  // runs are stored in point order whatever the scheduling
        return out
    }

    @Test func measuresGrowthStoresRunsAndWritesTheReport() throws {
        let (status, out, err, dir) = try Self.capacity(
            [Self.large, "--namespaces", "2,6", "--days", "0.1", "--jobs", "2"], label: "grow")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(status == 0, "\(err)")
        let id = try Self.studyID(out)
        let rows = try Self.csv(dir, studyID: id)
        #expect(rows.map { $0["namespaces"] } == ["2", "6"])
        #expect(rows.map { $0["workloads"] } == ["20", "60"])
        let records = rows.map { Double($0["records_per_interval"]!)! }
        #expect(records[0] > 0 && records[1] > 2 * records[0])
        let windows = rows.map { Double($0["records_per_query_window"]!)! }
        #expect(zip(windows, records).allSatisfy { abs($0 - 2 * $1) < 1e-6 })  // 2 × interval, interval = 2 flushes
        for r in rows {
            #expect(Double(r["rules_per_policy_max"]!)! >= 1)
            #expect(Double(r["staged_yaml_bytes_max"]!)! > 0)
            #expect(Double(r["database_bytes_per_day"]!)! > 0)
            #expect(Double(r["tick_seconds_max"]!)! > 0)
            #expect(Double(r["peak_memory_bytes"]!)! > 1_000_000)
            #expect(r["tick_over_interval"] == "0" && r["rules_over_max"] == "0")
        }
        #expect(out.contains("namespaces  workloads"))
        #expect(out.contains("stored 2 runs in recsim.sqlite"))
        let html = try String(
            contentsOf: dir.appendingPathComponent("reports/large/\(id)/index.html"), encoding: .utf8)
        #expect(html.contains("<svg") && !html.contains("linear in namespaces"))
        // no "R² 1" from two points
        #expect(html.contains("Only 2 sizes were measured (namespaces): a growth fit needs at least 3"))

        // The report can be rebuilt from the database alone.
        let (rs, rout, rerr) = try ProcessRunner.recsim(
            ["report", "--capacity", id, "--out", "again"], in: dir)
        #expect(rs == 0, "\(rerr)")
        #expect(rout.contains("2 points"))
        let rebuilt = try String(contentsOf: dir.appendingPathComponent("again/capacity.csv"), encoding: .utf8)
        let original = try String(
            contentsOf: dir.appendingPathComponent("reports/large/\(id)/capacity.csv"), encoding: .utf8)
        #expect(rebuilt == original)
    }

    @Test func jobsDoNotChangeTheCounts() throws {
        let args = [Self.large, "--namespaces", "3,1,5", "--days", "0.05", "--seeds", "3,4"]
        let (s1, o1, e1, d1) = try Self.capacity(args + ["--jobs", "1"], label: "jobs1")
        let (s2, o2, e2, d2) = try Self.capacity(args + ["--jobs", "3"], label: "jobs3")
        defer { try? FileManager.default.removeItem(at: d1); try? FileManager.default.removeItem(at: d2) }
        #expect(s1 == 0, "\(e1)"); #expect(s2 == 0, "\(e2)")
        let id = try Self.studyID(o1)
        #expect(try Self.studyID(o2) == id)
        let c1 = try Self.counts(d1.appendingPathComponent("recsim.sqlite"), studyID: id)
        let c2 = try Self.counts(d2.appendingPathComponent("recsim.sqlite"), studyID: id)
        #expect(c1.count == 7)
        #expect(c1[-1] == ["0", "1", "2", "3", "4", "5"])
        #expect(c1 == c2)
    }

    @Test func rulesOverMaxRulesAreFlagged() throws {
        let dir = try TemporaryFolder.make("capacity-maxrules")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scope = dir.appendingPathComponent("scope.yaml")
        try """
        apiVersion: projectcalico.org/v3
        kind: PolicyRecommendationScope
        metadata: {name: default}
        spec:
          interval: 10m
          maxRules: 2
          namespaceSpec: {recStatus: Enabled, selector: "all()"}
        """.write(to: scope, atomically: true, encoding: .utf8)
        let (status, out, err) = try ProcessRunner.recsim(
            ["capacity", Self.large, "--namespaces", "1,4", "--days", "0.1", "--scope", scope.path], in: dir)
        #expect(status == 0, "\(err)")
        let rows = try Self.csv(dir, studyID: try Self.studyID(out))
        let last = try #require(rows.last)
        #expect(Double(last["rules_per_policy_max"]!)! > 2)
        #expect(last["rules_over_max"] == "1")
        let summary = try String(
            contentsOf: dir.appendingPathComponent("reports/large/\(try Self.studyID(out))/summary.md"),
            encoding: .utf8)
        #expect(summary.contains("maxRules = 2") && summary.contains("rules > maxRules"))
    }

    @Test func shardsMergedMakeTheFullStudy() throws {
        let dir = try TemporaryFolder.make("capacity-shards")
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["capacity", Self.large, "--namespaces", "1,2,3", "--days", "0.05"]
        let (s0, o0, e0) = try ProcessRunner.recsim(
            args + ["--shard", "0/2", "--db", "shard-0.sqlite"], in: dir)
        let (s1, o1, e1) = try ProcessRunner.recsim(
            args + ["--shard", "1/2", "--db", "shard-1.sqlite"], in: dir)
        #expect(s0 == 0, "\(e0)"); #expect(s1 == 0, "\(e1)")
        #expect(o0.contains("shard 0/2: 2") && o1.contains("shard 1/2: 1"))
        #expect(o0.contains("recsim report --capacity"))
        let id = try Self.studyID(o0)
        #expect(try Self.studyID(o1) == id)
        let (ms, mout, merr) = try ProcessRunner.recsim(
            ["merge", "merged.sqlite", "shard-0.sqlite", "shard-1.sqlite"], in: dir)
        #expect(ms == 0, "\(merr)")
        #expect(mout.contains("3 runs added"))
        let (rs, _, rerr) = try ProcessRunner.recsim(
            ["report", "--db", "merged.sqlite", "--capacity", id], in: dir)
        #expect(rs == 0, "\(rerr)")
        #expect(try Self.csv(dir, studyID: id).map { $0["namespaces"] } == ["1", "2", "3"])
        // The merged study has the same deterministic figures as the unsharded one.
        let (ws, _, werr) = try ProcessRunner.recsim(args + ["--db", "whole.sqlite"], in: dir)
        #expect(ws == 0, "\(werr)")
        #expect(
            try Self.counts(dir.appendingPathComponent("merged.sqlite"), studyID: id)
                == (try Self.counts(dir.appendingPathComponent("whole.sqlite"), studyID: id)))
    }

    @Test(arguments: [
        (["--namespaces", "10,abc"], "--namespaces: expected"),
        (["--namespaces", "0"], "--namespaces: expected"),
        (["--namespaces", "5,5"], "lists a value twice"),
        (["--namespaces", "5", "--jobs", "0"], "--jobs must be at least 1"),
        (["--namespaces", "5", "--flows-per-second", "2,0"], "--flows-per-second: expected"),
        (["--namespaces", "5", "--days", "0"], "--days: expected a positive number of days"),
        (["--namespaces", "5", "--shard", "2/2"], "shard index"),
        (["--namespaces", "5", "--seed", "1", "--seeds", "2"], "not both"),
    ])
    func badFlagsFailBeforeAnyWork(args: [String], message: String) throws {
        let (status, out, err, dir) = try Self.capacity([Self.large] + args, label: "badflag")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(status == 2)
        #expect(err.contains(message), "\(err)")
        #expect(!out.contains("study:"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("recsim.sqlite").path))
    }

    @Test func badScenarioInputFailsBeforeAnyWork() throws {
        let (s1, _, e1, d1) = try Self.capacity(["/nonexistent/x.yaml", "--namespaces", "5"], label: "noscenario")
        defer { try? FileManager.default.removeItem(at: d1) }
        #expect(s1 == 2)
        #expect(e1.contains("/nonexistent/x.yaml: cannot read: No such file or directory"), "\(e1)")
        // A rate below the scenario's periodic traffic at some size is caught while scaling, before running.
        let (s2, o2, e2, d2) = try Self.capacity(
            [Self.large, "--namespaces", "2,50", "--flows-per-second", "0.01"], label: "lowrate")
        defer { try? FileManager.default.removeItem(at: d2) }
        #expect(s2 == 2)
        #expect(e2.contains("flows per second is below"), "\(e2)")
        #expect(!o2.contains("study:"))
        let bad = d2.appendingPathComponent("bad.yaml")
        try "name: bad\ncluster:\n  nodes: 0\n".write(to: bad, atomically: true, encoding: .utf8)
        let (s3, _, e3) = try ProcessRunner.recsim(["capacity", bad.path, "--namespaces", "2"], in: d2)
        #expect(s3 == 2)
        #expect(e3.contains("bad.yaml"), "\(e3)")
    }
}

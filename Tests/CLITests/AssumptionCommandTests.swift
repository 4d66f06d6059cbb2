import Foundation
import TestSupport
import Testing

/// `recsim assumptions`, `--assume` and `recsim sensitivity` from the command line.
@Suite struct AssumptionCommandTests {
    @Test func assumptionsAreListedAsATableAndAsJSON() throws {
        let (status, table, _) = try ProcessRunner.recsim(["assumptions"])
        #expect(status == 0)
        #expect(table.hasPrefix("ID "))
        #expect(table.contains("query-fallback") && table.contains("§2.4") && table.contains("when-pending-empty"))
        let (jsonStatus, json, _) = try ProcessRunner.recsim(["assumptions", "--json"])
        #expect(jsonStatus == 0)
        let entries = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(entries.count >= 10)
        for e in entries {
            #expect((e["spec"] as? String)?.contains("§") == true, "\(e)")
            #expect(((e["values"] as? [[String: Any]])?.count ?? 0) >= 2)
        }
    }

    @Test func badAssumptionsAreUsageErrorsNamingTheValue() throws {
        let (status, _, err) = try ProcessRunner.recsim([
            "run", PackagePaths.scenario("rare-traffic"), "--assume", "query-fallback=sometimes",
        ])
        #expect(status == 2)
        #expect(err.contains("assumption query-fallback has no value \"sometimes\""), "\(err)")
        let (unknown, _, unknownErr) = try ProcessRunner.recsim([
            "sweep", PackagePaths.scenario("rare-traffic"), "--interval", "5m", "--stabilization", "1h", "--assume",
            "nope=1",
        ])
        #expect(unknown == 2 && unknownErr.contains("unknown assumption \"nope\""), "\(unknownErr)")
    }

    @Test func sensitivityPrintsWhatChangesAndWritesItsReport() throws {
        let dir = try TemporaryFolder.make("sensitivity-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, out, err) = try ProcessRunner.recsim(
            [
                "sensitivity", PackagePaths.scenario("online-boutique"), "--days", "0.25", "--engine-start", "0s",
                "--only", "query-fallback,domain-terms", "--db", "s.sqlite", "--report", "r",
            ], in: dir)
        #expect(status == 0, "\(err)")
        #expect(out.contains("seeds: 1"))
        #expect(out.contains("variants: 2 (query-fallback=all-unprotected, domain-terms=unlimited)"))
        #expect(out.contains("query-fallback=all-unprotected: checkout"), "\(out)")
        for f in ["index.html", "summary.md", "sensitivity.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r/\(f)").path))
        }
        let (again, againOut, _) = try ProcessRunner.recsim(
            [
                "sensitivity", PackagePaths.scenario("online-boutique"), "--days", "0.25", "--engine-start", "0s",
                "--only", "query-fallback,domain-terms", "--db", "s.sqlite", "--report", "r",
            ], in: dir)
        #expect(again == 0 && againOut.contains("all 3 runs were already in s.sqlite"))
    }
}

import Foundation
import TestSupport
import Testing

/// `--json` on run, sweep, regress and capacity: one parseable document on stdout, the seed on stderr, the same
/// exit status as without it.
@Suite struct JSONOutputTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    @Test func runPrintsTheVerdictAsJSON() throws {
        let dir = try TemporaryFolder.make("json-run")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, out, err) = try ProcessRunner.recsim(
            ["run", PackagePaths.scenario("rare-traffic"), "--days", "2", "--json"], in: dir)
        #expect(status == 0, "\(err)")
        #expect(err.contains("seed: 7"), "\(err)")
        let doc = try Self.object(out)
        #expect(doc["schema"] as? String == "recsim.run/1")
        let settings = try #require(doc["settings"] as? [String: Any])
        #expect(settings["interval"] as? String == "2m30s" && settings["recStatus"] as? String == "Enabled")
        #expect(settings["duration"] as? String == "2d")
        #expect(doc["seed"] as? Int == 7)
        #expect((doc["headline"] as? String)?.hasPrefix("Enforcing") == true)
        let namespaces = try #require(doc["namespaces"] as? [[String: Any]])
        #expect(namespaces.map { $0["namespace"] as? String } == ["billing", "ops", "reporting", "shop"])
        #expect(namespaces.allSatisfy { ["SAFE", "CHECK", "UNSAFE"].contains($0["verdict"] as? String ?? "") })
        let metrics = try #require(doc["metrics"] as? [String: Double])
        #expect(metrics["namespaces"] == 4)
        // Sorted keys: the document's top-level keys appear in order.
        let keys = out.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
            $0.dropFirst(3).prefix { $0 != "\"" }
        }
        #expect(keys == keys.sorted())
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("recsim.sqlite").path))
    }

    @Test func sweepPrintsTheDecisionAndKeepsTheExitStatus() throws {
        let dir = try TemporaryFolder.make("json-sweep")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, out, err) = try ProcessRunner.recsim(
            [
                "sweep", PackagePaths.scenario("rare-traffic"), "--interval", "5m", "--stabilization", "10m",
                "--seeds", "1",
                "--days", "1", "--engine-start", "0s", "--max-false-deny", "0", "--json",
            ], in: dir)
        #expect(status == 1, "\(err)")
        #expect(err.contains("seeds: 1") && err.contains("no setting meets the false-deny bounds"))
        let doc = try Self.object(out)
        #expect(doc["schema"] as? String == "recsim.sweep/1")
        #expect(doc["recommended"] == nil)  // left out: no setting meets the bounds
        #expect((doc["decision"] as? String)?.hasPrefix("No setting meets the bounds") == true)
        let points = try #require(doc["points"] as? [[String: Any]])
        #expect(points.count == 1 && points[0]["meetsBounds"] as? Bool == false)
        #expect((doc["bounds"] as? [String: Double])?["*"] == 0)
    }

    @Test func regressPrintsEveryCase() throws {
        let dir = try RegressFixture.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let (status, out, err) = try ProcessRunner.recsim(["regress", ".", "--json"], in: dir)
        #expect(status == 0, "\(err)")
        #expect(err.contains("seed: 5  small"))
        let doc = try Self.object(out)
        #expect(doc["passed"] as? Bool == true)
        #expect(doc["skippedWithoutExpect"] as? [String] == ["./no-expect.yaml"])
        let scenarios = try #require(doc["scenarios"] as? [[String: Any]])
        let cases = try #require(scenarios.first?["cases"] as? [[String: Any]])
        #expect(cases.count == 10 && cases.allSatisfy { $0["outcome"] as? String == "pass" })
    }

    @Test func capacityTakesTheScopeFlagsAndProjects() throws {
        let dir = try TemporaryFolder.make("json-capacity")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, out, err) = try ProcessRunner.recsim(
            [
                "capacity", PackagePaths.scenario("large"), "--namespaces", "2,4,6", "--days", "0.1",
                "--interval", "10m",
                "--stabilization", "2h", "--project", "100", "--json",
            ], in: dir)
        #expect(status == 0, "\(err)")
        let doc = try Self.object(out)
        let points = try #require(doc["points"] as? [[String: Any]])
        #expect(points.count == 3)
        #expect(points.allSatisfy { $0["intervalSeconds"] as? Double == 600 })
        let report = try #require(doc["report"] as? String)
        let md = try String(
            contentsOf: dir.appendingPathComponent(report.replacingOccurrences(of: "index.html", with: "summary.md")),
            encoding: .utf8)
        #expect(md.contains("## Projection") && md.contains("at 100 namespaces"))
        #expect(!md.contains("Only 3 sizes"))
    }
}

import Foundation
import TestSupport
import Testing

/// `recsim infer` and `recsim advise` as commands (issue 16): from an export to a scope to apply.
@Suite struct InferAdviseCommandTests {
    @Test func fromFlowLogsToAScopeToApply() throws {
        let dir = try TemporaryFolder.make("infer-advise")
        defer { try? FileManager.default.removeItem(at: dir) }
        let flows = dir.appendingPathComponent("flows.jsonl").path
        let (g, _, gErr) = try ProcessRunner.recsim([
            "generate", PackagePaths.scenario("rare-traffic"), "--days", "3", "--out", flows,
        ])
        #expect(g == 0, "\(gErr)")
        let scenario = dir.appendingPathComponent("inferred.yaml").path
        let (i, out, err) = try ProcessRunner.recsim(["infer", flows, "--out", scenario, "--name", "shop"])
        #expect(i == 0, "\(err)")
        #expect(out.contains("classes: ") && out.contains("wrote \(scenario)"))
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        #expect(
            text.contains("name: \"shop\"")
                && text.contains("# reporting/report-builder → svc:shop/api:http/tcp: periodic every 1h"))
        // The inferred scenario runs like any other.
        let (r, runOut, runErr) = try ProcessRunner.recsim([
            "run", scenario, "--days", "2", "--db", dir.appendingPathComponent("r.sqlite").path,
            "--report", dir.appendingPathComponent("run").path,
        ])
        #expect(r == 0, "\(runErr)")
        #expect(runOut.contains("seed: 1"))
        // Advice on the flow logs themselves, closed forms only; the scope it writes is valid for Calico.
        let report = dir.appendingPathComponent("advice").path
        let (a, adviceOut, adviceErr) = try ProcessRunner.recsim([
            "advise", flows, "--no-confirm", "--interval", "150s", "--report", report,
        ])
        #expect(a == 0, "\(adviceErr)")
        #expect(adviceOut.contains("advice: Cluster-wide: interval 150s, stabilizationPeriod"))
        #expect(adviceOut.contains("driven by reporting/report-builder"))
        let scope = report + "/scope.yaml"
        let yaml = try String(contentsOfFile: scope, encoding: .utf8)
        #expect(yaml.contains("kind: PolicyRecommendationScope") && yaml.contains("interval: 2m30s"))
        let (v, output) = try CRDValidator.validate(kind: "PolicyRecommendationScope", file: scope)
        #expect(v == 0, "\(output)")
        for file in ["index.html", "summary.md"] {
            #expect(FileManager.default.fileExists(atPath: report + "/" + file))
        }
        // JSON.
        let (j, json, _) = try ProcessRunner.recsim([
            "advise", scenario, "--no-confirm", "--interval", "150s", "--json", "--report", report,
        ])
        #expect(j == 0)
        #expect(json.contains(#""schema" : "recsim.advice/1""#) && json.contains(#""stabilizationSeconds""#))
    }

    @Test(arguments: [
        (["infer", "/nonexistent/f.jsonl", "--out", "/tmp/never.yaml"], "/nonexistent/f.jsonl"),
        (["infer", "/nonexistent/s.yaml", "--out", "/tmp/never.yaml"], "/nonexistent/s.yaml"),
        (["advise", "/nonexistent/s.yaml"], "/nonexistent/s.yaml"),
        (["advise", "/nonexistent/s.yaml", "--target-miss", "1"], "--target-miss"),
        (["advise", "/nonexistent/s.yaml", "--interval", "10s"], "minimum interval"),
        (
            ["infer", "/nonexistent/f.jsonl", "--out", "/tmp/never.yaml", "--l3flow-window", "yesterday"],
            "--l3flow-window"
        ),
    ])
    func badInputIsAnErrorNamingIt(args: [String], names: String) throws {
        let (status, _, stderr) = try ProcessRunner.recsim(args)
        #expect(status != 0, "\(args)")
        #expect(stderr.contains(names), "\(args): \(stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.yaml"))
    }
}

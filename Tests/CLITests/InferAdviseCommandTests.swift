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

    /// Linseed L3Flows through the command line: without a window the line is an error saying why; with one they
    /// become flat records.
    @Test func l3FlowExportsNeedTheirWindow() throws {
        let dir = try TemporaryFolder.make("l3flow")
        defer { try? FileManager.default.removeItem(at: dir) }
        let l3 = dir.appendingPathComponent("l3.jsonl").path
        let flow =
            #"{"key":{"action":"allow","reporter":"src","protocol":"tcp","cluster":"c","source":{"type":"wep","name":"","aggregated_name":"web-*","namespace":"shop","port":0},"destination":{"type":"wep","name":"","aggregated_name":"db-*","namespace":"shop","port":5432}},"pending_policies":[{"tier":"__PROFILE__","namespace":"","name":"kns.shop","action":"allow","is_staged":false,"is_kubernetes":false,"is_profile":true,"count":1,"rule_id":0}],"log_stats":{"count":2,"flowLogCount":1,"completed":2,"started":2}}"#
        try (flow + "\n" + flow + "\n").write(toFile: l3, atomically: true, encoding: .utf8)
        let (bad, _, badErr) = try ProcessRunner.recsim(["flows", "import", l3])
        #expect(bad != 0 && badErr.contains("l3.jsonl:1") && badErr.contains("--l3flow-window"), "\(badErr)")
        let flat = dir.appendingPathComponent("flat.jsonl").path
        let (ok, out, err) = try ProcessRunner.recsim([
            "flows", "import", l3, "--l3flow-window", "2026-01-05T00:00:00Z/2026-01-05T00:10:00Z", "--out", flat,
        ])
        #expect(ok == 0, "\(err)")
        #expect(out.contains("format: l3flow") && out.contains("records: 2"))
        let lines = try String(contentsOfFile: flat, encoding: .utf8).split(separator: "\n")
        #expect(
            lines.count == 2 && lines[0].contains(#""start_time":1767571200"#)
                && lines[0].contains(#""end_time":1767571800"#))
    }
}

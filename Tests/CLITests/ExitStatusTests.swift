import Foundation
import TestSupport
import Testing

/// One convention for exit statuses across commands (README, "Exit statuses"): 2 for what the user gave, 3 for
/// what the machine could not do, 1 only for a negative answer.
@Suite struct ExitStatusTests {
    static let scenario = PackagePaths.scenario("rare-traffic")

    @Test(arguments: [
        (["run", "/nonexistent/s.yaml"], "/nonexistent/s.yaml"),
        (["run", scenario, "--days", "-1"], "--days"),
        (["run", scenario, "--no-such-flag"], "--no-such-flag"),
        (["run", scenario, "--flush-interval", "1m,5m"], "a list is swept only by `recsim sweep`"),
        (["run", scenario, "--flush-phase", "late"], "--flush-phase"),
        (["sweep", scenario, "--interval", "5q", "--stabilization", "1h"], "--interval"),
        (["selector", "a =="], "position"),
        (["regress", "/nonexistent/dir/"], "/nonexistent/dir/"),
        (["capacity", "/nonexistent/x.yaml", "--namespaces", "5"], "/nonexistent/x.yaml"),
        (["generate", "/nonexistent/s.yaml", "--out", "/tmp/never.jsonl"], "/nonexistent/s.yaml"),
        (["flows", "import", "/nonexistent/f.jsonl"], "/nonexistent/f.jsonl"),
        (
            [
                "recommend", "--flows", "/nonexistent/f.jsonl", "--cluster", "/nonexistent/c.yaml", "--out",
                "/tmp/never",
            ], "/nonexistent/c.yaml"
        ),
        (["report", "--db", "/nonexistent/r.sqlite"], "/nonexistent/r.sqlite"),
        (["cluster", "export", "/nonexistent/s.yaml"], "/nonexistent/s.yaml"),
    ])
    func badInputExitsTwoNamingTheInput(args: [String], names: String) throws {
        let (status, stdout, stderr) = try ProcessRunner.recsim(args)
        #expect(status == 2, "\(args): \(stderr)")
        #expect(stderr.contains(names), "\(args): \(stderr)")
        #expect(!stdout.contains("wrote"), "\(args)")
    }

    @Test func unwritableOutputExitsThree() throws {
        let (status, _, stderr) = try ProcessRunner.recsim([
            "cluster", "export", Self.scenario, "--out", "/nonexistent/dir/c.yaml",
        ])
        #expect(status == 3, "\(stderr)")
        #expect(stderr.hasPrefix("error: "), "\(stderr)")
        #expect(stderr.contains("No such file or directory"), "\(stderr)")
    }

    @Test func helpAndVersionExitZero() throws {
        for args in [["--help"], ["help", "run"], ["run", "--help"], ["--version"]] {
            let (status, stdout, _) = try ProcessRunner.recsim(args)
            #expect(status == 0 && !stdout.isEmpty, "\(args)")
        }
    }
}

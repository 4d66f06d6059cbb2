import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `recsim regress` end to end on the small fixture suite: exit codes, table, JUnit XML, --update, --jobs.
@Suite struct CommandRegressTests {
    static func regress(_ arguments: [String], in dir: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let r = try ProcessRunner.recsim(["regress"] + arguments, in: dir)
        return (r.0, r.1, r.2)
    }

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// Counts `<tag` elements and checks the document is well-formed.
    static func junitShape(_ xml: String) -> (wellFormed: Bool, cases: Int, failures: Int) {
        (
            XMLParser(data: Data(xml.utf8)).parse(), xml.components(separatedBy: "<testcase ").count - 1,
            xml.components(separatedBy: "<failure ").count - 1
        )
    }

    @Test func passingSuiteExitsZeroAndWritesJUnit() throws {
        let dir = try RegressFixture.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        // `out/` does not exist yet: refused before anything runs.
        let r = try Self.regress([".", "--junit", "out/junit.xml"], in: dir)
        #expect(r.status == 2 && !r.stdout.contains("seed:") && r.stderr.contains("--junit"), "\(r.stderr)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        let ok = try Self.regress([".", "--junit", "out/junit.xml"], in: dir)
        #expect(ok.status == 0, "\(ok.stdout)\n\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("seed: 5  small (./small.yaml, 6h)\n"), "\(ok.stdout)")
        #expect(ok.stdout.contains("skipped 1 without expect: ./no-expect.yaml"))
        #expect(ok.stdout.contains("scenario  expectation"))
        #expect(ok.stdout.contains("small     status db at 3h: enforced"))
        #expect(ok.stdout.hasSuffix("10 passed, 0 failed (1 scenario, 1 skipped without expect:)\n"), "\(ok.stdout)")
        let xml = try Self.read(dir.appendingPathComponent("out/junit.xml"))
        let shape = Self.junitShape(xml)
        #expect(shape.wellFormed && shape.cases == 10 && shape.failures == 0)
        #expect(
            xml.contains("<testsuite name=\"small\" tests=\"10\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">")
        )
        #expect(
            xml.contains("<testcase classname=\"recsim.regress.small\" name=\"falseDeny.steady == 0\" time=\"0\"/>"))
    }

    @Test func failuresExitOneWithTheFirstDifference() throws {
        let dir = try RegressFixture.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        // A bound that cannot hold, a wrong status, and a golden policy with one changed port.
        var scenario = try Self.read(dir.appendingPathComponent("small.yaml"))
        scenario = scenario.replacingOccurrences(of: "\"namespaces == 2\"", with: "\"namespaces < 2\"")
        scenario = scenario.replacingOccurrences(
            of: "{at: 0s, namespace: app, status: none}", with: "{at: 0s, namespace: app, status: Stable}")
        try scenario.write(to: dir.appendingPathComponent("small.yaml"), atomically: true, encoding: .utf8)
        let golden = dir.appendingPathComponent("golden/small/db.yaml")
        let lines = try Self.read(golden).components(separatedBy: "\n")
        let portLine = try #require(lines.firstIndex { $0.hasSuffix("- 5432") })
        var changed = lines
        changed[portLine] = changed[portLine].replacingOccurrences(of: "5432", with: "5433")
        try changed.joined(separator: "\n").write(to: golden, atomically: true, encoding: .utf8)

        let r = try Self.regress(["small.yaml", "--junit", "junit.xml"], in: dir)
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("namespaces < 2") && r.stdout.contains("got 2, expected < 2"))
        #expect(r.stdout.contains("status: expected Stable got none"))
        #expect(
            r.stdout.contains(
                "golden/small/db.yaml:\(portLine + 1): expected \"\(changed[portLine])\" got \"\(lines[portLine])\""),
            "\(r.stdout)")
        #expect(r.stdout.contains("FAIL"))
        #expect(r.stdout.hasSuffix("7 passed, 3 failed (1 scenario, 1 failing)\n"), "\(r.stdout)")
        let xml = try Self.read(dir.appendingPathComponent("junit.xml"))
        let shape = Self.junitShape(xml)
        #expect(shape.wellFormed && shape.cases == 10 && shape.failures == 3)
        #expect(xml.contains("type=\"metric\"") && xml.contains("type=\"status\"") && xml.contains("type=\"policy\""))
        #expect(xml.contains("seed 5, 6h, fingerprint "))
    }

    @Test func badInputExitsTwoBeforeAnyRun() throws {
        let dir = try RegressFixture.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        var scenario = try Self.read(dir.appendingPathComponent("small.yaml"))
        scenario = scenario.replacingOccurrences(of: "\"missedAttacks == 0\"", with: "\"missedAttack == 0\"")
        try scenario.write(to: dir.appendingPathComponent("small.yaml"), atomically: true, encoding: .utf8)
        let line =
            try #require(scenario.components(separatedBy: "\n").firstIndex { $0.contains("missedAttack ==") }) + 1
        let r = try Self.regress([".", "--junit", "junit.xml"], in: dir)
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "error: ./small.yaml:\(line): key `expect.metrics[1]`: unknown metric \"missedAttack\" (did you mean missedAttacks?)"
            ),
            "\(r.stderr)")
        #expect(!r.stdout.contains("seed:"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("junit.xml").path))

        let missing = try Self.regress(["nowhere/"], in: dir)
        #expect(missing.status == 2 && missing.stderr.contains("nowhere/: no such file or folder"))
    }

    @Test(arguments: [["--jobs", "0"], ["--jobs", "two"], ["--filter", ""], []])
    func badFlagsAreRejectedBeforeAnyRun(flags: [String]) throws {
        let dir = try RegressFixture.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = try Self.regress((flags.isEmpty ? [] : ["."]) + flags, in: dir)
        #expect(r.status != 0 && r.status != 1, "\(r.status)")
        #expect(!r.stdout.contains("seed:"))
        #expect(r.stderr.contains("Error:"), "\(r.stderr)")
    }

    @Test func updateRewritesGoldenPoliciesThenTheyPass() throws {
        let dir = try RegressFixture.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let golden = dir.appendingPathComponent("golden/small")
        let original = try Self.read(golden.appendingPathComponent("app.yaml"))
        try FileManager.default.removeItem(at: golden.appendingPathComponent("app.yaml"))
        try
            "apiVersion: projectcalico.org/v3\nkind: StagedNetworkPolicy\nmetadata: {name: x, namespace: gone}\nspec: {}\n"
            .write(to: golden.appendingPathComponent("gone.yaml"), atomically: true, encoding: .utf8)

        let before = try Self.regress(["small.yaml"], in: dir)
        #expect(before.status == 1)
        #expect(before.stdout.contains("no golden file for the policies of app (run with --update to create it)"))
        #expect(before.stdout.contains("expected policies of gone, got no policy at the end of the run"))

        let update = try Self.regress(["small.yaml", "--update"], in: dir)
        #expect(update.status == 0, "\(update.stdout)")
        #expect(
            update.stdout.contains("updated golden/small/app.yaml")
                && update.stdout.contains("updated golden/small/gone.yaml"))
        #expect(update.stdout.contains(", 2 updated"))
        #expect(try Self.read(golden.appendingPathComponent("app.yaml")) == original)
        #expect(!FileManager.default.fileExists(atPath: golden.appendingPathComponent("gone.yaml").path))

        let after = try Self.regress(["small.yaml"], in: dir)
        #expect(after.status == 0, "\(after.stdout)")

        // A missing golden folder is bad input, unless --update creates it.
        try FileManager.default.removeItem(at: golden)
        #expect(try Self.regress(["small.yaml"], in: dir).status == 2)
        #expect(try Self.regress(["small.yaml", "--update"], in: dir).status == 0)
        #expect(try Self.read(golden.appendingPathComponent("app.yaml")) == original)
    }

    @Test func resultsAndJUnitDoNotDependOnJobs() throws {
        let dir = try RegressFixture.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        // Three scenarios with different seeds and one failing bound, so the order and the failures both matter.
        let base = try Self.read(dir.appendingPathComponent("small.yaml"))
        for (name, seed) in [("second", 6), ("third", 7)] {
            let text = base.replacingOccurrences(of: "name: small\nseed: 5", with: "name: \(name)\nseed: \(seed)")
                .replacingOccurrences(of: "policies: golden/small", with: "")
                .replacingOccurrences(of: "\"namespaces == 2\"", with: "\"namespaces == \(seed - 4)\"")
            try text.write(to: dir.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        let one = try Self.regress([".", "--jobs", "1", "--junit", "one.xml"], in: dir)
        let two = try Self.regress([".", "--junit", "two.xml", "--jobs", "2"], in: dir)
        let four = try Self.regress([".", "--junit", "four.xml", "--jobs", "4"], in: dir)
        #expect(one.status == 1 && two.status == 1 && four.status == 1)
        func body(_ s: String) -> String {
            s.components(separatedBy: "\n").filter { !$0.hasPrefix("junit:") }.joined(separator: "\n")
        }
        #expect(body(one.stdout) == body(two.stdout))
        #expect(body(one.stdout) == body(four.stdout))
        let xml = try Self.read(dir.appendingPathComponent("one.xml"))
        #expect(xml == (try Self.read(dir.appendingPathComponent("two.xml"))))
        #expect(xml == (try Self.read(dir.appendingPathComponent("four.xml"))))
        #expect(Self.junitShape(xml).failures == 1)
        let suites = xml.components(separatedBy: "<testsuite name=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(suites == ["second", "small", "third"])

        let filtered = try Self.regress([".", "--filter", "thi"], in: dir)
        #expect(filtered.status == 1 && filtered.stdout.contains("third") && !filtered.stdout.contains("small "))
    }
}

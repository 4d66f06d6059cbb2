import Foundation
import TestSupport
import Testing

/// Flow-log files from elsewhere, through every command that reads them (`flows import`, `evaluate`,
/// `recommend --flows`): no trap, no hang, one `error:` line naming file, line and field, exit status 2.
@Suite struct HostileFlowLogTests {
    static let example = try! String(contentsOfFile: EvaluateCommandTests.docsExample, encoding: .utf8)
        .split(separator: "\n").first.map(String.init)!

    static func record(_ replacements: [(String, String)]) -> String {
        var line = example
        for (field, value) in replacements {
            let pattern = try! NSRegularExpression(pattern: "\"\(field)\":\\s*[0-9-]+")
            line = pattern.stringByReplacingMatches(
                in: line, range: NSRange(line.startIndex..., in: line), withTemplate: "\"\(field)\":\(value)")
        }
        return line
    }

    static func commands(_ flows: String) -> [[String]] {
        [
            ["flows", "import", flows],
            ["evaluate", "--cluster", "cluster.yaml", "--policies", "policies", "--flows", flows],
            ["recommend", "--flows", flows, "--cluster", "cluster.yaml", "--out", "out"],
        ]
    }

    static let cases: [(name: String, bytes: [UInt8], field: String, message: String)] = [
        (
            "start-overflow", Array(record([("start_time", "9223372036854775807")]).utf8), "start_time",
            "expected Unix seconds between 0"
        ),
        (
            "end-negative", Array(record([("end_time", "-9223372036854775808")]).utf8), "end_time",
            "expected Unix seconds between 0"
        ),
        (
            "end-before-start", Array(record([("start_time", "1597166083"), ("end_time", "1597165083")]).utf8),
            "end_time", "not before start_time"
        ),
        (
            "port", Array(record([("dest_port", "99999999999")]).utf8), "dest_port",
            "expected a port between 0 and 65535"
        ),
        ("utf8", Array(example.utf8.prefix(40)) + [0xFF, 0xFE] + Array(example.utf8.dropFirst(40)), "", "UTF-8"),
    ]

    @Test(arguments: 0..<5)
    func everyCommandRejectsTheLineWithItsNumber(_ index: Int) throws {
        let c = Self.cases[index]
        let dir = try EvaluateCommandTests.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = Array((Self.example + "\n").utf8) + c.bytes + [0x0A]
        FileManager.default.createFile(atPath: dir.appendingPathComponent("flows.jsonl").path, contents: Data(bytes))
        for args in Self.commands("flows.jsonl") {
            let (status, _, stderr) = try ProcessRunner.recsim(args, in: dir)
            #expect(status == 2, "\(c.name) \(args[0]): \(stderr)")
            let errors = stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
            #expect(errors.count == 1, "\(c.name) \(args[0]): \(stderr)")
            #expect(
                stderr.contains("flows.jsonl:2:" + (c.field.isEmpty ? "" : " field `\(c.field)`:")),
                "\(c.name) \(args[0]): \(stderr)")
            #expect(stderr.contains(c.message), "\(c.name) \(args[0]): \(stderr)")
        }
        // With --skip-invalid, import and replay skip and count the line instead (no trap either).
        for args in [
            ["flows", "import", "flows.jsonl", "--skip-invalid"],
            [
                "recommend", "--flows", "flows.jsonl", "--cluster", "cluster.yaml", "--out", "out-\(index)",
                "--skip-invalid",
            ],
        ] {
            let (status, _, stderr) = try ProcessRunner.recsim(args, in: dir)
            #expect(status == 0, "\(c.name) \(args[0]) --skip-invalid: \(stderr)")
        }
    }

    /// One record ten thousand years away must not make replay tick until then.
    @Test func aFarFutureRecordEndsReplayWithAnError() throws {
        let dir = try EvaluateCommandTests.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let far = Self.record([("start_time", "253402300000"), ("end_time", "253402300799")])
        try (Self.example + "\n" + far + "\n").write(
            to: dir.appendingPathComponent("flows.jsonl"), atomically: true, encoding: .utf8)
        let (status, _, stderr) = try ProcessRunner.recsim(
            ["recommend", "--flows", "flows.jsonl", "--cluster", "cluster.yaml", "--out", "out"], in: dir)
        #expect(status == 2, "\(stderr)")
        #expect(stderr.contains("flows.jsonl:2: field `end_time`: expected a record within 400 days"), "\(stderr)")
        let (skipStatus, stdout, skipErr) = try ProcessRunner.recsim(
            ["recommend", "--flows", "flows.jsonl", "--cluster", "cluster.yaml", "--out", "out", "--skip-invalid"],
            in: dir)
        #expect(skipStatus == 0, "\(skipErr)")
        #expect(stdout.contains("recommendations"), "\(stdout)")
    }
}

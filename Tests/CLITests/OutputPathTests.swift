import Foundation
import Harness
import Reporting
import TestSupport
import Testing

/// `--out` and report folders: only a new path or a regular file (folder) is written; nothing else is replaced.
@Suite struct OutputPathTests {
    @Test func outRefusesLinksFifosDevicesAndFolders() throws {
        let dir = try EvaluateCommandTests.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try (HostileFlowLogTests.example + "\n").write(
            to: dir.appendingPathComponent("flows.jsonl"), atomically: true, encoding: .utf8)
        let victim = dir.appendingPathComponent("victim.txt")
        try "keep me\n".write(to: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("link.jsonl").path, withDestinationPath: victim.path)
        #expect(mkfifo(dir.appendingPathComponent("fifo.jsonl").path, 0o600) == 0)
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("folder.jsonl"), withIntermediateDirectories: false)
        for (out, kind) in [
            ("link.jsonl", "a symbolic link"), ("fifo.jsonl", "a FIFO"), ("folder.jsonl", "a directory"),
            ("/dev/null", "a device"),
        ] {
            let (status, _, stderr) = try ProcessRunner.recsim(
                ["flows", "import", "flows.jsonl", "--out", out], in: dir)
            #expect(status != 0, "\(out)")
            #expect(stderr.contains("is \(kind); expected a regular file or a new path"), "\(out): \(stderr)")
        }
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me\n")
        var st = stat()
        #expect(lstat(dir.appendingPathComponent("link.jsonl").path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK)
        // No temporary files are left beside the outputs.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "\(left)")
        // A regular file and a new path are written.
        for out in ["victim.txt", "new.jsonl"] {
            let (status, _, stderr) = try ProcessRunner.recsim(
                ["flows", "import", "flows.jsonl", "--out", out], in: dir)
            #expect(status == 0, "\(out): \(stderr)")
        }
    }

    @Test func reportsAreReplacedWhole() throws {
        let dir = try TemporaryFolder.make("reportout")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("reports/s/run-1").path
        try ReportOutput.write([.init(name: "a.md", contents: "one"), .init(name: "b.csv", contents: "1")], to: target)
        try ReportOutput.write([.init(name: "a.md", contents: "two")], to: target)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["a.md"])
        #expect(try String(contentsOfFile: target + "/a.md", encoding: .utf8) == "two")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("reports/s").path) == [
                "run-1"
            ])
        // A link where the report folder should be is refused, and what it points to is untouched.
        let elsewhere = dir.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("reports/s/run-2").path, withDestinationPath: elsewhere.path)
        #expect(throws: ReportWriteError.self) {
            try ReportOutput.write(
                [.init(name: "a.md", contents: "x")], to: dir.appendingPathComponent("reports/s/run-2").path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }
}

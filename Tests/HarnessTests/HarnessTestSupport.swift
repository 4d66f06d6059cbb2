import Foundation
import Harness
import ResultStore
import TrafficGeneration

/// Paths and helpers shared by the harness tests.
enum HarnessTestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func scenario(_ name: String) -> String { packageRoot.appendingPathComponent("scenarios/\(name).yaml").path }

    /// A fresh temporary folder, unique per call.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recsim-\(label)-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The `recsim` next to the test bundle (same build configuration), else `.build/debug/recsim`.
    static var recsimBinary: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("recsim")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return packageRoot.appendingPathComponent(".build/debug/recsim")
    }

    /// Runs the recsim binary; returns (exit status, stdout, stderr).
    @discardableResult
    static func runRecsim(_ arguments: [String], in directory: URL? = nil) throws -> (Int32, String, String) {
        try runProcess(recsimBinary, arguments, in: directory)
    }

    /// Runs `python3 ../shared/tools/validate_crd.py` on a manifest against the CRD of `kind`.
    static func validateCRD(kind: String, file: String) throws -> (Int32, String) {
        let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        let (status, out, err) = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", shared.appendingPathComponent("tools/validate_crd.py").path,
                shared.appendingPathComponent("calico/crds/\(kind).yaml").path, file,
            ])
        if status == 127 { throw MissingTool(tool: "python3", install: "apt-get install -y python3") }
        if err.contains("ModuleNotFoundError") {
            throw MissingTool(
                tool: "PyYAML and jsonschema for python3", install: "python3 -m pip install pyyaml jsonschema")
        }
        return (status, out + err)
    }

    /// A tool a test needs is not installed: one line that says what to install (`bash .ci/run` installs all of them).
    struct MissingTool: Error, CustomStringConvertible {
        var tool: String
        var install: String
        var description: String {
            "\(tool) is not installed: run `bash .ci/run` (installs every test dependency) or `\(install)`"
        }
    }

    /// Runs a program to completion; returns (exit status, stdout, stderr).
    static func runProcess(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil
    ) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

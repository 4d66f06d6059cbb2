import Foundation
import Harness
import ResultStore
import TrafficGeneration

/// Paths and helpers shared by the harness tests.
enum HarnessTestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func scenario(_ name: String) -> String { packageRoot.appendingPathComponent("scenarios/\(name).yaml").path }

    /// A fresh temporary folder, unique per call.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recsim-\(label)-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The `recsim` next to the test bundle (same build configuration), else `.build/debug/recsim`.
    static var recsimBinary: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("recsim")
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
        let (status, out, err) = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                                ["python3", shared.appendingPathComponent("tools/validate_crd.py").path,
                                                 shared.appendingPathComponent("calico/crds/\(kind).yaml").path, file])
        return (status, out + err)
    }

    /// Runs a program to completion; returns (exit status, stdout, stderr).
    static func runProcess(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws -> (Int32, String, String) {
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

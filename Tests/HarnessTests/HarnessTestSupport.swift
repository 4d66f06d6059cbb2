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

    /// The built `recsim` binary (debug or release, whichever `swift test` built).
    static var recsimBinary: URL {
        let build = packageRoot.appendingPathComponent(".build")
        for config in ["debug", "release"] {
            let u = build.appendingPathComponent(config).appendingPathComponent("recsim")
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return build.appendingPathComponent("debug/recsim")
    }

    /// Runs the recsim binary; returns (exit status, stdout, stderr).
    @discardableResult
    static func runRecsim(_ arguments: [String], in directory: URL? = nil) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = recsimBinary
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

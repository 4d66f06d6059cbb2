import Foundation

/// Runs programs to completion for tests.
public enum ProcessRunner {
    /// A tool a test needs is not installed: one line that says what to install (`bash .ci/run` installs all of them).
    public struct MissingTool: Error, CustomStringConvertible {
        public var tool: String
        public var install: String
        public init(tool: String, install: String) { self.tool = tool; self.install = install }
        public var description: String {
            "\(tool) is not installed: run `bash .ci/run` (installs every test dependency) or `\(install)`"
        }
    }

    /// Runs `executable` and returns (exit status, stdout, stderr). Both pipes are drained while the program runs,
    /// so a chatty program cannot block on a full pipe.
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil
    ) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let errors = DataBox()
        let group = DispatchGroup()
        let handle = err.fileHandleForReading
        DispatchQueue.global().async(group: group) { errors.set(handle.readDataToEndOfFile()) }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        group.wait()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: errors.get(), as: UTF8.self))
    }

    /// The `recsim` next to the test bundle (same build configuration), else `.build/debug/recsim`.
    public static var recsimBinary: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("recsim")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return PackagePaths.root.appendingPathComponent(".build/debug/recsim")
    }

    /// Runs the `recsim` binary; returns (exit status, stdout, stderr).
    @discardableResult
    public static func recsim(_ arguments: [String], in directory: URL? = nil) throws -> (Int32, String, String) {
        try run(recsimBinary, arguments, in: directory)
    }
}

/// Data handed from the reading thread to the caller.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

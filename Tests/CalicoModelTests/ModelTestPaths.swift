import Foundation

/// Locations of the package and of the read-only `shared/` folder beside it.
enum ModelTestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static func sharedFile(_ path: String) -> URL { shared.appendingPathComponent(path) }

    /// Runs `../shared/tools/validate_crd.py CRD MANIFEST`; returns (exit status, output).
    static func validateCRD(kind: String, manifest: String) throws -> (Int32, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recsim-crd-\(kind)-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("manifest.yaml")
        try manifest.write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", sharedFile("tools/validate_crd.py").path, sharedFile("calico/crds/\(kind).yaml").path, file.path,
        ]
        let pipe = Pipe()
        p.standardOutput = pipe; p.standardError = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }
}

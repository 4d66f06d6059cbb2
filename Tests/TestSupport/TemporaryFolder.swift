import Foundation

/// Fresh temporary folders for tests, unique per call (process id and a random suffix in the name).
public enum TemporaryFolder {
    public static func make(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recsim-\(label)-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

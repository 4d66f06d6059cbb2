import Foundation

/// Where the package and its bundled files are, from this file's path (tests run from any folder).
public enum PackagePaths {
    /// The package root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `scenarios/<name>.yaml`.
    public static func scenario(_ name: String) -> String { root.appendingPathComponent("scenarios/\(name).yaml").path }

    /// `../shared` beside the package root (SPEC, CRDs, vectors).
    public static var shared: URL { root.deletingLastPathComponent().appendingPathComponent("shared") }
}

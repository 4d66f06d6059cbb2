import Foundation

/// Fixture paths and scratch scenarios for the regression-suite tests.
public enum RegressFixture {
    public static let folder = PackagePaths.root.appendingPathComponent("Tests/HarnessTests/Fixtures/regress")

    /// The fixture scenario's text up to (not including) its `expect:` block.
    public static var scenarioWithoutExpect: String {
        get throws {
            let text = try String(contentsOf: folder.appendingPathComponent("small.yaml"), encoding: .utf8)
            return String(text[..<text.range(of: "\nexpect:\n")!.lowerBound]) + "\n"
        }
    }

    /// A copy of the fixture folder (scenarios and golden files) in a fresh temporary folder.
    public static func copy() throws -> URL {
        let dir = try TemporaryFolder.make("regress")
        let target = dir.appendingPathComponent("regress")
        try FileManager.default.copyItem(at: folder, to: target)
        return target
    }

    /// Writes the fixture scenario with `expect` as its expect block into `dir`; returns the file path and the
    /// line the block starts on.
    public static func scenario(
        expect: String, in dir: URL, name: String = "small.yaml"
    ) throws -> (path: String, line: Int) {
        let base = try scenarioWithoutExpect
        let path = dir.appendingPathComponent(name).path
        try (base + expect).write(toFile: path, atomically: true, encoding: .utf8)
        return (path, base.split(separator: "\n", omittingEmptySubsequences: false).count)
    }
}

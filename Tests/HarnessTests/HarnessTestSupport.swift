import Foundation
import TestSupport

/// Paths of the harness tests (library level; tests that run the `recsim` binary are in CLITests).
enum HarnessTestSupport {
    static let packageRoot = PackagePaths.root
    static func scenario(_ name: String) -> String { PackagePaths.scenario(name) }

    /// A fresh temporary folder, unique per call.
    static func temporaryDirectory(_ label: String) throws -> URL { try TemporaryFolder.make(label) }
}

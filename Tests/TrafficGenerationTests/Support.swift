import Foundation
@testable import TrafficGeneration

/// Paths of the package's bundled scenarios, found from this source file's location.
enum Fixtures {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static func scenario(_ name: String) -> String { packageRoot + "/scenarios/\(name).yaml" }
}

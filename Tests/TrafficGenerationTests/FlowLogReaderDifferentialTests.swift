import Foundation
import Scenario
import TestSupport
import Testing
import TrafficGeneration

@testable import CalicoModel

/// The byte-level reader gives the same records as the `JSONDecoder` reader it replaced, on generated logs of
/// every bundled scenario shape (services, network sets, domains, denies, policies hit).
@Suite struct FlowLogReaderDifferentialTests {
    static let packageRoot = PackagePaths.root

    @Test(arguments: ["online-boutique", "rare-traffic", "churn"])
    func generatedLogsReadTheSameWithBothParsers(scenario: String) throws {
        let s = try Scenario.load(path: Self.packageRoot.appendingPathComponent("scenarios/\(scenario).yaml").path)
        var lines = 0
        _ = try FlowLogGeneration.run(s, seed: 7, duration: .hours(3)) { generated in
            let line = generated.log.jsonLine
            lines += 1
            let tree = try #require(try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)))
            #expect(try JSONBytes.parse(line) == tree)
            let viaFoundation = try FlowLogReader.record(from: tree, file: "-", lineNumber: lines)
            #expect(try FlowLogReader.parse(line, lineNumber: lines) == viaFoundation)
        }
        #expect(lines > 100)
    }
}

import Foundation
import Testing

@testable import Harness

/// The bundled scenarios' `expect:` blocks hold: the regression suite CI teams would run, run here too, so a
/// change in the generator, engine or scoring that moves a golden policy or a bound fails the tests.
@Suite struct BundledRegressTests {
    @Test func bundledScenarioExpectationsHold() async throws {
        let suite = try RegressSuite.load(paths: [
            HarnessTestSupport.packageRoot.appendingPathComponent("scenarios").path
        ])
        #expect(suite.entries.count >= 3)
        let results = await suite.run(jobs: 2, update: false)
        for r in results {
            for c in r.cases where c.failed {
                Issue.record("\(r.scenario): \(c.expectation): \(c.detail)")
            }
        }
        #expect(results.allSatisfy { !$0.cases.isEmpty })
    }
}

import Testing
import Simulation
@testable import TrafficGeneration

@Suite struct BundledScenarioTests {
    @Test(arguments: ["online-boutique", "rare-traffic", "churn", "large"])
    func loadsAndSimulatesOneDay(name: String) throws {
        let s = try Scenario.load(path: Fixtures.scenario(name))
        var lines = 0
        let summary = try FlowLogGeneration.run(s, seed: s.seed, duration: .days(1)) { _ in lines += 1 }
        #expect(summary.windows == 288)
        #expect(lines > 0)
        print(name, summary.records, summary.connections, summary.connectionsByRarity)
    }
}

import Scenario
import Simulation
import Testing

@testable import TrafficGeneration

@Suite struct StreamingTests {
    @Test func windowsComeOneAtATimeWithBoundedState() throws {
        let s = try Scenario.load(path: Fixtures.scenario("online-boutique"))
        var sim = TrafficSimulator(scenario: s)
        #expect(sim.windowCount == 30 * 288)
        var previousEnd = s.start
        var maxQueue = 0
        for i in 0..<600 {
            guard let w = sim.nextWindow() else { Issue.record("ended early"); return }
            #expect(w.index == i && w.start == previousEnd && w.end == w.start + s.flowLogs.flushInterval)
            #expect(sim.now == w.end, "the simulator has not run ahead of the window it returned")
            previousEnd = w.end
            maxQueue = max(maxQueue, sim.queue.count)
            #expect(sim.accumulator.entries.isEmpty)
        }
        // One pending event per periodic pattern (plus spread connections and scenario events), never a backlog.
        #expect(maxQueue <= s.traffic.count + s.events.count + 16)
    }

    @Test func lastWindowIsTruncatedAndThenNil() throws {
        let s = try Fixtures.scenario(
            traffic:
                "- {id: s, from: {workload: web/frontend}, to: {service: api/backend}, port: grpc, steady: {rate: 60}}")
        var sim = TrafficSimulator(scenario: s, duration: .seconds(700))
        let ws = [sim.nextWindow(), sim.nextWindow(), sim.nextWindow()].compactMap { $0 }
        #expect(ws.count == 3 && ws[2].end - ws[2].start == .seconds(100))
        #expect(sim.nextWindow().map { _ in true } == nil)
    }

    @Test func topologyChangesGateTraffic() throws {
        let s = try Scenario.load(path: Fixtures.scenario("churn"))
        let ws = Fixtures.windows(s, duration: .days(6))
        let day = Int64(86_400)
        func first(_ p: String) -> Int64? { Fixtures.firings(ws, pattern: p).first.map { $0.0 - s.start.unixSeconds } }
        #expect(first("gateway-search")! >= 2 * day)
        #expect(first("lateral-movement")! >= 3 * day)
        #expect(first("orders-v2-redis")! >= 4 * day)
        #expect(first("preview-postgres")! >= 5 * day)
        let changes = ws.flatMap(\.topologyChanges)
        #expect(changes.count == 4)
        #expect(changes.first?.change == .namespaceAppears("team-b") && changes.first?.at == s.start + .days(2))
        #expect(ws[0].presentNamespaces == ["core", "data", "team-a"])
        // Lateral movement never targets its own namespace, and the ground truth says attack.
        for w in ws {
            for c in w.connections where c.truth.contains(where: { $0.truth == .attack }) {
                #expect(c.connection.destination.namespace != "team-b")
            }
        }
    }
}

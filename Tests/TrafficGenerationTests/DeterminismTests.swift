import Foundation
import Scenario
import Simulation
import Testing

@testable import TrafficGeneration

@Suite struct DeterminismTests {
    func generate(_ scenario: Scenario, seed: UInt64) throws -> (Data, Data) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recsim-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("flows.jsonl").path
        _ = try FlowLogGeneration.write(
            scenario, seed: seed, duration: .hours(6), to: out, truthPath: FlowLogGeneration.truthPath(for: out))
        return (
            try Data(contentsOf: URL(fileURLWithPath: out)),
            try Data(contentsOf: URL(fileURLWithPath: FlowLogGeneration.truthPath(for: out)))
        )
    }

    @Test func sameSeedGivesIdenticalBytesAndAnotherSeedDiffers() throws {
        let s = try Scenario.load(path: Fixtures.scenario("churn"))
        let a = try generate(s, seed: 5), b = try generate(s, seed: 5), c = try generate(s, seed: 6)
        #expect(a.0 == b.0 && a.1 == b.1)
        #expect(a.0 != c.0)
        #expect(!a.0.isEmpty)
        let lines = { (d: Data) in d.split(separator: UInt8(ascii: "\n")).count }
        #expect(lines(a.0) == lines(a.1))
    }

    @Test func addingAPatternDoesNotShiftOthers() throws {
        let one =
            "- {id: keep, from: {workload: web/frontend}, to: {service: api/backend}, port: grpc, steady: {rate: 300}}"
        let two =
            "- {id: added, from: {workload: web/frontend}, to: {service: api/backend}, port: grpc, steady: {rate: 300}}\n"
            + one
        let a = Fixtures.windows(try Fixtures.scenario(traffic: one), seed: 3)
        let b = Fixtures.windows(try Fixtures.scenario(traffic: two), seed: 3)
        #expect(
            a.map { Fixtures.firings([$0], pattern: "keep").first?.1 ?? 0 }
                == b.map { Fixtures.firings([$0], pattern: "keep").first?.1 ?? 0 })
    }
}

@Suite struct IndependenceTests {
    @Test func periodicFiringsDoNotShiftSteadyDraws() throws {
        let steady =
            "- {id: keep, from: {workload: web/frontend}, to: {service: api/backend}, port: grpc, steady: {rate: 300}}"
        let periodic =
            "- {id: tick, from: {workload: ops/jobs}, to: {workload: db/postgres}, port: 5432, periodic: {every: 1m, jitter: 30s}}\n"
        let a = Fixtures.windows(try Fixtures.scenario(traffic: steady), seed: 9)
        let b = Fixtures.windows(try Fixtures.scenario(traffic: periodic + steady), seed: 9)
        let keep = { (ws: [ConnectionWindow]) in ws.map { Fixtures.firings([$0], pattern: "keep").first?.1 ?? 0 } }
        #expect(keep(a) == keep(b))
        let ticks = Fixtures.counts(b)["tick"] ?? 0
        #expect(ticks == 24 * 60)
    }
}

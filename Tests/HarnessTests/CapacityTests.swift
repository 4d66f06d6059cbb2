import Foundation
import ResultStore
import Scenario
import Testing
import TrafficGeneration

@testable import Harness

/// Scaling scenarios, sharding, and storing capacity measurements (library level).
@Suite struct CapacityTests {
    @Test(arguments: [1, 3, 12])
    func generateBlockIsRegeneratedAtTheRequestedSize(namespaces: Int) throws {
        let base = try Scenario.load(path: HarnessTestSupport.scenario("large"))
        let s = try ScenarioScaler.scaled(base, namespaces: namespaces)
        #expect(s.cluster.namespaces.count == namespaces)
        #expect(s.cluster.workloads.count == namespaces * 10)
        #expect(s.cluster.services.count == namespaces * 10)
        #expect(s.traffic.allSatisfy { $0.id.hasPrefix("gen/") })
        #expect(ScenarioScaler.hasGenerateBlock(base))
        // Deterministic: the same size twice gives the same traffic.
        #expect(try ScenarioScaler.scaled(base, namespaces: namespaces).traffic == s.traffic)
    }

    @Test func explicitScenarioIsReplicatedWithConsistentNames() throws {
        let base = try Scenario.load(path: HarnessTestSupport.scenario("churn"))
        #expect(!ScenarioScaler.hasGenerateBlock(base))
        let b = base.cluster.namespaces.count
        let s = try ScenarioScaler.scaled(base, namespaces: 2 * b + 1)
        let names = s.cluster.namespaces.map(\.name)
        #expect(names.count == 2 * b + 1)
        #expect(Set(names).count == names.count)
        let first = base.cluster.namespaces[0].name
        #expect(names.contains("\(first)-2") && names.contains("\(first)-3"))
        #expect(!names.contains("\(base.cluster.namespaces[1].name)-3"))
        // Every workload, service and pattern end refers to a declared namespace.
        let declared = Set(names)
        #expect(s.cluster.workloads.allSatisfy { declared.contains($0.namespace) })
        #expect(s.cluster.services.allSatisfy { declared.contains($0.namespace) })
        for p in s.traffic {
            if case .workload(let ns, _) = p.source { #expect(declared.contains(ns), "\(p.id)") }
            if case .service(let ns, _)? = p.destination { #expect(declared.contains(ns), "\(p.id)") }
            if case .workload(let ns, _)? = p.destination { #expect(declared.contains(ns), "\(p.id)") }
        }
        #expect(Set(s.traffic.map(\.id)).count == s.traffic.count)
        #expect(s.traffic.contains { $0.id.hasSuffix("@2") })
        // The second copy has twice the namespaced traffic of the original (roughly: patterns that touch a namespace).
        #expect(s.traffic.count > base.traffic.count)
        #expect(s.recommendation.actions.count >= base.recommendation.actions.count)
        // Copies of events name copied namespaces and patterns.
        let ids = Set(s.traffic.flatMap { [$0.id, $0.groupID] })
        for e in s.events {
            switch e.change {
            case .namespaceAppears(let ns), .namespaceDeleted(let ns), .workloadAppears(let ns, _),
                .workloadDeleted(let ns, _):
                #expect(declared.contains(ns))
            case .patternStarts(let id), .patternStops(let id): #expect(ids.contains(id))
            }
        }
        // The scaled scenario runs.
        var options = RunOptions(); options.duration = .hours(2)
        let result = try ScenarioRunner(scenario: s, options: options).run()
        #expect(result.flowLogRecords > 0)
    }

    @Test func fewerNamespacesThanTheScenarioKeepsTheFirst() throws {
        let base = try Scenario.load(path: HarnessTestSupport.scenario("rare-traffic"))
        let s = try ScenarioScaler.scaled(base, namespaces: 2)
        #expect(s.cluster.namespaces.map(\.name) == base.cluster.namespaces.prefix(2).map(\.name))
        #expect(s.cluster.workloads.allSatisfy { ["shop", "billing"].contains($0.namespace) })
    }

    @Test func flowsPerSecondRescalesSteadyRates() throws {
        let base = try Scenario.load(path: HarnessTestSupport.scenario("large"))
        let s = try ScenarioScaler.scaled(base, namespaces: 5, flowsPerSecond: 7.5)
        #expect(abs(TrafficRate.perSecond(s) - 7.5) < 1e-9)
        #expect(throws: CapacityError.self) { try ScenarioScaler.scaled(base, namespaces: 5, flowsPerSecond: 0.000001) }
    }

    @Test func shardsPartitionThePoints() throws {
        let base = try Scenario.load(path: HarnessTestSupport.scenario("large"))
        let study = try CapacityStudy(
            scenario: base, namespaces: [2, 4, 8], flowsPerSecond: [1, 2], seeds: [1, 2], options: RunOptions())
        #expect(study.points.count == 12)
        var seen: [Int] = []
        for i in 0..<5 { seen += try CapacityShard(index: i, count: 5).select(study.points).map(\.index) }
        #expect(seen.sorted() == Array(0..<12))
        #expect(try CapacityShard(parsing: "1/3").select(study.points).map(\.index) == [1, 4, 7, 10])
        #expect(throws: CapacityError.self) { try CapacityShard(parsing: "3/3") }
        #expect(throws: CapacityError.self) { try CapacityShard(parsing: "a/b") }
        #expect(
            try CapacityShard(environment: ["JOB_COMPLETION_INDEX": "2", "RECSIM_SHARDS": "4"])
                == CapacityShard(index: 2, count: 4))
        #expect(try CapacityShard(environment: [:]) == nil)
        #expect(throws: CapacityError.self) { try CapacityShard(environment: ["JOB_COMPLETION_INDEX": "2"]) }
        // Same inputs, same id; different sizes, different id.
        let again = try CapacityStudy(
            scenario: base, namespaces: [2, 4, 8], flowsPerSecond: [1, 2], seeds: [1, 2], options: RunOptions())
        let other = try CapacityStudy(
            scenario: base, namespaces: [2, 4], flowsPerSecond: [1, 2], seeds: [1, 2], options: RunOptions())
        #expect(study.id == again.id && study.id != other.id && study.id.hasPrefix("capacity-"))
    }

    @Test func measurementsRoundTripThroughTheStoreAndLimitsAreDetected() throws {
        let dir = try HarnessTestSupport.temporaryDirectory("capacity-store")
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try Scenario.load(path: HarnessTestSupport.scenario("large"))
        var options = RunOptions(); options.duration = .hours(1)
        let study = try CapacityStudy(scenario: base, namespaces: [2, 3], seeds: [3], options: options)
        var measured: [CapacityMeasurement] = []
        for p in study.points {
            var m = try CapacityProbe.measure(
                study, point: p, databasePath: dir.appendingPathComponent("probe.sqlite").path)
            #expect(m.records > 0 && m.databaseBytes > 0 && m.ticks > 0)
            // the larger size "takes" 700 s > 600 s
            m.tick = TickSeconds(durations: p.index == 1 ? [0.5, 700, 1] : [0.5, 1])
            m.peakMemoryBytes = 1e8
            measured.append(m)
        }
        #expect(measured[1].recordsPerInterval > measured[0].recordsPerInterval)
        let store = try ResultStore(path: dir.appendingPathComponent("results.sqlite").path)
        for m in measured { try CapacityResults.store(m, study: study, shard: nil, in: store) }
        let (scenario, loaded) = try CapacityResults.load(studyID: study.id, from: store)
        #expect(scenario == "large")
        #expect(loaded == measured)
        let data = CapacityResults.reportData(scenario: scenario, measurements: loaded)
        #expect(
            data.points.map { $0.limitsExceeded(intervalSeconds: data.intervalSeconds, maxRules: data.maxRules) }
                == [[], [.tickLongerThanInterval]])
        #expect(TickSeconds(durations: [3, 1, 2]) == TickSeconds(count: 3, mean: 2, p95: 3, max: 3))
    }
}

import Foundation
import Harness
import RecommendationEngine
import ResultStore
import Scenario
import Simulation
import Testing

/// Engine faults (issue 17): restarts, missed and delayed ticks, failed flow queries and failed datastore writes,
/// each logged with its time. The scenario: `cli/client` calls `svc/server` on 8080 from the start and on 9090
/// from 2h on; the engine ticks every 5m.
@Suite struct EngineFaultTests {
    struct Outcome {
        var result: RunResult
        var versions: [RecommendationRow]
        var stored: [FaultRow]
        /// When `cli`'s stored recommendation first allowed port 9090.
        var learnedLate: SimInstant? {
            versions.first { $0.namespace == "cli" && $0.yaml.contains("9090") }?.time
        }
    }

    func run(_ s: Scenario) throws -> Outcome {
        let store = try ResultStore(path: ":memory:")
        let result = try ScenarioRunner(scenario: s).run(store: store)
        return Outcome(
            result: result, versions: try store.recommendations(run: result.runID!),
            stored: try store.faults(run: result.runID!))
    }

    /// Offset of `t` from the scenario's start, as scenario text (`7500s`).
    func offset(_ t: SimInstant) -> String { "\(t.unixSeconds - Scenario.defaultStart.unixSeconds)s" }

    @Test func aFailedQueryOnOneTickDelaysLearningByExactlyThatTick() throws {
        let baseline = try run(try LateClassScenario.make())
        let learned = try #require(baseline.learnedLate)
        #expect(baseline.result.faults.isEmpty && baseline.stored.isEmpty)
        let failed = try run(
            try LateClassScenario.make(
                faults: "faults: {events: [{at: \(offset(learned)), fault: queryError, namespace: cli}]}"))
        #expect(failed.learnedLate == learned + .minutes(5), "learned one tick later")
        #expect(failed.result.faults.map(\.kind) == ["queryError"])
        #expect(failed.result.faults.first?.time == learned && failed.result.faults.first?.namespace == "cli")
        #expect(failed.stored == failed.result.faults, "the fault log is stored")
        // The other side of the flow learns on time: only cli's query failed.
        let svc = { (o: Outcome) in o.versions.first { $0.namespace == "svc" && $0.yaml.contains("9090") }?.time }
        #expect(svc(failed) == svc(baseline))
        // Two failing ticks: two ticks later.
        let twice = try run(
            try LateClassScenario.make(
                faults: "faults: {events: [{at: \(offset(learned)), fault: queryError, namespace: cli, count: 2}]}"))
        #expect(twice.learnedLate == learned + .minutes(10))
    }

    @Test func missedAndDelayedTicks() throws {
        let learned = try #require(try run(try LateClassScenario.make()).learnedLate)
        let missed = try run(
            try LateClassScenario.make(faults: "faults: {events: [{at: \(offset(learned)), fault: missedTick}]}"))
        #expect(missed.learnedLate == learned + .minutes(5))
        #expect(missed.result.ticks == (try run(try LateClassScenario.make())).result.ticks - 1)
        let delayed = try run(
            try LateClassScenario.make(
                faults: "faults: {events: [{at: \(offset(learned)), fault: delayedTick, delay: 90s}]}"))
        #expect(delayed.learnedLate == learned + .seconds(90))
        // The ticker keeps its phase: the delayed tick's successor is on the original schedule.
        let next = delayed.versions.filter { $0.time > learned + .seconds(90) }.map(\.time)
        #expect(next.allSatisfy { ($0.unixSeconds - learned.unixSeconds) % 300 == 0 })
        #expect(delayed.result.faults.map(\.kind) == ["delayedTick"])
    }

    @Test func aFailedWriteIsRetriedEveryResync() throws {
        let learned = try #require(try run(try LateClassScenario.make()).learnedLate)
        let failing = try run(
            try LateClassScenario.make(
                faults: "faults: {events: [{at: \(offset(learned)), fault: writeFailure, namespace: cli, count: 2}]}"))
        #expect(failing.learnedLate == learned + RecommendationEngine.resyncPeriod * 2, "two failures, then written")
        #expect(failing.result.faults.map(\.kind) == ["writeFailure", "writeFailure"])
        #expect(failing.result.faults.map(\.time) == [learned, learned + .seconds(10)])
    }

    /// A restart after Stable: the cache is warmed up from the stored policies, so no rule is lost and the status
    /// stays Stable; nothing is written again.
    @Test func aRestartAfterStableLosesNoRules() throws {
        let baseline = try run(try LateClassScenario.make())
        let restarted = try run(
            try LateClassScenario.make(faults: "faults: {events: [{at: 6h, fault: engineRestart, downtime: 3m}]}"))
        #expect(restarted.result.recommendations == baseline.result.recommendations)
        #expect(
            restarted.result.recommendations.allSatisfy {
                $0.metadata.annotations?["policyrecommendation.tigera.io/status"] == "Stable"
            })
        let restartAt = Scenario.defaultStart + .hours(6)
        #expect(!restarted.versions.contains { $0.time >= restartAt }, "nothing rewritten after the restart")
        #expect(restarted.result.faults.map(\.kind) == ["engineRestart"])
        // Ticks pause for the downtime and restart one interval after the new pod starts.
        #expect(restarted.result.ticks < baseline.result.ticks)
    }

    /// A restart while Stabilizing keeps SPEC §2.10's timing from the stored `lastUpdated`: Stable at the first tick
    /// of the new pod's ticker more than the stabilization period after it.
    @Test func aRestartWhileStabilizingKeepsTheStatusTimingFromLastUpdated() throws {
        let s = try LateClassScenario.make(stabilization: "3h")
        let baseline = try run(s)
        let lastChange = try #require(
            baseline.versions.filter { $0.namespace == "cli" && $0.event == .updated }.last?.time)
        let stableBefore = try #require(baseline.versions.first { $0.namespace == "cli" && $0.status == .stable }?.time)
        #expect(stableBefore > lastChange + .hours(3))
        // The new pod starts at lastChange + 1h + 2m: its ticks are 2m off the old ones.
        let restartAt = lastChange + .hours(1) + .minutes(2)
        let restarted = try run(
            try LateClassScenario.make(
                faults: "faults: {events: [{at: \(offset(restartAt)), fault: engineRestart}]}", stabilization: "3h"))
        var tick = restartAt + .minutes(5)
        while tick - lastChange <= .hours(3) { tick = tick + .minutes(5) }
        let stable = try #require(restarted.versions.first { $0.namespace == "cli" && $0.status == .stable }?.time)
        #expect(stable == tick, "Stable at the first new tick past lastUpdated + stabilizationPeriod")
        #expect(stable != stableBefore)
        #expect(!restarted.versions.contains { $0.namespace == "cli" && $0.event == .updated && $0.time > restartAt })
    }

    /// A write still failing when the engine restarts is lost with the cache; the new pod learns it again from the
    /// flow logs (the lookback covers them).
    @Test func aRestartLosesTheQueueOfFailedWrites() throws {
        let learned = try #require(try run(try LateClassScenario.make()).learnedLate)
        let restartAt = learned + .seconds(15)
        let o = try run(
            try LateClassScenario.make(
                faults: """
                    faults:
                      events:
                        - {at: \(offset(learned)), fault: writeFailure, namespace: cli, count: 100}
                        - {at: \(offset(restartAt)), fault: engineRestart}
                    """))
        // 100 scripted failures: the write keeps failing until the restart drops it; the new pod's first write of
        // cli fails too (failures left), so it is learned, and written, only once they are used up.
        #expect(o.result.faults.first?.kind == "writeFailure")
        #expect(o.result.faults.contains { $0.kind == "engineRestart" && $0.time == restartAt })
        let failuresBeforeRestart = o.result.faults.filter { $0.kind == "writeFailure" && $0.time < restartAt }.count
        #expect(failuresBeforeRestart == 2, "attempts at learned and learned + 10s")
        #expect(o.learnedLate.map { $0 > restartAt } == true)
    }

    @Test func randomFaultsAreDrawnFromTheSeedAndStored() throws {
        let s = try LateClassScenario.make(
            faults: """
                faults:
                  random: {engineRestart: 2h, restartDowntime: 1m, missedTick: 0.05, delayedTick: 0.05, tickDelay: 1m, queryError: 0.05, writeFailure: 0.1}
                """)
        let a = try run(s), b = try run(s)
        #expect(a.result.fingerprint == b.result.fingerprint)
        #expect(a.result.faults == b.result.faults && a.stored == a.result.faults)
        let kinds = Set(a.result.faults.map(\.kind))
        #expect(kinds == ["engineRestart", "missedTick", "delayedTick", "queryError", "writeFailure"])
        #expect(a.result.metric("faults.engineRestart") == Double(a.result.faults.count { $0.kind == "engineRestart" }))
    }

    @Test func faultsAreStoredInTheSettingsOnlyWhenSet() throws {
        let store = try ResultStore(path: ":memory:")
        let plain = try ScenarioRunner(scenario: try LateClassScenario.make()).run(store: store)
        let faulty = try ScenarioRunner(
            scenario: try LateClassScenario.make(faults: "faults: {events: [{at: 1h, fault: missedTick, count: 2}]}")
        ).run(store: store)
        let a = try #require(try store.run(plain.runID!)).info.settings
        let b = try #require(try store.run(faulty.runID!)).info.settings
        #expect(a.faults == nil && !a.canonicalJSON.contains(#""faults":"#), "\(a.canonicalJSON)")
        #expect(b.faults == "events: missedTick@1h ×2")
        #expect(plain.metric("faults.missedTick") == nil, "no delivery metrics without a delivery model or faults")
        #expect(faulty.metric("faults.missedTick") == 2)
    }

    @Test func badFaultsAreErrorsWithTheLine() throws {
        #expect {
            try LateClassScenario.make(faults: "faults: {events: [{at: 1h, fault: meteorStrike}]}")
        } throws: { e in
            let d = "\(e)"
            return d.contains("faults.yaml") && d.contains("meteorStrike") && d.contains("engineRestart")
        }
        #expect {
            try LateClassScenario.make(faults: "faults: {events: [{at: 1h, fault: queryError, namespace: nowhere}]}")
        } throws: { e in "\(e)".contains("nowhere") }
        #expect {
            try LateClassScenario.make(faults: "faults: {random: {missedTick: 2}}")
        } throws: { e in "\(e)".contains("probability") }
    }
}

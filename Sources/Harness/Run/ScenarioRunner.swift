import CalicoModel
import PolicyEvaluation
import RecommendationEngine
import ResultStore
import Simulation
import TrafficGeneration

/// Why a run could not be carried out.
public struct RunError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Runs one scenario end to end on one clock: traffic windows are flushed as flow logs (evaluated against the
/// current recommendations), the engine ticks on its interval, scripted actions and scope changes happen at
/// their times, and every connection is scored against ground truth.
public struct ScenarioRunner {
    public let scenario: Scenario
    public let options: RunOptions

    public init(scenario: Scenario, options: RunOptions = RunOptions()) { self.scenario = scenario; self.options = options }

    /// The run's seed.
    public var seed: UInt64 { options.seed ?? scenario.seed }

    /// Settings stored with the run (canonical JSON, sorted keys).
    public func settings(for scope: PolicyRecommendationScope) -> [String: String] {
        var s: [String: String] = [
            "defaults": options.defaults == .docs ? "docs" : "engine",
            "interval": scope.spec.interval ?? "",
            "initialLookback": scope.spec.initialLookback ?? "",
            "stabilizationPeriod": scope.spec.stabilizationPeriod ?? "",
            "selector": scope.spec.namespaceSpec?.selector ?? "",
            "recStatus": scope.spec.namespaceSpec?.recStatus?.rawValue ?? "",
            "intraNamespacePassThroughTraffic": String(scope.spec.namespaceSpec?.intraNamespacePassThroughTraffic ?? false),
            "flushInterval": scenario.flowLogs.flushInterval.goString,
            "aggregation": String(scenario.flowLogs.aggregation),
            "duration": (options.duration ?? scenario.duration).compact,
        ]
        if options.specIntended.contractDomainsAboveMaxRules { s["specIntended.maxRules"] = "true" }
        if options.specIntended.enforceLearningCutOff { s["specIntended.policiesLearningCutOff"] = "true" }
        return s
    }

    /// Runs the scenario. Rows go to `store` when given; `progress` receives the fraction done (0…1).
    public func run(store: ResultStore? = nil, stopAt: SimInstant? = nil,
                    progress: ((Double) -> Void)? = nil) throws -> RunResult {
        let seed = self.seed
        let duration = stopAt.map { $0 - scenario.start } ?? options.duration
        var sim = TrafficSimulator(scenario: scenario, seed: seed, duration: duration)
        let cluster = sim.cluster
        let start = scenario.start, end = sim.end
        var scope = options.scope ?? scenario.recommendation.scope ?? defaultRunScope
        let automation = scenario.recommendation.automation.map {
            EngineAutomation(activateWhenStable: $0.activateWhenStable, enforceAfterActivation: $0.enforceAfter)
        } ?? .none
        let engineOptions = EngineOptions(defaults: options.defaults, clusterDomain: cluster.clusterDomain,
                                          automation: automation, specIntended: options.specIntended)
        var engine = RecommendationEngine(
            scope: scope, generator: SeededGenerator(seed: seed).derived("engine"), at: start,
            namespaces: cluster.initiallyPresentNamespaces, existingPolicies: cluster.policies,
            existingTier: cluster.tiers.first { $0.name == recommendationTier }, options: engineOptions)
        var warnings = engine.warnings.map { "\($0)" }

        var queue = EventQueue<HarnessEvent>()
        for a in scenario.recommendation.actions { queue.schedule(.userAction(a), at: start + a.at) }
        for c in scenario.recommendation.scopeChanges { queue.schedule(.scopeChange(c), at: start + c.at) }

        let runID = try store.map { s throws(StoreError) in
            try s.beginRun(RunInfo(scenario: scenario.name, seed: seed, settingsJSON: SettingsJSON.encode(settings(for: scope)),
                                   sweepID: options.sweepID, shard: options.shard, virtualStart: start, virtualEnd: end))
        }
        var recorder = ChangeRecorder()
        var aggregator = FlowLogAggregator(scenario.flowLogs)
        var scorer = Scorer(bucket: options.outcomeBucket)
        var builder: ObservationBuilder?
        var observations: [Observation] = []
        var flowLogRecords = 0, ticks = 0, windows = 0
        let totalWindows = max(1, sim.windowCount)

        func apply(_ event: HarnessEvent, at t: SimInstant) {
            switch event {
            case .userAction(let a):
                do {
                    let changes: [RecommendationChange]
                    switch a.action {
                    case .activate: changes = try engine.activate(namespace: a.namespace, at: t)
                    case .dismiss: changes = try engine.dismiss(namespace: a.namespace)
                    case .reactivate: changes = try engine.reactivate(namespace: a.namespace)
                    case .enforce: changes = try engine.enforce(namespace: a.namespace, at: t)
                    case .deleteEnforced: changes = try engine.deleteEnforcedPolicy(namespace: a.namespace)
                    }
                    recorder.record(changes, at: t, userAction: a.action.rawValue)
                } catch {
                    warnings.append("\(t.rfc3339): \(error)")
                }
            case .scopeChange(let c):
                scope = scope.applying(c)
                let update = engine.updateScope(scope, at: t)
                warnings += update.warnings.map { "\(t.rfc3339): \($0)" }
                recorder.record(update.changes, at: t)
            case .topology(let change):
                switch change {
                case .namespaceAppears(let ns): engine.addNamespace(ns)
                case .namespaceDeleted(let ns): recorder.record(engine.removeNamespace(ns), at: t)
                default: break
                }
            }
        }

        /// Runs scripted events and engine ticks due before `limit` (or at it, when `inclusive`).
        func advance(to limit: SimInstant, inclusive: Bool) {
            while true {
                let tick = engine.nextTickTime
                let event = queue.nextTime
                guard let t = [tick, event].compactMap({ $0 }).min(), inclusive ? t <= limit : t < limit else { return }
                if let e = event, e <= t, let popped = queue.pop() {
                    apply(popped.event, at: popped.time)
                } else {
                    recorder.record(engine.tick(at: t), at: t)
                    ticks += 1
                    precondition(engine.nextTickTime.map { $0 > t } ?? true, "engine tick did not advance its clock")
                }
            }
        }

        func flushRows(final: Bool) throws {
            guard let store, let runID else { _ = recorder.takeRows(); return }
            try store.append(recommendations: recorder.takeRows(), run: runID)
            if final || windows % 288 == 0 {
                try store.append(outcomes: scorer.drainOutcomes().map { OutcomeRow($0) }, run: runID)
            }
        }

        while let window = sim.nextWindow() {
            for change in window.topologyChanges { queue.schedule(.topology(change.change), at: change.at) }
            advance(to: window.end, inclusive: false)

            if recorder.policiesChanged || recorder.frozenChanged || builder == nil {
                builder = try makeBuilder(cluster: cluster, engine: engine, frozen: recorder.frozenAtStable, previous: builder,
                                          rebuildCurrent: recorder.policiesChanged || builder == nil,
                                          rebuildFrozen: recorder.frozenChanged || builder == nil)
                recorder.policiesChanged = false
                recorder.frozenChanged = false
            }
            let logs = aggregator.flowLogs(window, evaluator: builder!.current)
            flowLogRecords += logs.count
            var stored: [(line: String, truth: String)] = []
            for g in logs {
                let line = g.log.jsonLine
                recorder.foldFlowLog(line)
                if options.storeFlows { stored.append((line, TruthJSON.encode(g.truth))) }
            }
            engine.ingest(logs.lazy.map(\.log))
            if options.storeFlows, let store, let runID { try store.append(flowLogs: stored, run: runID) }

            observations.removeAll(keepingCapacity: true)
            builder!.observations(window, into: &observations)
            for o in observations {
                scorer.record(o, phase: recorder.lifecycle(o.namespace).phase(at: window.end))
            }
            windows += 1
            try flushRows(final: false)
            progress?(Double(windows) / Double(totalWindows))
        }
        advance(to: end, inclusive: true)

        let namespaces = engine.knownNamespaces
        let lifecycles = recorder.allLifecycles(namespaces: engine.selectedNamespaces)
        var metrics = scorer.metrics(timelines: lifecycles, start: start)
        metrics.append(Metric(namespace: "", name: "flowLogRecords", value: Double(flowLogRecords)))
        metrics.append(Metric(namespace: "", name: "engineTicks", value: Double(ticks)))
        metrics.sort()
        var fingerprint = recorder.fingerprint
        for m in metrics { fingerprint.fold("metric \(m.namespace) \(m.name) \(m.value)") }
        let hex = fingerprint.hex
        if let store, let runID {
            try flushRows(final: true)
            try store.append(metrics: metrics.map { MetricRow(namespace: $0.namespace, name: $0.name, value: $0.value) }, run: runID)
            try store.finishRun(runID, fingerprint: hex)
        }
        _ = namespaces
        return RunResult(runID: runID, scenario: scenario.name, seed: seed, start: start, end: end, fingerprint: hex,
                         metrics: metrics, lifecycles: lifecycles, warnings: warnings,
                         recommendations: engine.recommendations, tier: engine.tier, enforcedPolicies: engine.enforcedPolicies,
                         flowLogRecords: flowLogRecords, ticks: ticks)
    }

    private func makeBuilder(cluster: Cluster, engine: RecommendationEngine, frozen: [String: CalicoPolicy],
                             previous: ObservationBuilder?, rebuildCurrent: Bool, rebuildFrozen: Bool) throws -> ObservationBuilder {
        let tiers = engine.tier.map { [$0] } ?? [Tier(name: recommendationTier, order: 10000)]
        let current: Evaluator
        if rebuildCurrent || previous == nil {
            do {
                current = Evaluator(try cluster.policySet(extraTiers: tiers, extraPolicies: engine.recommendations + engine.enforcedPolicies))
            } catch { throw RunError("cannot evaluate the recommended policies: \(error)") }
        } else { current = previous!.current }
        let frozenEvaluator: Evaluator
        if rebuildFrozen || previous == nil {
            let enforcedCopies = frozen.keys.sorted().map { ns -> CalicoPolicy in
                var p = frozen[ns]!
                p.kind = .networkPolicy
                p.spec.stagedAction = nil
                return p
            }
            do {
                frozenEvaluator = Evaluator(try cluster.policySet(extraTiers: tiers, extraPolicies: enforcedCopies))
            } catch { throw RunError("cannot evaluate the frozen recommendations: \(error)") }
        } else { frozenEvaluator = previous!.frozen }
        return ObservationBuilder(current: current, frozen: frozenEvaluator, frozenNamespaces: Set(frozen.keys))
    }
}

extension OutcomeRow {
    init(_ cell: (Scorer.OutcomeKey, flows: Int, records: Int)) {
        let k = cell.0
        self.init(bucketStart: SimInstant(unixSeconds: k.bucket), namespace: k.namespace, patternID: k.patternID,
                  rarity: StoreRarity(k.rarity), truth: k.isAttack ? .attack : .legit, reporter: k.reporter,
                  pendingVerdict: k.pending, enforcedVerdict: k.enforced, phase: k.phase, flows: cell.flows, records: cell.records)
    }
}

/// Ground truth of a flow-log record as one JSON array (stored beside the line with `--store-flows`).
enum TruthJSON {
    static func encode(_ truth: [PatternCount]) -> String {
        "[" + truth.map { "{\"pattern\":\(SettingsJSON.quote($0.patternID)),\"rarity\":\"\($0.rarity.rawValue)\",\"truth\":\"\($0.truth.rawValue)\",\"count\":\($0.count)}" }
            .joined(separator: ",") + "]"
    }
}

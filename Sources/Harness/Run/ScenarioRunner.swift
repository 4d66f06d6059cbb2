import CalicoModel
import PolicyEvaluation
import RecommendationEngine
import ResultStore
import Scenario
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

    public init(scenario: Scenario, options: RunOptions = RunOptions()) {
        self.scenario = scenario; self.options = options
    }

    /// The run's seed.
    public var seed: UInt64 { options.seed ?? scenario.seed }
    /// The assumptions in force: the scenario's, with the command line's in their place.
    public var assumptions: Assumptions { options.assumptions.applied(to: scenario.recommendation.assumptions) }
    /// The delay from flush to searchable: the command line's, else the scenario's `flowLogs.ingestionLatency`.
    public var ingestionLatency: IngestionLatency { options.ingestionLatency ?? scenario.flowLogs.ingestionLatency }
    /// The fraction of flow logs never searchable: the command line's, else the scenario's `flowLogs.loss`.
    public var loss: Double { options.loss ?? scenario.flowLogs.loss }
    /// Each node's flush instants: the command line's, else the scenario's `flowLogs.flushPhase`.
    public var flushPhase: FlushPhase { options.flushPhase ?? scenario.flowLogs.flushPhase }
    /// The flow-log store's retention: the command line's, else the scenario's `flowLogs.retention`.
    public var retention: SimDuration? { options.retention ?? scenario.flowLogs.retention }
    /// The warm start: the command line's (`--engine-start`), else the scenario's `engineStart`.
    public var engineStart: SimDuration { options.engineStart ?? scenario.recommendation.engineStart }

    /// Flow-log flush windows the run will simulate (for progress displays).
    public var windowCount: Int {
        let duration = options.duration ?? scenario.duration
        return max(
            1,
            Int(
                (duration.seconds + scenario.flowLogs.flushInterval.seconds - 1)
                    / max(1, scenario.flowLogs.flushInterval.seconds)))
    }

    /// What the run runs with under `scope`: the engine's settings after its own validation (as
    /// `NewRecommendationEngine` applies the scope at start, SPEC §1.5) with its warnings — a duration the scope
    /// left out or the engine rejected is nil, the defaults profile's value — the model's options, the flow-log
    /// settings and the duration. Stored with the run; sweeps and merges use it as the run's identity.
    public func settings(for scope: PolicyRecommendationScope) -> RunSettings {
        let assumptions = self.assumptions
        var engine = EngineSettings(defaults: assumptions.engineDefaults)
        let warnings = engine.apply(scope)
        let spec = scope.spec
        /// The engine's value when the scope gave one and the engine took it; nil when the defaults profile's applies.
        func taken(_ given: String?, _ field: SettingsWarning.Field, _ value: SimDuration) -> SimDuration? {
            given == nil || warnings.contains { $0.field == field } ? nil : value
        }
        let selectorReplaced = warnings.contains { $0.field == .selector }
        var settings = RunSettings(
            engine: RunSettings.Engine(
                interval: taken(spec.interval, .interval, engine.interval),
                initialLookback: taken(spec.initialLookback, .initialLookback, engine.initialLookback),
                stabilizationPeriod: taken(spec.stabilizationPeriod, .stabilizationPeriod, engine.stabilizationPeriod),
                selector: selectorReplaced
                    ? EngineSettings.defaultSelectorText : scope.spec.namespaceSpec?.selector ?? "",
                recStatus: scope.spec.namespaceSpec?.recStatus,
                intraNamespacePassThroughTraffic: engine.intraNamespacePassThroughTraffic),
            assumptions: assumptions,
            flowLogs: RunSettings.FlowLogs(
                flushInterval: scenario.flowLogs.flushInterval, aggregation: scenario.flowLogs.aggregation),
            duration: options.duration ?? scenario.duration,
            warnings: warnings.map(\.description))
        settings.engineStart = engineStart
        settings.flowLogs.ingestionLatency = ingestionLatency
        settings.flowLogs.loss = loss
        settings.flowLogs.flushPhase = flushPhase
        settings.flowLogs.retention = retention
        if !scenario.faults.isNone { settings.faults = scenario.faults.description }
        if let note = ScenarioRunner.ignoredScopeNote(scope) { settings.warnings.append(note) }
        return settings
    }

    /// The warning for a scope the engine never acts on: only the scope named `default` is (SPEC §1.1).
    static func ignoredScopeNote(_ scope: PolicyRecommendationScope) -> String? {
        guard scope.metadata.name != "default" else { return nil }
        return
            "metadata.name \"\(scope.metadata.name)\": only the PolicyRecommendationScope named default is acted on (SPEC §1.1); the engine never starts"
    }

    /// Runs the scenario. Rows go to `store` when given; `progress` receives the fraction done (0…1).
    ///
    /// - Parameter overlapping: use a second thread, for three parts of each window at once: its records, its
    ///   scoring and the generation of the next window (`RunSession.consume(_:alongside:)`). Same results; for a
    ///   single run (callers running several runs in parallel leave it off).
    public func run(
        store: ResultStore? = nil, stopAt: SimInstant? = nil, tickTimer: (any TickTimer)? = nil,
        overlapping: Bool = false, progress: ((Double) -> Void)? = nil
    ) throws -> RunResult {
        let duration = stopAt.map { $0 - scenario.start } ?? options.duration
        var sim = TrafficSimulator(scenario: scenario, seed: seed, duration: duration)
        var session = try RunSession(
            scenario: scenario, cluster: sim.cluster, options: options, seed: seed,
            end: sim.end, store: store, tickTimer: tickTimer)
        let total = max(1, sim.windowCount)
        var done = 0
        var next = sim.nextWindow()
        while let window = next {
            if overlapping {
                // Traffic never depends on policies: the next window is generated while this one is consumed.
                try session.consume(window, alongside: { next = sim.nextWindow() })
            } else {
                try session.consume(window)
                next = sim.nextWindow()
            }
            done += 1
            progress?(Double(done) / Double(total))
        }
        return try session.finish()
    }
}

/// Measures engine work for capacity reports and benchmarks. Implemented by the CLI (library code never
/// reads a clock).
public protocol TickTimer: AnyObject {
    /// Runs one engine tick and records how long it took.
    func measureTick<T>(_ tick: () throws -> T) rethrows -> T
    /// Runs the engine's ingestion of one window's flow logs and records how long it took.
    func measureIngest<T>(_ ingest: () throws -> T) rethrows -> T
}

extension TickTimer {
    public func measureIngest<T>(_ ingest: () throws -> T) rethrows -> T { try ingest() }
}

/// One run in progress, fed window by window. Staged policies never change traffic, so a sweep feeds the
/// same windows to one session per grid point.
public struct RunSession {
    public let scenario: Scenario
    public let options: RunOptions
    public let seed: UInt64
    let cluster: Cluster
    let start: SimInstant
    /// When the engine is enabled: `start` plus the scenario's warm start (`engineStart`). Traffic before it only
    /// fills the flow-log store; it is not scored, and times to first rule and to Stable count from here.
    let engineStart: SimInstant
    let end: SimInstant
    let store: ResultStore?
    let runID: Int64?
    let tickTimer: (any TickTimer)?
    var scope: PolicyRecommendationScope
    var engine: RecommendationEngine
    var warnings: [String]
    var queue = EventQueue<HarnessEvent>()
    var recorder = ChangeRecorder()
    var aggregator: FlowLogAggregator
    /// Judging and tallying each window's connections (runs alongside the records' work when overlapping).
    var scoring: WindowScoring
    /// Flush phases, ingestion latency and loss between the flushes and the engine's query.
    var delivery: DeliveryPipeline
    /// Injected engine faults and their log.
    var faults: FaultInjector
    /// Delivery metrics and the fault log are reported only when the run has a delivery model or faults, so a
    /// run without them keeps the metrics (and fingerprint) it always had.
    let reportsDelivery: Bool
    /// Bumped whenever the evaluator of the current policies is rebuilt, so the aggregator reuses verdicts
    /// only while the policies are unchanged.
    var policyVersion = 0
    /// Namespaces whose policies changed with the last `policyVersion` (nil: any may have).
    var aggregatorChanges: Set<String>?
    public private(set) var statistics = RunStatistics()

    /// - Parameter yamlCache: shared by sessions fed the same windows (a sweep seed), to encode each distinct
    ///   policy version once.
    public init(
        scenario: Scenario, cluster: Cluster, options: RunOptions, seed: UInt64, end: SimInstant,
        store: ResultStore?, tickTimer: (any TickTimer)? = nil, yamlCache: PolicyYAMLCache? = nil
    ) throws {
        self.scenario = scenario; self.options = options; self.seed = seed; self.cluster = cluster
        recorder.yamlCache = yamlCache
        self.start = scenario.start; self.end = end; self.store = store; self.tickTimer = tickTimer
        scope = options.scope ?? scenario.recommendation.scope ?? defaultRunScope
        let runner = ScenarioRunner(scenario: scenario, options: options)
        let settings = runner.settings(for: scope)
        delivery = DeliveryPipeline(
            latency: runner.ingestionLatency, loss: runner.loss, flushPhase: runner.flushPhase,
            flushInterval: scenario.flowLogs.flushInterval, nodes: cluster.nodes, seed: seed)
        faults = FaultInjector(scenario.faults, seed: seed)
        reportsDelivery = delivery.isActive || runner.retention != nil || !scenario.faults.isNone
        let warmUp = runner.engineStart
        engineStart = scenario.start + warmUp
        guard engineStart < end || engineStart == start else {
            throw RunError(
                "the run ends at \((end - start).compact), before the engine is enabled at engineStart \(warmUp.compact); simulate longer (--days)"
            )
        }
        let warmStart = engineStart > start && scope.spec.namespaceSpec?.recStatus == .enabled
        if warmStart {
            // The feature is off while history accumulates; enabling it is the first scope update the engine sees.
            scope.spec.namespaceSpec?.recStatus = .disabled
            queue.schedule(.enableEngine, at: engineStart)
        }
        let automation =
            scenario.recommendation.automation.map {
                Automation(activateWhenStable: $0.activateWhenStable, enforceAfterActivation: $0.enforceAfter)
            } ?? .none
        var engineOptions = EngineOptions(
            assumptions: runner.assumptions,
            clusterDomain: cluster.clusterDomain, automation: automation)
        engineOptions.flowLogRetention = runner.retention
        engine = RecommendationEngine(
            scope: scope, generator: SeededGenerator(seed: seed).derived("engine"), at: start,
            namespaces: cluster.initiallyPresentNamespaces, existingPolicies: cluster.policies,
            existingTier: cluster.tiers.first { $0.name == recommendationTier }, options: engineOptions)
        warnings = engine.warnings.map { "\($0)" } + (ScenarioRunner.ignoredScopeNote(scope).map { [$0] } ?? [])
        for a in scenario.recommendation.actions { queue.schedule(.userAction(a), at: start + a.at) }
        for c in scenario.recommendation.scopeChanges { queue.schedule(.scopeChange(c), at: start + c.at) }
        for f in scenario.faults.events { queue.schedule(.fault(f.fault), at: start + f.at) }
        if let first = faults.nextRandomRestart(after: start), first < end { queue.schedule(.randomRestart, at: first) }
        engine.writeFaults.probability = scenario.faults.random.writeFailure
        engine.writeFaults.stream = SeededGenerator(seed: seed).derived("write-faults")
        aggregator = FlowLogAggregator(scenario.flowLogs)
        // The records' ground truth is read only to store flow logs and to count late or lost flows by rarity.
        aggregator.recordsTruth = options.storeFlows || delivery.isActive
        scoring = WindowScoring(bucket: options.outcomeBucket)
        if let store {
            runID = try store.beginRun(
                RunInfo(
                    scenario: scenario.name, seed: seed, settings: settings,
                    sweepID: options.sweepID, shard: options.shard, virtualStart: start, virtualEnd: end))
        } else {
            runID = nil
        }
    }

    /// Runs what is due before the window's flush, then flushes it: flow logs evaluated against the current
    /// recommendations, ingested by the engine, and every connection scored.
    public mutating func consume(_ window: ConnectionWindow) throws {
        try consume(window, overlapping: false, work: {})
    }

    /// `consume(_:)` on two threads: the window's connections are scored, then `work` runs, while the window's
    /// flow-log records are made, fingerprinted and ingested. The results are the same as `consume(_:)` followed by
    /// `work`. `work` must not touch this session (a run generates its next window with it).
    public mutating func consume(_ window: ConnectionWindow, alongside work: () -> Void) throws {
        try consume(window, overlapping: true, work: work)
    }

    private mutating func consume(_ window: ConnectionWindow, overlapping: Bool, work: () -> Void) throws {
        if let signal = Interruption.requested {
            if let store, let runID, (try? store.markRunInterrupted(runID)) == true {
                throw Interrupted(signal: signal, note: "run \(runID) is marked interrupted in the store")
            }
            throw Interrupted(signal: signal)
        }
        for change in window.topologyChanges { queue.schedule(.topology(change.change), at: change.at) }
        advance(to: window.end, inclusive: false)
        let evaluator = try currentEvaluator()
        // Warm-up traffic (before the engine is enabled) is history for the engine's queries, not scored.
        let scored = window.end > engineStart
        var stored: [(line: String, truth: String)] = []
        if overlapping {
            // The scoring half leaves `self` for the duration, so that the two halves share no mutable state.
            var scoring = WindowScoring(bucket: .seconds(1))
            swap(&scoring, &self.scoring)
            let lifecycles = recorder.lifecycles
            Concurrently.run(
                { stored = self.flowLogs(window, evaluator: evaluator) },
                {
                    scoring.observe(window, scored: scored, lifecycles: lifecycles)
                    work()
                })
            swap(&scoring, &self.scoring)
        } else {
            stored = flowLogs(window, evaluator: evaluator)
            scoring.observe(window, scored: scored, lifecycles: recorder.lifecycles)
            work()
        }
        if options.storeFlows, let store, let runID { try store.append(flowLogs: stored, run: runID) }
        try flushRows(final: false)
    }

    /// The evaluator of the current policies, rebuilt (with the frozen one) when the recommendations changed.
    private mutating func currentEvaluator() throws -> Evaluator {
        if recorder.policiesChanged || recorder.frozenChanged || scoring.builder == nil {
            let first = scoring.builder == nil
            if recorder.policiesChanged || first { policyVersion += 1 }
            let (current, frozen) = try ScenarioRunner.makeEvaluators(
                cluster: cluster, engine: engine, frozen: recorder.frozenAtStable, previous: scoring.builder,
                rebuildCurrent: recorder.policiesChanged || first, rebuildFrozen: recorder.frozenChanged || first)
            let changed: Set<String>? = recorder.allChanged ? nil : recorder.changedNamespaces
            if first {
                scoring.builder = ObservationBuilder(
                    current: current, frozen: frozen, frozenNamespaces: Set(recorder.frozenAtStable.keys))
            } else {
                scoring.builder!.update(
                    current: current, frozen: frozen, frozenNamespaces: Set(recorder.frozenAtStable.keys),
                    changed: changed)
            }
            aggregatorChanges = changed
            recorder.policiesChanged = false
            recorder.frozenChanged = false
            recorder.allChanged = false
            recorder.changedNamespaces.removeAll()
        }
        return scoring.builder!.current
    }

    /// The window's flow-log records: made under `evaluator`, folded into the fingerprint, and handed to the engine
    /// (or to the delivery pipeline). Returns the lines to store when the run stores flow logs.
    private mutating func flowLogs(_ window: ConnectionWindow, evaluator: Evaluator) -> [(line: String, truth: String)]
    {
        var logs = aggregator.flowLogs(
            window, evaluator: evaluator, policyVersion: policyVersion, changedNamespaces: aggregatorChanges)
        statistics.record(window: logs.count)
        delivery.shiftToNodeFlushes(&logs)
        var stored: [(line: String, truth: String)] = []
        for i in logs.indices {  // by index: the records are read in place, not copied out
            recorder.foldFlowLog(&logs[i].log)
            if options.storeFlows { stored.append((logs[i].log.jsonLine, FlowLogGeneration.truthArray(logs[i].truth))) }
        }
        if delivery.isActive {
            // The engine's query sees these only once the pipeline has made them searchable (`deliver(at:)`),
            // and never the lost ones.
            delivery.enqueue(&logs, windowEnd: window.end)
        } else if let tickTimer {
            tickTimer.measureIngest { ingest(&logs) }
        } else {
            ingest(&logs)
        }
        return stored
    }

    /// Feeds a window's records to the engine one by one, in place (no copies).
    private mutating func ingest(_ logs: inout [GeneratedFlowLog]) {
        for i in logs.indices { engine.ingest(inPlace: &logs[i].log) }
    }

    /// Feeds delayed records (`deliver(upTo:)`) to the engine, in place.
    private mutating func ingest(_ logs: inout [FlowLog]) {
        for i in logs.indices { engine.ingest(inPlace: &logs[i]) }
    }

    /// Runs what is left up to the end and stores the metrics; the run is complete.
    public mutating func finish() throws -> RunResult {
        advance(to: end, inclusive: true)
        let lifecycles = recorder.allLifecycles(namespaces: engine.selectedNamespaces)
        var metrics = scoring.scorer.metrics(timelines: lifecycles, start: engineStart)
        let over = try scoring.overPermissiveness.counts(
            cluster: cluster, recommendations: engine.recommendations, tier: engine.tier)
        for ns in over.keys.sorted() {
            metrics.append(Metric(namespace: ns, name: "overPermissive", value: Double(over[ns]!)))
        }
        metrics.append(Metric(namespace: "", name: "overPermissive", value: Double(over.values.reduce(0, +))))
        metrics.append(Metric(namespace: "", name: "flowLogRecords", value: Double(statistics.records)))
        metrics.append(Metric(namespace: "", name: "engineTicks", value: Double(statistics.ticks)))
        if reportsDelivery { metrics += deliveryMetrics() }
        metrics.sort()
        var fingerprint = recorder.fingerprint
        for f in faults.log { fingerprint.fold("fault \(f.time.unixSeconds) \(f.kind) \(f.namespace) \(f.detail)") }
        for m in metrics { fingerprint.fold("metric \(m.namespace) \(m.name) \(m.value)") }
        let hex = fingerprint.hex
        if let store, let runID {
            try flushRows(final: true)
            try store.append(
                metrics: metrics.map { MetricRow(namespace: $0.namespace, name: $0.name, value: $0.value) }, run: runID)
            try store.append(classVerdicts: scoring.scorer.classVerdictRows.map(ClassVerdictRow.init), run: runID)
            try store.append(faults: faults.log, run: runID)
            try store.finishRun(runID, fingerprint: hex)
        }
        statistics.finish(recommendations: engine.recommendations)
        return RunResult(
            runID: runID, scenario: scenario.name, seed: seed, start: start, end: end, fingerprint: hex,
            metrics: metrics, lifecycles: lifecycles, warnings: warnings, faults: faults.log,
            recommendations: engine.recommendations, tier: engine.tier, enforcedPolicies: engine.enforcedPolicies,
            flowLogRecords: statistics.records, ticks: statistics.ticks, statistics: statistics)
    }

    /// `MetricCatalog.delivery`: flows lost or late by rarity, time to learn legit classes by rarity, faults by kind.
    private func deliveryMetrics() -> [Metric] {
        var out: [Metric] = []
        for (i, r) in Rarity.allCases.enumerated() {
            out.append(
                Metric(namespace: "", name: "deliveryLostFlows.\(r.rawValue)", value: Double(delivery.lostFlows[i])))
            out.append(
                Metric(namespace: "", name: "deliveryLateFlows.\(r.rawValue)", value: Double(delivery.lateFlows[i])))
        }
        var caused = [String: Int]()
        for v in scoring.scorer.classVerdictRows where !v.isAttack && delivery.missedPatterns.contains(v.patternID) {
            caused[v.rarity, default: 0] += v.atStableDeniedFlows
        }
        for r in MetricCatalog.rarities {
            out.append(Metric(namespace: "", name: "deliveryFalseDenyAtStable.\(r)", value: Double(caused[r] ?? 0)))
        }
        let learning = scoring.scorer.timeToLearn
        for r in MetricCatalog.rarities {
            let v = learning[r] ?? ([], 0)
            out.append(Metric(namespace: "", name: "unlearnedClasses.\(r)", value: Double(v.unlearned)))
            if let max = v.delays.last {
                out.append(Metric(namespace: "", name: "timeToLearn.max.\(r)", value: Double(max)))
                out.append(
                    Metric(
                        namespace: "", name: "timeToLearn.p50.\(r)", value: Double(v.delays[(v.delays.count - 1) / 2])))
            }
        }
        for kind in Fault.Kind.allCases {
            let n = faults.log.count { $0.kind == kind.rawValue }
            out.append(Metric(namespace: "", name: "faults.\(kind.rawValue)", value: Double(n)))
        }
        return out
    }

    private mutating func apply(_ event: HarnessEvent, at t: SimInstant) {
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
        case .enableEngine:
            scope.spec.namespaceSpec?.recStatus = .enabled
            let update = engine.updateScope(scope, at: t)
            warnings += update.warnings.map { "\(t.rfc3339): \($0)" }
            recorder.record(update.changes, at: t)
        case .fault(let fault):
            switch fault {
            case .engineRestart(let downtime):
                restart(at: t, downtime: downtime, detail: "scripted")
            case .writeFailure(let ns, let n):
                engine.writeFaults.failNext[ns ?? "", default: 0] += n
            case .missedTicks, .delayedTick, .queryError:
                faults.schedule(fault)
            }
        case .randomRestart:
            restart(at: t, downtime: faults.random.restartDowntime, detail: "random")
            if let next = faults.nextRandomRestart(after: t), next < end { queue.schedule(.randomRestart, at: next) }
        case .engineUp:
            note(engine.restart(at: t), at: t)
        case .topology(let change):
            switch change {
            case .namespaceAppears(let ns): engine.addNamespace(ns)
            case .namespaceDeleted(let ns): recorder.record(engine.removeNamespace(ns, at: t), at: t)
            default: break
            }
        }
    }

    /// The engine's pod dies at `t` and a new one starts `downtime` later (at once when zero).
    private mutating func restart(at t: SimInstant, downtime: SimDuration, detail: String) {
        faults.note(
            t, .engineRestart,
            detail: downtime == .zero ? "\(detail), back at once" : "\(detail), down for \(downtime.compact)")
        engine.crash()
        if downtime == .zero {
            note(engine.restart(at: t), at: t)
        } else {
            queue.schedule(.engineUp, at: t + downtime)
        }
    }

    /// Hands the engine every delayed batch searchable at `t`, the time of its next query (nothing without a
    /// delivery model).
    private mutating func deliver(at t: SimInstant) {
        guard delivery.isActive else { return }
        for batch in delivery.due(at: t, lookback: engine.tickInterval * 2) {
            var logs = batch
            if let tickTimer { tickTimer.measureIngest { ingest(&logs) } } else { ingest(&logs) }
        }
    }

    /// Runs scripted events, failed-write retries and engine ticks due before `limit` (or at it, when `inclusive`).
    private mutating func advance(to limit: SimInstant, inclusive: Bool) {
        while true {
            let tick = engine.nextTickTime
            let event = queue.nextTime
            let retry = engine.nextRetryTime
            guard let t = [tick, event, retry].compactMap({ $0 }).min(), inclusive ? t <= limit : t < limit else {
                return
            }
            if let e = event, e <= t, let popped = queue.pop() {
                apply(popped.event, at: popped.time)
            } else if let r = retry, r <= t {
                note(engine.retryWrites(at: t), at: t)
            } else {
                switch faults.plan(tickAt: t, engine: engine) {
                case .missed:
                    engine.skipTick()
                case .delayed(let d):
                    engine.delayTick(by: d)
                case .run(let failing):
                    deliver(at: t)
                    let changes: [RecommendationChange]
                    if let timer = tickTimer {
                        changes = timer.measureTick { engine.tick(at: t, failingQueries: failing) }
                    } else {
                        changes = engine.tick(at: t, failingQueries: failing)
                    }
                    note(changes, at: t)
                    statistics.ticks += 1
                }
                precondition(engine.nextTickTime.map { $0 > t } ?? true, "engine tick did not advance its clock")
            }
        }
    }

    /// Records the engine's changes (and logs its failed writes).
    private mutating func note(_ changes: [RecommendationChange], at t: SimInstant, userAction: String? = nil) {
        faults.noteWriteFailures(changes, at: t)
        recorder.record(changes, at: t, userAction: userAction)
    }

    /// Outcome cells are written (and forgotten) every this many flush windows — a day at the default 5-minute flush —
    /// so memory stays flat over long runs while each write is one large transaction (the same run always drains at
    /// the same windows).
    static let outcomeFlushWindows = 288

    private mutating func flushRows(final: Bool) throws {
        guard let store, let runID else {
            // Nothing keeps rows without a store; drop them so memory stays flat over long runs.
            _ = recorder.takeRows()
            if final || statistics.windows % Self.outcomeFlushWindows == 0 { _ = scoring.scorer.drainOutcomes() }
            return
        }
        try store.append(recommendations: recorder.takeRows(), run: runID)
        if final || statistics.windows % Self.outcomeFlushWindows == 0 {
            try store.append(outcomes: scoring.scorer.drainOutcomes().map { OutcomeRow($0) }, run: runID)
        }
    }
}

extension ScenarioRunner {
    /// The evaluators of the current policies and of the recommendations frozen at Stable; each is rebuilt only
    /// when asked, otherwise taken from `previous`.
    static func makeEvaluators(
        cluster: Cluster, engine: RecommendationEngine, frozen: [String: CalicoPolicy],
        previous: ObservationBuilder?, rebuildCurrent: Bool,
        rebuildFrozen: Bool
    ) throws -> (current: Evaluator, frozen: Evaluator) {
        let tiers = engine.tier.map { [$0] } ?? [Tier(name: recommendationTier, order: 10000)]
        let current: Evaluator
        if rebuildCurrent || previous == nil {
            do {
                current = Evaluator(
                    try cluster.policySet(
                        extraTiers: tiers, extraPolicies: engine.recommendations + engine.enforcedPolicies))
            } catch { throw RunError("cannot evaluate the recommended policies: \(error)") }
        } else {
            current = previous!.current
        }
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
        } else {
            frozenEvaluator = previous!.frozen
        }
        return (current, frozenEvaluator)
    }
}

extension Rarity {
    /// A rarity the scorer carried by name: always one of a pattern's rarities (`Rarity.rawValue`).
    init(scored name: String) {
        guard let r = Rarity(rawValue: name) else { preconditionFailure("scored rarity \(name) is not a Rarity") }
        self = r
    }
}

extension OutcomeRow {
    init(_ cell: (Scorer.OutcomeKey, flows: Int, records: Int)) {
        let k = cell.0
        self.init(
            bucketStart: SimInstant(unixSeconds: k.bucket), namespace: k.namespace, patternID: k.patternID,
            rarity: Rarity(scored: k.rarity), truth: k.isAttack ? .attack : .legit, reporter: k.reporter,
            pendingVerdict: k.pending, enforcedVerdict: k.enforced, phase: k.phase, flows: cell.flows,
            records: cell.records)
    }
}

extension ClassVerdictRow {
    init(_ v: ClassVerdict) {
        self.init(
            namespace: v.namespace, flowClass: v.flowClass, patternID: v.patternID, rarity: Rarity(scored: v.rarity),
            truth: v.isAttack ? .attack : .legit, reporter: v.reporter, atStableDeniedFlows: v.atStableDeniedFlows,
            atStableFirstDenied: v.atStableFirstDenied, afterStableDeniedFlows: v.afterStableDeniedFlows,
            afterStableFirstDenied: v.afterStableFirstDenied, learnedAt: v.learnedAt, missedFlows: v.missedFlows,
            firstMissed: v.firstMissed)
    }
}

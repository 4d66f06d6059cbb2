import RecommendationEngine
import Scenario
import Simulation

/// One run configuration of a sensitivity study: the baseline, or the baseline with one assumption changed.
public struct SensitivityVariant: Sendable, Hashable {
    /// nil for the baseline.
    public var assumption: AssumptionID?
    public var value: String

    public static let baseline = SensitivityVariant(assumption: nil, value: "")
    public var isBaseline: Bool { assumption == nil }
    /// `query-fallback=all-unprotected`, or `baseline`.
    public var label: String { assumption.map { "\($0.rawValue)=\(value)" } ?? "baseline" }
}

/// A sensitivity study (`recsim sensitivity`): a scenario run under its baseline assumptions and once per
/// alternative value of each assumption (or of those named), over the same traffic for each seed.
public struct SensitivityPlan: Sendable {
    public let scenario: Scenario
    public let seeds: [UInt64]
    /// Options shared by every run (duration, scope, `--assume` values of the baseline).
    public let options: RunOptions
    /// The baseline first, then the variants in registry order.
    public let variants: [SensitivityVariant]
    /// `sensitivity-<scenario>-<10 hex>`: the runs' sweep id in the store.
    public let id: String

    /// - Parameter only: the assumptions to vary (all when empty).
    public init(scenario: Scenario, seeds: [UInt64], options: RunOptions, only: [AssumptionID] = []) {
        self.scenario = scenario; self.seeds = seeds
        let runner = ScenarioRunner(scenario: scenario, options: options)
        let baseline = runner.assumptions
        var variants = [SensitivityVariant.baseline]
        for info in Assumptions.registry where only.isEmpty || only.contains(info.id) {
            for v in info.values where v.name != baseline.value(of: info.id) {
                variants.append(SensitivityVariant(assumption: info.id, value: v.name))
            }
        }
        self.variants = variants
        var f = Fingerprint()
        f.fold("recsim sensitivity v1")
        f.fold("scenario \(scenario.name) \((options.duration ?? scenario.duration).seconds)")
        f.fold("baseline \(baseline.label)")
        f.fold("engineStart \(runner.engineStart.compact)")
        if !runner.ingestionLatency.isNone { f.fold("ingestionLatency \(runner.ingestionLatency)") }
        if runner.loss > 0 { f.fold("loss \(runner.loss)") }
        if runner.flushPhase != .aligned { f.fold("flushPhase \(runner.flushPhase.rawValue)") }
        if let r = runner.retention { f.fold("retention \(r.compact)") }
        if scenario.flowLogs.flushInterval != .seconds(300) {
            f.fold("flushInterval \(scenario.flowLogs.flushInterval.compact)")
        }
        if !scenario.faults.isNone { f.fold("faults \(scenario.faults.description)") }
        f.fold("seeds \(seeds.map(String.init).joined(separator: ","))")
        f.fold("variants \(variants.map(\.label).joined(separator: ","))")
        if let scope = options.scope {
            f.fold("scope \(ScenarioRunner(scenario: scenario).settings(for: scope).canonicalJSON)")
        }
        id = "sensitivity-\(scenario.name)-" + f.hex.prefix(10)
        var base = options
        base.seed = nil
        base.sweepID = id
        base.shard = nil
        self.options = base
    }

    /// The baseline's assumptions.
    public var baseline: Assumptions { ScenarioRunner(scenario: scenario, options: options).assumptions }

    /// The run options of one variant and seed.
    public func runOptions(_ variant: SensitivityVariant, seed: UInt64) -> RunOptions {
        var o = options
        o.seed = seed
        if let id = variant.assumption {
            // Values come from the registry, so they are always accepted.
            try? o.assumptions.set(id, to: variant.value)
        }
        return o
    }

    /// Flow-log windows per seed (a progress measure).
    public var windowsPerSeed: Int { ScenarioRunner(scenario: scenario, options: options).windowCount }
}

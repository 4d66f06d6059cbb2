import ArgumentParser
import CalicoModel
import Foundation
import Harness
import RecommendationEngine
import Scenario
import Simulation
import TrafficGeneration

/// Options shared by commands that run scenarios.
struct ScenarioRunOptions: ParsableArguments {
    @Option(help: "Run seed (default: the scenario's `seed`).") var seed: UInt64?
    @Option(help: "A PolicyRecommendationScope YAML file replacing the scenario's scope.") var scope: String?
    @Option(help: "Simulate this many days instead of the scenario's duration.") var days: Double?
    @Option(
        name: .customLong("engine-start"),
        help:
            "Warm start: traffic runs this long before the engine is enabled (e.g. 1d, or 0s for a cold start); default: the scenario's engineStart."
    )
    var engineStart: String?
    @Option(
        name: .customLong("ingestion-latency"),
        help:
            "Delivery: a flow log becomes searchable this long after its flush: 2m, uniform:30s..3m or exponential:1m (drawn per flush); default: the scenario's flowLogs.ingestionLatency (0s)."
    )
    var ingestionLatency: String?
    @Option(
        help: "Delivery: the fraction of flow logs never searchable (0…1); default: the scenario's flowLogs.loss (0).")
    var loss: Double?
    @Option(
        name: .customLong("flush-interval"),
        help:
            "Delivery: Felix's flowLogsFlushInterval (default: the scenario's flowLogs.flushInterval, 5m). In `sweep`: a comma list, swept as an axis."
    )
    var flushInterval: String?
    @Option(
        name: .customLong("flush-phase"),
        help:
            "Delivery: when each node flushes within the interval: aligned, spread or random (default: the scenario's flowLogs.flushPhase, aligned)."
    )
    var flushPhase: String?
    @Option(
        help:
            "Delivery: the flow-log store's retention; older records are gone from every query (default: the scenario's flowLogs.retention, unlimited)."
    )
    var retention: String?
    @Option(
        name: .customLong("assume"),
        help: ArgumentHelp(
            "Set one of the engine model's assumptions, ID=VALUE (repeatable; `recsim assumptions` lists them).",
            valueName: "id=value"))
    var assume: [String] = []
    @Option(help: "Same as --assume defaults=VALUE: `engine` (10m/24h/5m) or `docs` (150s/24h/10m).")
    var defaults: String?
    @Flag(help: "Same as --assume max-rules=contract-domains.")
    var specIntendedMaxRules = false
    @Flag(help: "Same as --assume learning-cut-off=enforced.")
    var specIntendedLearningCutoff = false

    func validate() throws {
        if let days { _ = try SimulatedDays.duration(days) }
        _ = try assumptionOverrides()
        _ = try parsedEngineStart()
        _ = try parsedIngestionLatency()
        if let loss, !(0...1).contains(loss) {
            throw ValidationError("--loss: expected a fraction between 0 and 1, got \(loss)")
        }
        _ = try parsedFlushIntervals()
        _ = try parsedFlushPhase()
        _ = try parsedRetention()
    }

    /// `--flush-interval`: one value, or (for sweeps) a comma list; empty when not given.
    func parsedFlushIntervals() throws -> [SimDuration] {
        guard let flushInterval else { return [] }
        do { return try SweepGrid.durations(flushInterval, option: "--flush-interval") } catch {
            throw ValidationError(error.message)
        }
    }

    func parsedFlushPhase() throws -> FlushPhase? {
        guard let flushPhase else { return nil }
        guard let p = FlushPhase(rawValue: flushPhase) else {
            throw ValidationError("--flush-phase: expected aligned, spread or random, got \"\(flushPhase)\"")
        }
        return p
    }

    func parsedRetention() throws -> SimDuration? {
        guard let retention else { return nil }
        do {
            let d = try SimDuration(parsing: retention, allowDays: true)
            guard d.seconds > 0 else { throw ValidationError("--retention: expected a positive duration") }
            return d
        } catch let e as ValidationError { throw e } catch { throw ValidationError("--retention: \(error)") }
    }

    /// The scenario with a single `--flush-interval` in place of its own (a list is only for `sweep`).
    func scenario(_ loaded: Scenario) throws -> Scenario {
        let flushes = try parsedFlushIntervals()
        guard let flush = flushes.first else { return loaded }
        guard flushes.count == 1 else {
            throw ValidationError("--flush-interval: give one duration (a list is swept only by `recsim sweep`)")
        }
        var s = loaded
        s.flowLogs.flushInterval = flush
        return s
    }

    func parsedIngestionLatency() throws -> IngestionLatency? {
        guard let ingestionLatency else { return nil }
        do { return try IngestionLatency(parsing: ingestionLatency) } catch {
            throw ValidationError("--ingestion-latency: \(error.message)")
        }
    }

    func parsedEngineStart() throws -> SimDuration? {
        guard let engineStart else { return nil }
        do { return try SimDuration(parsing: engineStart, allowDays: true) } catch {
            throw ValidationError("--engine-start: \(error)")
        }
    }

    /// `--assume` and its shorthands, checked.
    func assumptionOverrides() throws -> AssumptionOverrides {
        var all = assume
        if let defaults { all.append("defaults=\(defaults)") }
        if specIntendedMaxRules { all.append("max-rules=contract-domains") }
        if specIntendedLearningCutoff { all.append("learning-cut-off=enforced") }
        do { return try AssumptionOverrides(parsing: all) } catch {
            throw ValidationError("--assume: \(error.message)")
        }
    }

    func runOptions() throws -> RunOptions {
        var o = RunOptions(seed: seed, assumptions: try assumptionOverrides())
        o.engineStart = try parsedEngineStart()
        o.ingestionLatency = try parsedIngestionLatency()
        o.loss = loss
        o.flushPhase = try parsedFlushPhase()
        o.retention = try parsedRetention()
        o.duration = try days.map { d throws(ValidationError) in try SimulatedDays.duration(d) }
        if let scope { o.scope = try ScopeFile.load(scope) }
        return o
    }
}

enum ScopeFile {
    /// Reads the first PolicyRecommendationScope of a YAML file.
    static func load(_ path: String) throws -> PolicyRecommendationScope {
        let text: String
        do { text = try TextFile.read(path) } catch { throw ValidationError("scope file \(error.description)") }
        for r in try ResourceYAML.decode(text, file: path) {
            if case .scope(let s) = r.resource { return s }
        }
        throw ValidationError("\(path): no PolicyRecommendationScope document found")
    }
}

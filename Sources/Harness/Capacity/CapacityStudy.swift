import CalicoModel
import Foundation
import RecommendationEngine
import Scenario
import Simulation
import TrafficGeneration

/// One (size, seed) point of a capacity study.
public struct CapacityPointSpec: Codable, Sendable, Hashable {
    /// Position in the study's point list (sharding assigns points round-robin by it).
    public var index: Int
    public var namespaces: Int
    /// Target connection attempts per second; nil keeps the scaled scenario's own rates.
    public var flowsPerSecond: Double?
    public var seed: UInt64
    public init(index: Int, namespaces: Int, flowsPerSecond: Double?, seed: UInt64) {
        self.index = index; self.namespaces = namespaces; self.flowsPerSecond = flowsPerSecond; self.seed = seed
    }

    /// `200 ns, 50 flows/s, seed 3`.
    public var label: String {
        "\(namespaces) ns" + (flowsPerSecond.map { ", \(TrafficRate.fixedString($0)) flows/s" } ?? "")
            + ", seed \(seed)"
    }
}

/// Which part of a study one process runs: shard `index` of `count` (0-based).
public struct CapacityShard: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int
    public init(index: Int, count: Int) throws {
        guard count >= 1 else { throw CapacityError("the shard count must be at least 1, got \(count)") }
        guard (0..<count).contains(index) else {
            throw CapacityError("the shard index must be in 0...\(count - 1), got \(index)")
        }
        self.index = index; self.count = count
    }

    /// Parses `I/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw CapacityError("expected a shard as I/N (e.g. 0/4), got \"\(text)\"")
        }
        try self.init(index: i, count: n)
    }

    /// The shard from `JOB_COMPLETION_INDEX` (index) and `RECSIM_SHARDS` (count); nil when neither is set.
    public init?(environment: [String: String]) throws {
        let index = environment["JOB_COMPLETION_INDEX"], count = environment["RECSIM_SHARDS"]
        if index == nil && count == nil { return nil }
        guard let index, let i = Int(index) else {
            throw CapacityError(
                "RECSIM_SHARDS is set but JOB_COMPLETION_INDEX is not a shard index (got \(index.map { "\"\($0)\"" } ?? "nothing"))"
            )
        }
        guard let count, let n = Int(count) else {
            throw CapacityError(
                "JOB_COMPLETION_INDEX is set but RECSIM_SHARDS is not a shard count (got \(count.map { "\"\($0)\"" } ?? "nothing"))"
            )
        }
        try self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// Round-robin by point index: the union over all shards is every point, each exactly once.
    public func select(_ points: [CapacityPointSpec]) -> [CapacityPointSpec] {
        points.filter { $0.index % count == index }
    }
}

/// A capacity study: a base scenario measured at several sizes (namespaces × flows per second) and seeds,
/// under one engine setting. Deterministic: the same inputs give the same points, id and counts.
public struct CapacityStudy: Sendable {
    public let scenario: Scenario
    /// The base scenario's YAML (for a `generate:` block); nil reads `scenario.file`.
    public let text: String?
    public let namespaces: [Int]
    /// Target totals; empty keeps each scaled scenario's own rates.
    public let flowsPerSecond: [Double]
    public let seeds: [UInt64]
    public let options: RunOptions

    public init(
        scenario: Scenario, text: String? = nil, namespaces: [Int], flowsPerSecond: [Double] = [],
        seeds: [UInt64], options: RunOptions
    ) throws {
        guard !namespaces.isEmpty else { throw CapacityError("give at least one namespace count") }
        if let bad = namespaces.first(where: { $0 < 1 || $0 > 10_000 }) {
            throw CapacityError("namespace counts must be in 1...10000, got \(bad)")
        }
        if let bad = flowsPerSecond.first(where: { !($0 > 0) || !$0.isFinite }) {
            throw CapacityError("flows per second must be positive, got \(bad)")
        }
        guard !seeds.isEmpty else { throw CapacityError("give at least one seed") }
        self.scenario = scenario; self.text = text
        self.namespaces = namespaces; self.flowsPerSecond = flowsPerSecond; self.seeds = seeds; self.options = options
    }

    /// Every point, sizes in the order given (namespaces, then flows per second), seeds innermost.
    public var points: [CapacityPointSpec] {
        var out: [CapacityPointSpec] = []
        let rates: [Double?] = flowsPerSecond.isEmpty ? [nil] : flowsPerSecond.map { $0 }
        for n in namespaces {
            for r in rates {
                for s in seeds {
                    out.append(CapacityPointSpec(index: out.count, namespaces: n, flowsPerSecond: r, seed: s))
                }
            }
        }
        return out
    }

    /// The scope the engine runs with, its settings, and the limits the report checks.
    public var scope: PolicyRecommendationScope { options.scope ?? scenario.recommendation.scope ?? defaultRunScope }
    public var engineSettings: EngineSettings {
        EngineSettings(
            scope: scope, defaults: ScenarioRunner(scenario: scenario, options: options).assumptions.engineDefaults)
    }
    public var maxRules: Int { engineSettings.maxRules ?? EngineOptions.apiDefaultLimit }
    public var duration: SimDuration { options.duration ?? scenario.duration }

    /// `capacity-` and 12 hex digits of a hash of everything that determines the points' counts, so every
    /// shard of one study computes the same id without talking to the others.
    public var id: String {
        var f = Fingerprint()
        f.fold("recsim capacity v1")
        f.fold("scenario \(scenario.name)")
        f.fold("text \(text ?? (try? String(contentsOfFile: scenario.file, encoding: .utf8)) ?? "")")
        f.fold("namespaces \(namespaces.map(String.init).joined(separator: ","))")
        f.fold("flows \(flowsPerSecond.map { "\($0)" }.joined(separator: ","))")
        f.fold("seeds \(seeds.map(String.init).joined(separator: ","))")
        f.fold(
            "settings \(ScenarioRunner(scenario: scenario, options: options).settings(for: scope).canonicalJSON)"
        )
        return "capacity-" + f.hex.prefix(12)
    }

    /// The scenario of a point.
    public func scenario(for point: CapacityPointSpec) throws -> Scenario {
        try ScenarioScaler.scaled(
            scenario, namespaces: point.namespaces, flowsPerSecond: point.flowsPerSecond, text: text)
    }

    /// Scales the scenario to every size once, so bad sizes fail before any simulation starts.
    public func validate() throws {
        var seen = Set<String>()
        for p in points where seen.insert("\(p.namespaces) \(p.flowsPerSecond ?? -1)").inserted {
            _ = try scenario(for: p)
        }
    }

    /// Flush windows of one point's run (for progress totals).
    public var windowsPerPoint: Int {
        let f = max(1, scenario.flowLogs.flushInterval.seconds)
        return Int((duration.seconds + f - 1) / f)
    }
}

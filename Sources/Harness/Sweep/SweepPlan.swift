import CalicoModel
import Scenario
import Simulation
import TrafficGeneration

/// One shard of a sharded sweep or capacity study: `index` of `count` (0-based), e.g. `2/8`.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws(GridError) {
        guard count >= 1, (0..<count).contains(index) else {
            throw GridError("--shard: expected I/N with 0 ≤ I < N, got \(index)/\(count)")
        }
        self.index = index; self.count = count
    }

    /// Parses `I/N`; `I` may come from `JOB_COMPLETION_INDEX` when the text is `$(JOB_COMPLETION_INDEX)/N`-expanded.
    public init(parsing text: String) throws(GridError) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw GridError("--shard: expected I/N (e.g. 0/4), got \"\(text)\"")
        }
        try self.init(index: i, count: n)
    }

    /// Whether the k-th task (in canonical order) belongs to this shard: round-robin.
    public func owns(_ k: Int) -> Bool { k % count == index }
    public var description: String { "\(index)/\(count)" }
}

/// A bad grid, seed list or shard.
public struct GridError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The settings of one grid point.
public struct GridPoint: Sendable, Hashable, Comparable {
    public var interval: SimDuration
    public var stabilization: SimDuration
    /// nil keeps the scenario's (or the defaults') initial lookback.
    public var lookback: SimDuration?
    /// The delivery axes (`--flush-interval`, `--latency`); nil keeps the scenario's (or the command line's).
    public var flushInterval: SimDuration?
    public var latency: IngestionLatency?

    public init(
        interval: SimDuration, stabilization: SimDuration, lookback: SimDuration?, flushInterval: SimDuration? = nil,
        latency: IngestionLatency? = nil
    ) {
        self.interval = interval; self.stabilization = stabilization; self.lookback = lookback
        self.flushInterval = flushInterval; self.latency = latency
    }

    public static func < (a: GridPoint, b: GridPoint) -> Bool { a.sortKey < b.sortKey }

    private var sortKey: (SimDuration, SimDuration, Int64, Int64, Double, String) {
        (
            interval, stabilization, lookback?.seconds ?? -1, flushInterval?.seconds ?? -1, latency?.meanSeconds ?? -1,
            latency?.description ?? ""
        )
    }

    /// Why Calico's engine would not honour this point, or nil: it ignores a stabilization period or an initial
    /// lookback shorter than the interval and keeps its previous value (SPEC §1.5), so such a point would run with
    /// another setting than its label says.
    public var rejection: String? {
        if stabilization < interval {
            return "stabilization \(stabilization.compact) is shorter than the interval \(interval.compact)"
        }
        if let lookback, lookback < interval {
            return "initial lookback \(lookback.compact) is shorter than the interval \(interval.compact)"
        }
        return nil
    }

    /// `10m/1h` (`10m/1h/1d` with a lookback, `10m/1h [latency 2m0s]` with a delivery axis), as reports label points.
    public var label: String {
        ([interval.compact, stabilization.compact] + (lookback.map { [$0.compact] } ?? [])).joined(separator: "/")
            + (deliveryLabel.map { " [\($0)]" } ?? "")
    }

    /// `flush 1m, latency 2m0s` (only the delivery axes that are set); nil when none is.
    public var deliveryLabel: String? {
        let parts = (flushInterval.map { ["flush \($0.compact)"] } ?? []) + (latency.map { ["latency \($0)"] } ?? [])
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// The scope of this point: the base scope with interval, stabilization and lookback replaced.
    public func scope(from base: PolicyRecommendationScope) -> PolicyRecommendationScope {
        var s = base
        s.spec.interval = interval.goString
        s.spec.stabilizationPeriod = stabilization.goString
        if let lookback { s.spec.initialLookback = lookback.goString }
        return s
    }
}

/// The grid of a sweep and its seeds, parsed from the command line.
public struct SweepGrid: Sendable, Hashable {
    public var intervals: [SimDuration]
    public var stabilizations: [SimDuration]
    public var lookbacks: [SimDuration]
    /// Delivery axes (issue 17): flush intervals and ingestion latencies; empty when not swept.
    public var flushIntervals: [SimDuration]
    public var latencies: [IngestionLatency]
    public var seeds: [UInt64]

    public init(
        intervals: [SimDuration], stabilizations: [SimDuration], lookbacks: [SimDuration] = [],
        flushIntervals: [SimDuration] = [], latencies: [IngestionLatency] = [], seeds: [UInt64]
    ) throws(GridError) {
        guard !intervals.isEmpty else { throw GridError("--interval: give at least one duration") }
        guard !stabilizations.isEmpty else { throw GridError("--stabilization: give at least one duration") }
        guard !seeds.isEmpty else { throw GridError("--seeds: give at least one seed") }
        if let bad = intervals.first(where: { $0.seconds < 30 }) {
            throw GridError("--interval: \(bad.compact) is below Calico's minimum interval of 30s")
        }
        for (name, list) in [
            ("--interval", intervals), ("--stabilization", stabilizations), ("--lookback", lookbacks),
            ("--flush-interval", flushIntervals),
        ] {
            if Set(list).count != list.count { throw GridError("\(name): duplicate values") }
        }
        if Set(latencies).count != latencies.count { throw GridError("--latency: duplicate values") }
        if Set(seeds).count != seeds.count { throw GridError("--seeds: duplicate seeds") }
        self.intervals = intervals.sorted(); self.stabilizations = stabilizations.sorted()
        self.lookbacks = lookbacks.sorted(); self.seeds = seeds.sorted()
        self.flushIntervals = flushIntervals.sorted()
        self.latencies = latencies.sorted { ($0.meanSeconds, $0.description) < ($1.meanSeconds, $1.description) }
        if points.isEmpty, let first = rejectedPoints.first {
            throw GridError(
                "no grid point is one Calico's engine would honour: \(first.reason) (it ignores such values, SPEC §1.5); "
                    + "give stabilization periods and lookbacks at least as long as the interval")
        }
    }

    /// Parses `150s,5m,10m`.
    public static func durations(_ text: String, option: String) throws(GridError) -> [SimDuration] {
        var out: [SimDuration] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            do { out.append(try SimDuration(parsing: String(part), allowDays: true)) } catch {
                throw GridError("\(option): \(error)")
            }
            if out.last!.seconds <= 0 { throw GridError("\(option): durations must be positive, got \"\(part)\"") }
        }
        return out
    }

    /// Parses `1..20` or `1,2,5` (or a mix: `1..3,10`).
    public static func seeds(_ text: String) throws(GridError) -> [UInt64] {
        var out: [UInt64] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            if let r = part.range(of: "..") {
                guard let a = UInt64(part[..<r.lowerBound]), let b = UInt64(part[r.upperBound...]), a <= b else {
                    throw GridError("--seeds: expected A..B with A ≤ B, got \"\(part)\"")
                }
                guard b - a < 100_000 else { throw GridError("--seeds: \(part) is too many seeds") }
                out += Array(a...b)
            } else {
                guard let s = UInt64(part) else {
                    throw GridError("--seeds: expected a seed number or A..B, got \"\(part)\"")
                }
                out.append(s)
            }
        }
        return out
    }

    /// Every point, in grid order (interval, then stabilization, then lookback).
    /// The grid points the engine honours (see `rejectedPoints`).
    public var points: [GridPoint] { allPoints.filter { $0.rejection == nil } }

    /// Points left out because the engine would not honour their values, with the reason.
    public var rejectedPoints: [(point: GridPoint, reason: String)] {
        allPoints.compactMap { p in p.rejection.map { (p, $0) } }
    }

    /// Every combination of the axes.
    var allPoints: [GridPoint] {
        var out: [GridPoint] = []
        let flushes: [SimDuration?] = flushIntervals.isEmpty ? [nil] : flushIntervals
        let delays: [IngestionLatency?] = latencies.isEmpty ? [nil] : latencies
        for i in intervals {
            for s in stabilizations {
                for l in lookbacks.isEmpty ? [nil] : lookbacks.map(Optional.some) {
                    for f in flushes {
                        for d in delays {
                            out.append(
                                GridPoint(interval: i, stabilization: s, lookback: l, flushInterval: f, latency: d))
                        }
                    }
                }
            }
        }
        return out
    }

    /// Canonical text of the grid (for the sweep id).
    public var canonicalText: String {
        "interval=\(intervals.map(\.goString).joined(separator: ",")) stabilization=\(stabilizations.map(\.goString).joined(separator: ","))"
            + " lookback=\(lookbacks.map(\.goString).joined(separator: ",")) seeds=\(seeds.map(String.init).joined(separator: ","))"
            + (flushIntervals.isEmpty ? "" : " flush=\(flushIntervals.map(\.goString).joined(separator: ","))")
            + (latencies.isEmpty ? "" : " latency=\(latencies.map(\.description).joined(separator: ","))")
    }

    /// Parses `0s,60s,5m` (each a latency: `2m`, `uniform:30s..3m`, `exponential:1m`).
    public static func latencies(_ text: String) throws(GridError) -> [IngestionLatency] {
        var out: [IngestionLatency] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            do { out.append(try IngestionLatency(parsing: String(part))) } catch {
                throw GridError("--latency: \(error.message)")
            }
        }
        return out
    }
}

/// One (grid point, seed) run of a sweep.
public struct SweepTask: Sendable, Hashable {
    public var point: GridPoint
    public var seed: UInt64
    /// The run's settings JSON (its identity in the store together with sweep, scenario and seed).
    public var settingsJSON: String
}

/// A sweep: scenario, grid, id, and the tasks this process runs (all, or one shard's).
public struct SweepPlan: Sendable {
    public let scenario: Scenario
    public let grid: SweepGrid
    public let sweepID: String
    public let options: RunOptions
    public let shard: Shard?
    /// Every task of the whole sweep in canonical order: by settings JSON, then seed — the order the store
    /// gives merged runs, so sharded and unsharded sweeps number their runs alike.
    public let allTasks: [SweepTask]

    public init(scenario: Scenario, grid: SweepGrid, options: RunOptions, sweepID: String? = nil, shard: Shard? = nil) {
        self.scenario = scenario; self.grid = grid; self.shard = shard
        var base = options
        base.seed = nil
        // Assumptions off their defaults make another sweep (the text is unchanged when there are none).
        let assumed = ScenarioRunner(scenario: scenario, options: options).assumptions.label
        let idText =
            "\(scenario.name) \((options.duration ?? scenario.duration).seconds) \(grid.canonicalText)"
            + (assumed.isEmpty ? "" : " assume=\(assumed)")
            + (options.engineStart.map { " engineStart=\($0.compact)" } ?? "")
            + (options.ingestionLatency.map { " ingestionLatency=\($0)" } ?? "")
            + (options.loss.map { " loss=\($0)" } ?? "")
            + (options.flushPhase.map { " flushPhase=\($0.rawValue)" } ?? "")
            + (options.retention.map { " retention=\($0.compact)" } ?? "")
        let id = sweepID ?? "sweep-\(scenario.name)-" + String(SHA2.hash(idText).hexString.prefix(10))
        self.sweepID = id
        base.sweepID = id
        base.shard = shard?.description
        self.options = base
        let baseScope = options.scope ?? scenario.recommendation.scope ?? defaultRunScope
        var tasks: [SweepTask] = []
        for p in grid.points {
            var pointOptions = base
            if let latency = p.latency { pointOptions.ingestionLatency = latency }
            let runner = ScenarioRunner(scenario: Self.scenario(scenario, for: p), options: pointOptions)
            let json = runner.settings(for: p.scope(from: baseScope)).canonicalJSON
            for s in grid.seeds { tasks.append(SweepTask(point: p, seed: s, settingsJSON: json)) }
        }
        allTasks = tasks.sorted { ($0.settingsJSON, $0.seed) < ($1.settingsJSON, $1.seed) }
    }

    /// The tasks this process runs, in canonical order.
    public var tasks: [SweepTask] {
        guard let shard else { return allTasks }
        return allTasks.enumerated().filter { shard.owns($0.offset) }.map(\.element)
    }

    /// The run options of one task.
    public func runOptions(for task: SweepTask) -> RunOptions {
        var o = options
        o.seed = task.seed
        let baseScope = options.scope ?? scenario.recommendation.scope ?? defaultRunScope
        o.scope = task.point.scope(from: baseScope)
        if let latency = task.point.latency { o.ingestionLatency = latency }
        return o
    }

    /// The scenario a point runs: the plan's, with the point's flush interval.
    public func scenario(for point: GridPoint) -> Scenario { Self.scenario(scenario, for: point) }

    static func scenario(_ scenario: Scenario, for point: GridPoint) -> Scenario {
        guard let flush = point.flushInterval else { return scenario }
        var s = scenario
        s.flowLogs.flushInterval = flush
        return s
    }
}

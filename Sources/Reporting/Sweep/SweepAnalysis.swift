/// Quantiles of time to Stable over (namespace, seed) pairs. Pairs that never became Stable count as +∞:
/// they push the quantiles up (a median of "never" means most pairs never got there) and are counted in
/// `neverStable`, so a setting cannot look fast by losing its slow namespaces.
public struct TimeToStableStats: Sendable, Hashable {
    /// (namespace, seed) pairs.
    public var samples: Int
    /// Pairs that never reached Stable.
    public var neverStable: Int
    /// Nearest-rank quantiles in seconds; `.infinity` when the rank falls on a never-Stable pair, NaN with no samples.
    public var p10: Double
    public var median: Double
    public var p90: Double
}

/// The pure selection logic of sweeps: statistics, the Pareto front and the recommendation.
/// The Harness calls these to fill `SweepReportData` and to print results; the report only shows them.
public enum SweepAnalysis {
    /// `part / whole`, 0 when `whole` is 0 (no legit traffic means nothing could be falsely denied).
    public static func rate(_ part: Int, of whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

    /// Nearest-rank quantile of ascending `sorted` values: the value at rank ⌈p·n⌉ (1-based), so it is
    /// always one of the samples (the lower middle for an even count at p = 0.5). NaN when empty.
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        precondition(p >= 0 && p <= 1, "quantile p must be in 0...1")
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Median of `values` (nearest rank); NaN when empty.
    public static func median(_ values: [Double]) -> Double { quantile(values.sorted(), 0.5) }

    /// p10, median and p90 of times to Stable, never-Stable as +∞.
    public static func timeToStable(_ samples: [Int64?]) -> TimeToStableStats {
        let sorted = samples.map { $0.map(Double.init) ?? .infinity }.sorted()
        return TimeToStableStats(
            samples: samples.count, neverStable: samples.filter { $0 == nil }.count,
            p10: quantile(sorted, 0.1), median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9))
    }

    /// Indices of the points on the Pareto front of (median time to Stable, overall false-deny rate), both
    /// minimised, ordered by time then rate. Points whose median is never (∞) are not candidates.
    public static func paretoFront(_ points: [SweepPoint]) -> [Int] {
        let candidates = points.indices.filter { points[$0].timeToStableStats.median.isFinite }
        let plotted = candidates.map {
            ScatterPlot.Point(
                x: points[$0].timeToStableStats.median, y: points[$0].falseDenyRate, label: points[$0].setting.label)
        }
        return ScatterPlot.paretoFront(plotted, x: .minimize, y: .minimize).map { candidates[$0] }
    }

    /// The index of the shortest candidate that meets `bounds`: smallest finite median time to Stable, ties broken by
    /// `SweepSetting` order (smaller stabilization, then interval, then lookback).
    public static func shortestMeeting(_ candidates: [SweepChoice], bounds: FalseDenyBounds) -> Int? {
        candidates.indices
            .filter { candidates[$0].medianTimeToStable.isFinite && candidates[$0].meets(bounds) }
            .min { a, b in
                let x = candidates[a], y = candidates[b]
                if x.medianTimeToStable != y.medianTimeToStable { return x.medianTimeToStable < y.medianTimeToStable }
                if x.setting != y.setting { return x.setting < y.setting }
                return a < b
            }
    }

    /// The decision: for the cluster (the scope's settings are cluster-wide: median over all namespaces and seeds,
    /// rates pooled over them), the shortest setting meeting `bounds`; per namespace, as a diagnostic, the setting that
    /// namespace alone would need (its median over seeds, its own rates).
    ///
    /// With a delivery axis the pipeline is a given, not a choice: each delivery model gets its own shortest setting
    /// (`perDelivery`), and the overall and per-namespace choices hold under every delivery model swept — each
    /// setting is judged by its worst delivery model (`worstCase`).
    public static func recommend(_ points: [SweepPoint], bounds: FalseDenyBounds) -> SweepRecommendation {
        let deliveries = Array(Set(points.compactMap(\.setting.delivery))).sorted()
        guard deliveries.isEmpty else {
            var r = shortest(worstCase(points), bounds: bounds)
            r.perDelivery = deliveries.map { d in
                .init(delivery: d, choice: shortest(points.filter { $0.setting.delivery == d }, bounds: bounds).overall)
            }
            return r
        }
        return shortest(points, bounds: bounds)
    }

    /// `recommend` over the given points as they are.
    static func shortest(_ points: [SweepPoint], bounds: FalseDenyBounds) -> SweepRecommendation {
        let overall = points.map {
            SweepChoice(
                setting: $0.setting, medianTimeToStable: $0.timeToStableStats.median, falseDenyRate: $0.falseDenyRate,
                byRarity: $0.byRarity)
        }
        var names: [String] = []
        for point in points {
            for ns in point.namespaces where !names.contains(ns.namespace) { names.append(ns.namespace) }
        }
        let perNamespace = names.sorted().map { name -> SweepRecommendation.Namespace in
            let choices = points.compactMap { point -> SweepChoice? in
                guard let ns = point.namespaces.first(where: { $0.namespace == name }) else { return nil }
                return SweepChoice(
                    setting: point.setting, medianTimeToStable: timeToStable(ns.timeToStable).median,
                    falseDenyRate: rate(ns.falseDenyFlows, of: ns.legitFlows), byRarity: ns.byRarity)
            }
            return .init(namespace: name, choice: shortestMeeting(choices, bounds: bounds).map { choices[$0] })
        }
        return SweepRecommendation(
            overall: shortestMeeting(overall, bounds: bounds).map { overall[$0] },
            perNamespace: perNamespace)
    }

    /// One point per setting without its delivery model: the worst of that setting's delivery models — the slowest
    /// median time to Stable, per rarity the highest false-deny rate, the most missed attacks, and per namespace
    /// the delivery model with the highest false-deny rate. Points keep the grid order.
    public static func worstCase(_ points: [SweepPoint]) -> [SweepPoint] {
        var order: [SweepSetting] = []
        var groups: [SweepSetting: [SweepPoint]] = [:]
        for p in points {
            let key = p.setting.withoutDelivery
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(p)
        }
        return order.map { key in
            let group = groups[key]!
            let slowest = group.max { $0.timeToStableStats.median < $1.timeToStableStats.median }!
            var merged = slowest
            merged.setting = key
            merged.byRarity = slowest.byRarity.map { r in
                group.map { $0.rarity(r.rarity) }.max { $0.rate < $1.rate } ?? r
            }
            merged.missedAttacks = group.map(\.missedAttacks).max() ?? 0
            merged.missedAttackClasses = group.map(\.missedAttackClasses).max() ?? 0
            merged.lateFlows = group.map(\.lateFlows).max() ?? 0
            merged.lostFlows = group.map(\.lostFlows).max() ?? 0
            merged.namespaces = slowest.namespaces.map { ns in
                let all = group.compactMap { $0.namespaces.first { $0.namespace == ns.namespace } }
                let worst =
                    all.max {
                        rate($0.falseDenyFlows, of: $0.legitFlows) < rate($1.falseDenyFlows, of: $1.legitFlows)
                    } ?? ns
                let slow =
                    all.max {
                        timeToStable($0.timeToStable).median < timeToStable($1.timeToStable).median
                    } ?? ns
                var m = worst
                m.timeToStable = slow.timeToStable
                return m
            }
            return merged
        }
    }
}

import Reporting
import ResultStore
import Simulation

/// Builds a sweep's report data from the store alone (so a merged sharded sweep reports like an unsharded one).
///
/// A point's false denies are those of the recommendation *as it was when it first became Stable*, enforced
/// from then on (`falseDenyAtStable.<rarity>`): the question a tuner asks is "if I enforce when it says
/// Stable, what breaks?". Rates divide by all legit flows of that rarity in the run.
public enum SweepReportBuilder {
    public static func build(
        store: ResultStore, sweepID: String, bounds: FalseDenyBounds = .standard
    ) throws -> SweepReportData {
        let runs = try store.sweepRuns(sweepID: sweepID).filter { $0.status == .complete }
        guard let first = runs.first else { throw RunError("no complete runs of sweep \(sweepID) in the database") }
        let metrics = try store.metrics(sweepID: sweepID)
        var byRun: [Int64: [MetricRow]] = [:]
        for rm in metrics { byRun[rm.run.id] = rm.metrics }

        var groups: [String: [RunRow]] = [:]
        for r in runs { groups[r.info.settingsJSON, default: []].append(r) }
        let deliveryAxes = DeliveryAxes(runs.map(\.info.settings))
        var points: [SweepPoint] = []
        for (_, group) in groups {
            var setting = self.setting(group[0].info.settings)
            setting.delivery = deliveryAxes.value(group[0].info.settings)
            var late = 0, lost = 0
            var lateByRarity: [String: Int] = [:]
            var learn: [String: [Double]] = [:]
            var ttsAll: [Int64?] = [], rules: [RuleCount] = []
            var legit: [String: Int] = [:], denied: [String: Int] = [:], deniedClasses: [String: Int] = [:]
            var missed = 0, missedClasses = 0
            var perNamespace:
                [String: (tts: [Int64?], legit: Int, fd: Int, byRarity: [String: (legit: Int, fd: Int)])] = [:]
            for run in group.sorted(by: { $0.info.seed < $1.info.seed }) {
                var m: [String: [String: Double]] = [:]
                for row in byRun[run.id] ?? [] { m[row.namespace, default: [:]][row.name] = row.value }
                for r in RunReportData.defaultRarities {
                    let l = Int(m[""]?["deliveryLateFlows.\(r)"] ?? 0), x = Int(m[""]?["deliveryLostFlows.\(r)"] ?? 0)
                    late += l
                    lost += x
                    if m[""]?["deliveryLateFlows.\(r)"] != nil { lateByRarity[r, default: 0] += l + x }
                    if let t = m[""]?["timeToLearn.p50.\(r)"] { learn[r, default: []].append(t) }
                }
                for ns in m.keys.filter({ !$0.isEmpty }).sorted() {
                    let nm = m[ns]!
                    let tts = nm["timeToStable"].map { Int64($0) }
                    ttsAll.append(tts)
                    rules.append(
                        RuleCount(egress: Int(nm["rules.egress"] ?? 0), ingress: Int(nm["rules.ingress"] ?? 0)))
                    var entry = perNamespace[ns] ?? ([], 0, 0, [:])
                    entry.tts.append(tts)
                    for r in RunReportData.defaultRarities {
                        let l = Int(nm["legitFlows.\(r)"] ?? 0), d = Int(nm["falseDenyAtStable.\(r)"] ?? 0)
                        legit[r, default: 0] += l
                        denied[r, default: 0] += d
                        deniedClasses[r, default: 0] += Int(nm["falseDenyAtStableClasses.\(r)"] ?? 0)
                        entry.legit += l; entry.fd += d
                        entry.byRarity[r, default: (0, 0)].legit += l
                        entry.byRarity[r, default: (0, 0)].fd += d
                    }
                    missed += Int(nm["missedAttacks"] ?? 0)
                    missedClasses += Int(nm["missedAttackClasses"] ?? 0)
                    perNamespace[ns] = entry
                }
            }
            let byRarity = RunReportData.defaultRarities.map {
                RarityFalseDenies(
                    rarity: $0, legitFlows: legit[$0] ?? 0, falseDenyFlows: denied[$0] ?? 0,
                    falseDenyClasses: deniedClasses[$0] ?? 0)
            }
            let namespaces = perNamespace.keys.sorted().map { ns in
                let e = perNamespace[ns]!
                return NamespacePointScore(
                    namespace: ns, timeToStable: e.tts, legitFlows: e.legit, falseDenyFlows: e.fd,
                    byRarity: RunReportData.defaultRarities.map {
                        RarityFalseDenies(
                            rarity: $0, legitFlows: e.byRarity[$0]?.legit ?? 0,
                            falseDenyFlows: e.byRarity[$0]?.fd ?? 0)
                    })
            }
            var point = SweepPoint(
                setting: setting, seeds: group.count, timeToStable: ttsAll, byRarity: byRarity,
                missedAttacks: missed, missedAttackClasses: missedClasses, rules: rules, namespaces: namespaces)
            point.lateFlows = late
            point.lostFlows = lost
            point.lateOrLostByRarity = lateByRarity
            point.timeToLearnByRarity = learn.mapValues { SweepAnalysis.median($0) }
            points.append(point)
        }
        points.sort { $0.setting < $1.setting }
        let axes = SweepAxes(
            interval: Array(Set(points.map(\.setting.interval))).sorted(),
            stabilization: Array(Set(points.map(\.setting.stabilization))).sorted(),
            lookback: Array(Set(points.compactMap(\.setting.lookback))).sorted(),
            delivery: Array(Set(points.compactMap(\.setting.delivery))).sorted())
        let seeds = Array(Set(runs.map(\.info.seed))).sorted()
        var data = SweepReportData(
            sweepID: sweepID, scenario: first.info.scenario, seeds: seeds, axes: axes, points: points,
            bounds: bounds, recommendation: SweepAnalysis.recommend(points, bounds: bounds))
        // Every run of a sweep has the same assumptions (they are part of the sweep's id); warnings are listed once.
        var warnings: [String] = []
        for r in runs.sorted(by: { $0.info.settingsJSON < $1.info.settingsJSON }) {
            for w in r.info.settings.warnings where !warnings.contains(w) { warnings.append(w) }
        }
        data.assumptions = ReportAssumptions.block(first.info.settings.assumptions, warnings: warnings)
        data.delivery = first.info.settings.flowLogs.deliveryDescription
        data.faults = first.info.settings.faults ?? "none"
        data.assumptions?.restsOn = try SensitivityAnalysis.restsOn(store: store, scenario: first.info.scenario)
        return data
    }

    /// The grid setting of a run: the interval, stabilization period and initial lookback its scope set (a value
    /// left to the engine's defaults reads `default`; an unset lookback is no axis).
    static func setting(_ settings: RunSettings) -> SweepSetting {
        func value(_ d: SimDuration) -> SettingValue { SettingValue(d.compact, seconds: d.seconds) }
        return SweepSetting(
            interval: settings.engine.interval.map(value) ?? SettingValue("default", seconds: 0),
            stabilization: settings.engine.stabilizationPeriod.map(value) ?? SettingValue("default", seconds: 0),
            lookback: settings.engine.initialLookback.map(value))
    }

    /// The delivery axes of a sweep: the flush intervals and ingestion latencies its runs differ in. A sweep
    /// without `--latency` or `--flush-interval` has none, and its points no delivery value.
    struct DeliveryAxes {
        var flush: Bool
        var latency: Bool

        init(_ settings: [RunSettings]) {
            flush = Set(settings.map(\.flowLogs.flushInterval)).count > 1
            latency = Set(settings.map(\.flowLogs.ingestionLatency)).count > 1
        }

        /// `flush 1m, latency 2m0s` (the axes that vary), ordered by flush interval then mean latency.
        func value(_ s: RunSettings) -> SettingValue? {
            guard flush || latency else { return nil }
            var parts: [String] = []
            if flush { parts.append("flush \(s.flowLogs.flushInterval.compact)") }
            if latency { parts.append("latency \(s.flowLogs.ingestionLatency)") }
            let order =
                (flush ? s.flowLogs.flushInterval.seconds * 10_000_000 : 0)
                + (latency ? Int64(s.flowLogs.ingestionLatency.meanSeconds.rounded()) : 0)
            return SettingValue(parts.joined(separator: ", "), seconds: order)
        }
    }
}

import Reporting
import ResultStore
import Simulation

/// Capacity results as ordinary runs: one run per (size, seed) point, tagged with the study id as its
/// `sweep_id`, its figures as `capacity.*` metrics. Shards write to their own files; `recsim merge` joins
/// them and `recsim report --capacity ID` rebuilds the report from the metrics alone.
public enum CapacityResults {
    /// Metric names, in storage order (values as in `CapacityMeasurement`; bytes, seconds).
    static func metrics(_ m: CapacityMeasurement) -> [(String, Double?)] {
        [
            ("capacity.pointIndex", Double(m.point.index)),
            ("capacity.targetFlowsPerSecond", m.point.flowsPerSecond),
            ("capacity.namespaces", Double(m.namespaces)),
            ("capacity.workloads", Double(m.workloads)),
            ("capacity.flowsPerSecond.expected", m.expectedFlowsPerSecond),
            ("capacity.flowsPerSecond.measured", m.measuredFlowsPerSecond),
            ("capacity.days", m.days),
            ("capacity.flushIntervalSeconds", m.flushIntervalSeconds),
            ("capacity.intervalSeconds", m.intervalSeconds),
            ("capacity.initialLookbackSeconds", m.initialLookbackSeconds),
            ("capacity.queryWindowSeconds", m.queryWindowSeconds),
            ("capacity.maxRules", Double(m.maxRules)),
            ("capacity.windows", Double(m.windows)),
            ("capacity.records", Double(m.records)),
            ("capacity.maxRecordsPerWindow", Double(m.maxRecordsPerWindow)),
            ("capacity.recordsPerInterval", m.recordsPerInterval),
            ("capacity.recordsPerQueryWindow", m.recordsPerQueryWindow),
            ("capacity.recordsPerInitialLookback", m.recordsPerInitialLookback),
            ("capacity.ticks", Double(m.ticks)),
            ("capacity.policies", Double(m.policies)),
            ("capacity.rulesPerPolicy.median", m.rulesMedian),
            ("capacity.rulesPerPolicy.max", m.rulesMax),
            ("capacity.yamlBytes.median", m.yamlBytesMedian),
            ("capacity.yamlBytes.max", m.yamlBytesMax),
            ("capacity.databaseBytes", Double(m.databaseBytes)),
            ("capacity.databaseBytesPerDay", m.databaseBytesPerDay),
            ("capacity.tickSeconds.count", m.tick.map { Double($0.count) }),
            ("capacity.tickSeconds.mean", m.tick?.mean),
            ("capacity.tickSeconds.p95", m.tick?.p95),
            ("capacity.tickSeconds.max", m.tick?.max),
            ("capacity.peakMemoryBytes", m.peakMemoryBytes),
        ]
    }

    /// Stores one measurement as a finished run of the study; returns its run id.
    @discardableResult
    public static func store(
        _ m: CapacityMeasurement, study: CapacityStudy, shard: CapacityShard?,
        in store: ResultStore
    ) throws -> Int64 {
        var settings = ScenarioRunner(scenario: study.scenario, options: study.options).settings(for: study.scope)
        settings.capacity = RunSettings.CapacityPoint(
            study: study.id, namespaces: m.point.namespaces, flowsPerSecond: m.point.flowsPerSecond)
        let start = study.scenario.start
        let id = try store.beginRun(
            RunInfo(
                scenario: study.scenario.name, seed: m.point.seed,
                settings: settings, sweepID: study.id,
                shard: shard?.description, virtualStart: start,
                virtualEnd: start + study.duration))
        try store.append(
            metrics: metrics(m).compactMap { name, value in
                value.map { MetricRow(namespace: "", name: name, value: $0) }
            }, run: id)
        try store.finishRun(id, fingerprint: m.fingerprint)
        return id
    }

    /// The measurements of a study stored in `store` (one per point: the newest run wins), by point index.
    public static func load(
        studyID: String, from store: ResultStore
    ) throws -> (scenario: String, measurements: [CapacityMeasurement]) {
        var byIndex: [Int: CapacityMeasurement] = [:]
        var scenario = ""
        for entry in try store.metrics(sweepID: studyID) where entry.run.status == .complete {
            var v: [String: Double] = [:]
            for row in entry.metrics where row.namespace.isEmpty { v[row.name] = row.value }
            guard let index = v["capacity.pointIndex"].map({ Int($0) }) else { continue }
            scenario = entry.run.info.scenario
            func d(_ k: String) -> Double { v["capacity." + k] ?? 0 }
            func i(_ k: String) -> Int { Int(d(k)) }
            let tick = v["capacity.tickSeconds.max"].map { _ in
                TickSeconds(
                    count: i("tickSeconds.count"), mean: d("tickSeconds.mean"), p95: d("tickSeconds.p95"),
                    max: d("tickSeconds.max"))
            }
            let point = CapacityPointSpec(
                index: index, namespaces: i("namespaces"), flowsPerSecond: v["capacity.targetFlowsPerSecond"],
                seed: entry.run.info.seed)
            byIndex[index] = CapacityMeasurement(
                point: point, namespaces: i("namespaces"), workloads: i("workloads"),
                expectedFlowsPerSecond: d("flowsPerSecond.expected"),
                measuredFlowsPerSecond: d("flowsPerSecond.measured"),
                days: d("days"), flushIntervalSeconds: d("flushIntervalSeconds"), intervalSeconds: d("intervalSeconds"),
                initialLookbackSeconds: d("initialLookbackSeconds"), queryWindowSeconds: d("queryWindowSeconds"),
                maxRules: i("maxRules"), windows: i("windows"), records: i("records"),
                maxRecordsPerWindow: i("maxRecordsPerWindow"),
                recordsPerInterval: d("recordsPerInterval"), recordsPerQueryWindow: d("recordsPerQueryWindow"),
                recordsPerInitialLookback: d("recordsPerInitialLookback"), ticks: i("ticks"), policies: i("policies"),
                rulesMedian: d("rulesPerPolicy.median"), rulesMax: d("rulesPerPolicy.max"),
                yamlBytesMedian: d("yamlBytes.median"), yamlBytesMax: d("yamlBytes.max"),
                databaseBytes: i("databaseBytes"), databaseBytesPerDay: d("databaseBytesPerDay"),
                fingerprint: entry.run.fingerprint ?? "", tick: tick, peakMemoryBytes: v["capacity.peakMemoryBytes"])
        }
        guard !byIndex.isEmpty else {
            throw CapacityError("no finished capacity runs with study id \(studyID) in the database")
        }
        return (scenario, byIndex.keys.sorted().map { byIndex[$0]! })
    }

    /// The report files (index.html, summary.md, capacity.csv) of a study's measurements.
    public static func reportFiles(
        scenario: String, measurements: [CapacityMeasurement], projectTo: [Int] = [], settings: RunSettings? = nil
    ) -> [ReportFile] {
        var data = reportData(scenario: scenario, measurements: measurements, settings: settings)
        data.projectTo = projectTo
        return CapacityReport(data: data).files()
    }

    /// Report data: one point per cluster size, seeds combined (counts averaged; maxima, p95 and peak
    /// memory the largest over seeds; tick means averaged).
    public static func reportData(
        scenario: String, measurements: [CapacityMeasurement], settings: RunSettings? = nil
    ) -> CapacityReportData {
        precondition(!measurements.isEmpty, "a capacity report needs at least one measurement")
        var groups: [String: [CapacityMeasurement]] = [:]
        var order: [String] = []
        for m in measurements.sorted(by: { $0.point.index < $1.point.index }) {
            let key = "\(m.point.namespaces) \(m.point.flowsPerSecond ?? -1)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(m)
        }
        let points = order.map { key -> CapacityPoint in
            let g = groups[key]!
            func mean(_ f: (CapacityMeasurement) -> Double) -> Double { g.map(f).reduce(0, +) / Double(g.count) }
            func top(_ f: (CapacityMeasurement) -> Double) -> Double { g.map(f).max() ?? 0 }
            let ticks = g.compactMap(\.tick)
            let memory = g.compactMap(\.peakMemoryBytes)
            let first = g[0]
            return CapacityPoint(
                size: ClusterSize(
                    namespaces: first.namespaces, workloads: first.workloads,
                    flowsPerSecond: first.point.flowsPerSecond ?? mean(\.measuredFlowsPerSecond)),
                recordsPerInterval: mean(\.recordsPerInterval), recordsPerQueryWindow: mean(\.recordsPerQueryWindow),
                rulesPerPolicy: Spread(median: mean(\.rulesMedian), max: top(\.rulesMax)),
                stagedPolicyYAMLBytes: Spread(median: mean(\.yamlBytesMedian), max: top(\.yamlBytesMax)),
                engineTickSeconds: TickTime(
                    mean: ticks.isEmpty ? 0 : ticks.map(\.mean).reduce(0, +) / Double(ticks.count),
                    p95: ticks.map(\.p95).max() ?? 0, max: ticks.map(\.max).max() ?? 0),
                peakMemoryBytes: memory.max(), databaseBytesPerDay: mean(\.databaseBytesPerDay))
        }
        let first = measurements[0]
        let namespaceCounts = Set(measurements.map(\.namespaces)).count
        let rates = Set(measurements.compactMap(\.point.flowsPerSecond)).count
        var data = CapacityReportData(
            scenario: scenario, intervalSeconds: first.intervalSeconds,
            queryWindowSeconds: Int64(first.queryWindowSeconds), maxRules: first.maxRules,
            primaryAxis: namespaceCounts < 2 && rates >= 2 ? .flowsPerSecond : .namespaces,
            points: points, assumptions: settings.map(ReportAssumptions.block))
        data.delivery = settings?.flowLogs.deliveryDescription
        data.faults = settings.map { $0.faults ?? "none" }
        return data
    }
}

import Foundation
import ResultStore
import Simulation
import TrafficGeneration

/// Runs one capacity point as the pipeline would run: traffic → flow logs → engine ticks → scoring → a
/// results database, and measures the volumes. Engine time is measured by the caller's `TickTimer`.
public enum CapacityProbe {
    /// Runs `point` of `study`, storing into a fresh database at `databasePath` (removed afterwards) to
    /// measure its size. `progress` receives (windows done, windows total).
    public static func measure(
        _ study: CapacityStudy, point: CapacityPointSpec, databasePath: String,
        tickTimer: (any TickTimer)? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> CapacityMeasurement {
        let scenario = try study.scenario(for: point)
        var options = study.options
        options.seed = point.seed
        options.storeFlows = false
        removeDatabase(databasePath)
        defer { removeDatabase(databasePath) }
        let store = try ResultStore(path: databasePath)
        var sim = TrafficSimulator(scenario: scenario, seed: point.seed, duration: options.duration)
        var session = try RunSession(
            scenario: scenario, cluster: sim.cluster, options: options, seed: point.seed,
            end: sim.end, store: store, tickTimer: tickTimer)
        let total = sim.windowCount
        var done = 0
        var connections: Int64 = 0
        while let window = sim.nextWindow() {
            try Interruption.check()
            for c in window.connections { connections += c.count }
            try session.consume(window)
            done += 1
            progress?(done, total)
        }
        let result = try session.finish()
        try store.checkpoint()
        store.close()
        let databaseBytes = fileSize(databasePath) + fileSize(databasePath + "-wal")

        let stats = result.statistics
        let settings = study.engineSettings
        let seconds = Double((sim.end - scenario.start).seconds)
        let days = seconds / 86_400
        let flush = Double(scenario.flowLogs.flushInterval.seconds)
        let interval = Double(settings.interval.seconds)
        let lookback = Double(settings.initialLookback.seconds)
        let perWindow = stats.meanRecordsPerWindow
        return CapacityMeasurement(
            point: point, namespaces: scenario.cluster.namespaces.count, workloads: scenario.cluster.workloads.count,
            expectedFlowsPerSecond: TrafficRate.perSecond(scenario, duration: options.duration),
            measuredFlowsPerSecond: seconds > 0 ? Double(connections) / seconds : 0,
            days: days, flushIntervalSeconds: flush, intervalSeconds: interval, initialLookbackSeconds: lookback,
            queryWindowSeconds: 2 * interval, maxRules: study.maxRules,
            windows: stats.windows, records: stats.records, maxRecordsPerWindow: stats.maxRecordsPerWindow,
            recordsPerInterval: perWindow * interval / flush, recordsPerQueryWindow: perWindow * 2 * interval / flush,
            recordsPerInitialLookback: perWindow * lookback / flush, ticks: stats.ticks,
            policies: stats.rulesPerPolicy.count,
            rulesMedian: median(stats.rulesPerPolicy), rulesMax: Double(stats.rulesPerPolicy.last ?? 0),
            yamlBytesMedian: median(stats.yamlBytesPerPolicy), yamlBytesMax: Double(stats.yamlBytesPerPolicy.last ?? 0),
            databaseBytes: databaseBytes, databaseBytesPerDay: days > 0 ? Double(databaseBytes) / days : 0,
            fingerprint: result.fingerprint, tick: nil, peakMemoryBytes: nil)
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

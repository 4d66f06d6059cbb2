import Reporting

/// The plain-text table `recsim capacity` prints: one row per measured point, limits flagged.
public enum CapacityTable {
    public static let header = [
        "namespaces", "workloads", "seed", "flows/s", "records/interval", "records/window",
        "records/24h", "policies", "rules med", "rules max", "yaml med", "yaml max",
        "tick mean", "tick p95", "tick max", "peak mem", "db/day", "exceeds",
    ]

    public static func rows(_ measurements: [CapacityMeasurement]) -> [[String]] {
        measurements.sorted { $0.point.index < $1.point.index }.map { m in
            let limits = CapacityPoint(
                size: ClusterSize(
                    namespaces: m.namespaces, workloads: m.workloads, flowsPerSecond: m.measuredFlowsPerSecond),
                recordsPerInterval: m.recordsPerInterval, recordsPerQueryWindow: m.recordsPerQueryWindow,
                rulesPerPolicy: Spread(median: m.rulesMedian, max: m.rulesMax),
                stagedPolicyYAMLBytes: Spread(median: m.yamlBytesMedian, max: m.yamlBytesMax),
                engineTickSeconds: TickTime(mean: m.tick?.mean ?? 0, p95: m.tick?.p95 ?? 0, max: m.tick?.max ?? 0),
                peakMemoryBytes: m.peakMemoryBytes, databaseBytesPerDay: m.databaseBytesPerDay
            )
            .limitsExceeded(intervalSeconds: m.intervalSeconds, maxRules: m.maxRules)
            return [
                String(m.namespaces), String(m.workloads), String(m.point.seed),
                Format.number(m.point.flowsPerSecond ?? m.measuredFlowsPerSecond),
                Format.number(m.recordsPerInterval, decimals: 0), Format.number(m.recordsPerQueryWindow, decimals: 0),
                Format.number(m.recordsPerInitialLookback, decimals: 0), String(m.policies),
                Format.number(m.rulesMedian, decimals: 1), Format.number(m.rulesMax, decimals: 0),
                bytes(m.yamlBytesMedian), bytes(m.yamlBytesMax),
                m.tick.map { seconds($0.mean) } ?? "n/a", m.tick.map { seconds($0.p95) } ?? "n/a",
                m.tick.map { seconds($0.max) } ?? "n/a", m.peakMemoryBytes.map(bytes) ?? "n/a",
                bytes(m.databaseBytesPerDay), limits.isEmpty ? "-" : limits.map(\.rawValue).joined(separator: ", "),
            ]
        }
    }

    /// Columns padded to their widths, numbers right-aligned.
    public static func render(_ measurements: [CapacityMeasurement]) -> String {
        let rows = [header] + rows(measurements)
        var widths = Array(repeating: 0, count: header.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            r.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return i == r.count - 1 ? c : pad + c
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// `12.3 KiB`.
    static func bytes(_ value: Double) -> String {
        var v = value
        for unit in ["B", "KiB", "MiB", "GiB"] {
            if v < 1024 || unit == "GiB" { return Format.number(v, decimals: unit == "B" ? 0 : 1) + " " + unit }
            v /= 1024
        }
        return Format.number(v, decimals: 1) + " GiB"
    }

    static func seconds(_ value: Double) -> String { Format.number(value * 1000, decimals: 1) + " ms" }
}

/// Renders a capacity report: `index.html`, `summary.md`, `capacity.csv`.
///
/// Every figure is tabulated and charted against cluster size with a fitted growth model (`GrowthFit`
/// on the figure's headline statistic), and sizes that exceed the engine's limits are marked.
public struct CapacityReport: Sendable {
    typealias Table = RunReport.Table

    public var data: CapacityReportData

    public init(data: CapacityReportData) { self.data = data }

    public func files() -> [ReportFile] {
        [
            ReportFile(name: "index.html", contents: html()),
            ReportFile(name: "summary.md", contents: markdown()),
            ReportFile(name: "capacity.csv", contents: capacityCSV()),
        ]
    }

    var title: String { "recsim capacity report: \(data.scenario)" }

    /// Points by the primary axis, then the other axes, then input order, so lines are drawn left to right.
    var points: [CapacityPoint] {
        let keys = [data.primaryAxis] + CapacitySizeAxis.allCases.filter { $0 != data.primaryAxis }
        return data.points.enumerated().sorted { a, b in
            for axis in keys where a.element.size[axis] != b.element.size[axis] {
                return a.element.size[axis] < b.element.size[axis]
            }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// Size axes with at least two distinct values (only those can be fitted against).
    var varyingAxes: [CapacitySizeAxis] {
        CapacitySizeAxis.allCases.filter { axis in Set(data.points.map { $0.size[axis] }).count >= 2 }
    }

    func limits(_ point: CapacityPoint) -> [CapacityLimit] {
        point.limitsExceeded(intervalSeconds: data.intervalSeconds, maxRules: data.maxRules)
    }

    /// The fit of a figure's headline statistic against one size axis.
    func fit(_ figure: CapacityFigure, _ axis: CapacitySizeAxis) -> GrowthFit? {
        let measured = points.compactMap { p in figure.headline(p).map { (p.size[axis], $0) } }
        return GrowthFit.fit(x: measured.map(\.0), y: measured.map(\.1))
    }

    var facts: [ReportEntry] {
        [
            ReportEntry("Scenario", data.scenario),
            ReportEntry("Processing interval", Format.duration(data.intervalSeconds)),
            ReportEntry("Query window", Format.duration(seconds: data.queryWindowSeconds)),
            ReportEntry("maxRules", String(data.maxRules)),
            ReportEntry("Cluster sizes", String(data.points.count)),
        ]
    }

    /// One sentence per limit: the largest size that fits and the first that does not.
    var limitSentences: [String] {
        let sorted = points
        return CapacityLimit.allCases.map { limit in
            let what = limit == .tickLongerThanInterval
                ? "The slowest engine tick stays within the \(Format.duration(data.intervalSeconds)) interval"
                : "The largest policy stays within maxRules = \(data.maxRules)"
            guard let first = sorted.firstIndex(where: { limits($0).contains(limit) }) else {
                return "\(what) at every measured size."
            }
            let fits = first > 0 ? " up to \(sorted[first - 1].size.label)" : " at no measured size"
            return "\(what)\(fits); from \(sorted[first].size.label) on it does not (\(limit.rawValue))."
        }
    }

    var measurementTable: Table {
        let header = ["Namespaces", "Workloads", "Flows/s", "Records/interval", "Records/window", "Rules median",
                      "Rules max", "YAML median", "YAML max", "Tick mean", "Tick p95", "Tick max", "Peak memory",
                      "DB/day", "Exceeds"]
        let rows = points.map { p -> [String] in
            [String(p.size.namespaces), String(p.size.workloads), Format.number(p.size.flowsPerSecond),
             Format.number(p.recordsPerInterval, decimals: 0), Format.number(p.recordsPerQueryWindow, decimals: 0),
             Format.number(p.rulesPerPolicy.median, decimals: 1), Format.number(p.rulesPerPolicy.max, decimals: 0),
             Format.bytes(p.stagedPolicyYAMLBytes.median), Format.bytes(p.stagedPolicyYAMLBytes.max),
             Self.seconds(p.engineTickSeconds.mean), Self.seconds(p.engineTickSeconds.p95), Self.seconds(p.engineTickSeconds.max),
             p.peakMemoryBytes.map(Format.bytes) ?? "n/a", Format.bytes(p.databaseBytesPerDay),
             limits(p).map(\.rawValue).joined(separator: ", ")]
        }
        return Table(header: header, numeric: Array(repeating: true, count: header.count - 1) + [false], rows: rows)
    }

    var growthTable: Table {
        let axes = varyingAxes
        let header = ["Figure", "Statistic"] + axes.map { "vs \($0.title)" }
        let rows = CapacityFigure.allCases.map { figure -> [String] in
            [figure.title, figure.headlineName] + axes.map { axis in
                fit(figure, axis)?.summary(in: axis.title) ?? "not enough data"
            }
        }
        return Table(header: header, numeric: Array(repeating: false, count: header.count), rows: rows)
    }

    /// Seconds with millisecond resolution (`0.042 s`).
    static func seconds(_ value: Double) -> String { Format.number(value, decimals: 3) + " s" }
}

/// The figures of a capacity report, in display order.
enum CapacityFigure: CaseIterable {
    case recordsPerInterval, recordsPerQueryWindow, rulesPerPolicy, yamlBytes, engineTick, peakMemory, databasePerDay

    var title: String {
        switch self {
        case .recordsPerInterval: "Flow-log records per interval"
        case .recordsPerQueryWindow: "Flow-log records per query window"
        case .rulesPerPolicy: "Rules per policy"
        case .yamlBytes: "Staged policy YAML size"
        case .engineTick: "Engine time per tick"
        case .peakMemory: "Peak memory"
        case .databasePerDay: "Database size per simulated day"
        }
    }

    var yLabel: String {
        switch self {
        case .recordsPerInterval, .recordsPerQueryWindow: "records"
        case .rulesPerPolicy: "rules"
        case .yamlBytes, .peakMemory, .databasePerDay: "bytes"
        case .engineTick: "seconds"
        }
    }

    /// The divisor and axis label that keep values under about a thousand (KiB/MiB/GiB, thousand/million).
    func displayUnit(max: Double) -> (divisor: Double, label: String) {
        switch self {
        case .yamlBytes, .peakMemory, .databasePerDay:
            var divisor = 1.0
            for unit in ["bytes", "KiB", "MiB", "GiB"] {
                if max / divisor < 1_024 || unit == "GiB" { return (divisor, unit) }
                divisor *= 1_024
            }
            return (divisor, "GiB")
        case .engineTick, .rulesPerPolicy:
            return (1, yLabel)
        case .recordsPerInterval, .recordsPerQueryWindow:
            if max >= 1_000_000 { return (1_000_000, "million records") }
            if max >= 10_000 { return (1_000, "thousand records") }
            return (1, yLabel)
        }
    }

    /// Which statistic the growth model fits.
    var headlineName: String {
        switch self {
        case .rulesPerPolicy, .yamlBytes, .engineTick: "max"
        default: "value"
        }
    }

    func headline(_ p: CapacityPoint) -> Double? {
        switch self {
        case .recordsPerInterval: p.recordsPerInterval
        case .recordsPerQueryWindow: p.recordsPerQueryWindow
        case .rulesPerPolicy: p.rulesPerPolicy.max
        case .yamlBytes: p.stagedPolicyYAMLBytes.max
        case .engineTick: p.engineTickSeconds.max
        case .peakMemory: p.peakMemoryBytes
        case .databasePerDay: p.databaseBytesPerDay
        }
    }

    /// Every statistic drawn for the figure.
    func series(_ p: CapacityPoint) -> [(name: String, value: Double?)] {
        switch self {
        case .rulesPerPolicy: [("median", p.rulesPerPolicy.median), ("max", p.rulesPerPolicy.max)]
        case .yamlBytes: [("median", p.stagedPolicyYAMLBytes.median), ("max", p.stagedPolicyYAMLBytes.max)]
        case .engineTick: [("mean", p.engineTickSeconds.mean), ("p95", p.engineTickSeconds.p95), ("max", p.engineTickSeconds.max)]
        default: [("value", headline(p))]
        }
    }

    /// The limit drawn as a horizontal line, if the figure has one.
    func limit(_ data: CapacityReportData) -> (name: String, value: Double)? {
        switch self {
        case .engineTick: ("interval", data.intervalSeconds)
        case .rulesPerPolicy: ("maxRules", Double(data.maxRules))
        default: nil
        }
    }

    var limitKind: CapacityLimit? {
        switch self {
        case .engineTick: .tickLongerThanInterval
        case .rulesPerPolicy: .tooManyRules
        default: nil
        }
    }

    var slug: String {
        switch self {
        case .recordsPerInterval: "records-per-interval"
        case .recordsPerQueryWindow: "records-per-window"
        case .rulesPerPolicy: "rules-per-policy"
        case .yamlBytes: "yaml-bytes"
        case .engineTick: "engine-tick"
        case .peakMemory: "peak-memory"
        case .databasePerDay: "database-per-day"
        }
    }
}

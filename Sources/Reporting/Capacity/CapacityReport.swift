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

    /// Distinct sizes a growth fit needs: two points always fit a line exactly (R² 1), which says nothing.
    public static let minimumSizesToFit = 3

    /// The fit of a figure's headline statistic against one size axis; nil with fewer than `minimumSizesToFit`
    /// distinct sizes on that axis.
    func fit(_ figure: CapacityFigure, _ axis: CapacitySizeAxis) -> GrowthFit? {
        let measured = points.compactMap { p in figure.headline(p).map { (p.size[axis], $0) } }
        guard Set(measured.map(\.0)).count >= Self.minimumSizesToFit else { return nil }
        return GrowthFit.fit(x: measured.map(\.0), y: measured.map(\.1))
    }

    /// Said instead of a fit when too few sizes were measured.
    var fitWarning: String? {
        let sizes = Set(points.map { $0.size[data.primaryAxis] }).count
        guard sizes < Self.minimumSizesToFit else { return nil }
        return
            "Only \(sizes) size\(sizes == 1 ? " was" : "s were") measured (\(data.primaryAxis.title)): a growth fit needs at "
            + "least \(Self.minimumSizesToFit) (two points always lie on a line), so no fit or projection is shown. Measure more sizes "
            + "(e.g. --namespaces 10,50,200,1000)."
    }

    /// Each figure's fitted growth (vs namespaces) evaluated at the `--project` namespace counts: header and rows.
    var projectionTable: Table? {
        guard !data.projectTo.isEmpty else { return nil }
        let targets = data.projectTo
        let header = ["Figure", "Statistic", "Model"] + targets.map { "at \(Format.count($0)) namespaces" }
        let rows = CapacityFigure.allCases.compactMap { figure -> [String]? in
            guard let fit = fit(figure, .namespaces) else { return nil }
            let model =
                fit.exponent != nil
                ? "power law (exponent \(Format.number(fit.exponent!, decimals: 2)))" : "straight line"
            return [figure.title, figure.headlineName, model]
                + targets.map { n in
                    let x = Double(n)
                    let y = fit.power(at: x) ?? (fit.intercept + fit.slope * x)
                    var text = figure.format(y)
                    if let limit = figure.limit(data), y > limit.value { text += " (over \(limit.name))" }
                    return text
                }
        }
        guard !rows.isEmpty else { return nil }
        return Table(header: header, numeric: [false, false, false] + targets.map { _ in true }, rows: rows)
    }

    var facts: [ReportEntry] {
        var out = [
            ReportEntry("Scenario", data.scenario),
            ReportEntry("Processing interval", Format.duration(data.intervalSeconds)),
            ReportEntry("Query window", Format.duration(seconds: data.queryWindowSeconds)),
            ReportEntry("maxRules", String(data.maxRules)),
            ReportEntry("Cluster sizes", String(data.points.count)),
        ]
        if let d = data.delivery { out.append(ReportEntry("Delivery", d)) }
        if let f = data.faults { out.append(ReportEntry("Engine faults", f)) }
        return out
    }

    /// One sentence per limit: the largest size that fits and the first that does not.
    public var limitSentences: [String] {
        let sorted = points
        return CapacityLimit.allCases.map { limit in
            let what =
                limit == .tickLongerThanInterval
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
        let header = [
            "Namespaces", "Workloads", "Flows/s", "Records/interval", "Records/window", "Rules median",
            "Rules max", "YAML median", "YAML max", "Tick mean", "Tick p95", "Tick max", "Peak memory",
            "DB/day", "Exceeds",
        ]
        let rows = points.map { p -> [String] in
            [
                String(p.size.namespaces), String(p.size.workloads), Format.number(p.size.flowsPerSecond),
                Format.number(p.recordsPerInterval, decimals: 0), Format.number(p.recordsPerQueryWindow, decimals: 0),
                Format.number(p.rulesPerPolicy.median, decimals: 1), Format.number(p.rulesPerPolicy.max, decimals: 0),
                Format.bytes(p.stagedPolicyYAMLBytes.median), Format.bytes(p.stagedPolicyYAMLBytes.max),
                Self.seconds(p.engineTickSeconds.mean), Self.seconds(p.engineTickSeconds.p95),
                Self.seconds(p.engineTickSeconds.max),
                p.peakMemoryBytes.map(Format.bytes) ?? "n/a", Format.bytes(p.databaseBytesPerDay),
                limits(p).map(\.rawValue).joined(separator: ", "),
            ]
        }
        return Table(header: header, numeric: Array(repeating: true, count: header.count - 1) + [false], rows: rows)
    }

    var growthTable: Table {
        let axes = varyingAxes
        let header = ["Figure", "Statistic"] + axes.map { "vs \($0.title)" }
        let rows = CapacityFigure.allCases.map { figure -> [String] in
            [figure.title, figure.headlineName]
                + axes.map { axis in
                    fit(figure, axis)?.summary(in: axis.title) ?? "needs \(Self.minimumSizesToFit)+ sizes"
                }
        }
        return Table(header: header, numeric: Array(repeating: false, count: header.count), rows: rows)
    }

    /// Seconds shown in milliseconds (`42.15 ms`): ticks take milliseconds.
    static func seconds(_ value: Double) -> String { Format.number(value * 1000, decimals: 2) + " ms" }
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
        case .engineTick: "ms"
        }
    }

    /// A value of the figure with its unit, for tables.
    func format(_ value: Double) -> String {
        switch self {
        case .yamlBytes, .peakMemory, .databasePerDay: Format.bytes(value)
        case .engineTick: CapacityReport.seconds(value)
        case .rulesPerPolicy: Format.number(value, decimals: 1)
        case .recordsPerInterval, .recordsPerQueryWindow: Format.count(Int(value.rounded()))
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
        case .engineTick:
            return (0.001, "ms")
        case .rulesPerPolicy:
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
        case .engineTick:
            [("mean", p.engineTickSeconds.mean), ("p95", p.engineTickSeconds.p95), ("max", p.engineTickSeconds.max)]
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

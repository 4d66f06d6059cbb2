import Testing

@testable import Reporting

enum CapacityFixture {
    /// Four sizes, linear traffic, quadratic-ish engine time crossing a 60 s interval, rules crossing 100.
    static var data: CapacityReportData {
        let sizes: [(Int, Double, Double)] = [(10, 0.5, 40), (20, 2.1, 70), (40, 8.2, 130), (80, 70.5, 260)]
        let points = sizes.reversed().map { ns, tick, rules in
            CapacityPoint(
                size: ClusterSize(namespaces: ns, workloads: ns * 10, flowsPerSecond: Double(ns) * 2.5),
                recordsPerInterval: Double(ns) * 120, recordsPerQueryWindow: Double(ns) * 120 * 288,
                rulesPerPolicy: Spread(median: rules / 2, max: rules),
                stagedPolicyYAMLBytes: Spread(median: rules * 60, max: rules * 110),
                engineTickSeconds: TickTime(mean: tick / 2, p95: tick * 0.9, max: tick),
                peakMemoryBytes: ns == 80 ? nil : Double(ns) * 4_000_000 + 50_000_000,
                databaseBytesPerDay: Double(ns) * 1_500_000)
        }
        return CapacityReportData(
            scenario: "large", intervalSeconds: 60, queryWindowSeconds: 86_400, maxRules: 100, points: points)
    }
}

@Suite struct CapacityReportTests {
    let report = CapacityReport(data: CapacityFixture.data)

    @Test func filesInFixedOrderAndDeterministic() {
        #expect(report.files().map(\.name) == ["index.html", "summary.md", "capacity.csv"])
        #expect(CapacityReport(data: CapacityFixture.data).files() == report.files())
    }

    @Test(arguments: ["summary.md", "capacity.csv"])
    func matchesGolden(name: String) throws {
        let file = try #require(report.files().first { $0.name == name })
        try expectGolden("capacity-\(name)", file.contents)
    }

    @Test func limitsAreMarkedWhereTheSettingStopsFitting() {
        let sentences = report.limitSentences
        #expect(
            sentences[0]
                == "The slowest engine tick stays within the 1m interval up to 40 ns / 400 workloads / 100 flows/s; "
                + "from 80 ns / 800 workloads / 200 flows/s on it does not (tick > interval).")
        #expect(sentences[1].contains("up to 20 ns") && sentences[1].contains("from 40 ns"))
        let csv = report.capacityCSV().split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        #expect(csv.dropFirst().map { $0[0] } == ["10", "20", "40", "80"])  // sorted by namespaces
        #expect(csv.dropFirst().map { "\($0[14])\($0[15])" } == ["00", "00", "01", "11"])
        #expect(csv[4][12] == "")  // peak memory not measured
    }

    @Test func growthIsDescribedPerAxis() {
        let table = report.growthTable
        #expect(table.header == ["Figure", "Statistic", "vs namespaces", "vs workloads", "vs flows per second"])
        let records = table.rows.first { $0[0] == "Flow-log records per interval" }!
        #expect(records[2].hasPrefix("≈ linear in namespaces (exponent 1, linear R² 1)"))
        let tick = table.rows.first { $0[0] == "Engine time per tick" }!
        #expect(tick[1] == "max")
        #expect(
            tick[2].hasPrefix("faster than quadratic in namespaces") || tick[2].hasPrefix("≈ quadratic in namespaces"))
    }

    @Test func htmlChartsMarkLimits() throws {
        let (parsed, error) = XMLNode.parse(report.html())
        #expect(error == nil, "\(error ?? "")")
        let html = try #require(parsed)
        let svgs = html.descendants("svg")
        #expect(svgs.count == 7)
        let tick = try #require(html.descendants("section").first { $0.attributes["id"] == "engine-tick" })
        let series = tick.descendants("g").compactMap { $0.attributes["data-series"] }
        #expect(series == ["mean", "p95", "max", "fit (max)", "interval", "over limit"])
        let over = try #require(tick.descendants("g").first { $0.attributes["data-series"] == "over limit" })
        #expect(
            parseDataPoints(over.descendants("polyline").first?.attributes["data-points"]) == [
                ChartPointValue(x: 80, y: 70_500)
            ])  // drawn in ms
        let memory = try #require(html.descendants("section").first { $0.attributes["id"] == "peak-memory" })
        #expect(memory.descendants("g").compactMap { $0.attributes["data-series"] }.first == "value")
    }
}

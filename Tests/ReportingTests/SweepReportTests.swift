import Testing

@testable import Reporting

extension SweepFixture {
    /// A 2 × 2 grid over 2 seeds and 2 namespaces.
    static var data: SweepReportData {
        func ns(_ name: String, _ tts: [Int64?], fd: Int) -> NamespacePointScore {
            NamespacePointScore(namespace: name, timeToStable: tts, legitFlows: 500, falseDenyFlows: fd)
        }
        func rarities(_ daily: Int, _ weekly: Int) -> [RarityFalseDenies] {
            [
                RarityFalseDenies(rarity: "steady", legitFlows: 800, falseDenyFlows: 0),
                RarityFalseDenies(
                    rarity: "daily", legitFlows: 150, falseDenyFlows: daily, falseDenyClasses: daily > 0 ? 1 : 0),
                RarityFalseDenies(
                    rarity: "weekly", legitFlows: 50, falseDenyFlows: weekly, falseDenyClasses: weekly > 0 ? 2 : 0),
            ]
        }
        let h: Int64 = 3_600
        let points = [
            SweepPoint(
                setting: setting(150, 600), seeds: 2, timeToStable: [h, 2 * h, h, 3 * h], byRarity: rarities(6, 20),
                missedAttacks: 1, missedAttackClasses: 1,
                rules: [
                    .init(egress: 3, ingress: 2), .init(egress: 4, ingress: 2), .init(egress: 3, ingress: 1),
                    .init(egress: 5, ingress: 2),
                ],
                namespaces: [ns("backend", [h, 2 * h], fd: 20), ns("frontend", [h, 3 * h], fd: 6)]),
            SweepPoint(
                setting: setting(150, 3_600), seeds: 2, timeToStable: [3 * h, 4 * h, 5 * h, nil],
                byRarity: rarities(1, 0),
                missedAttacks: 0,
                rules: [.init(egress: 3, ingress: 2), .init(egress: 3, ingress: 2), .init(egress: 3, ingress: 2)],
                namespaces: [ns("backend", [3 * h, 4 * h], fd: 0), ns("frontend", [5 * h, nil], fd: 1)]),
            SweepPoint(
                setting: setting(600, 600), seeds: 2, timeToStable: [2 * h, 3 * h, 2 * h, 6 * h],
                byRarity: rarities(10, 20),
                missedAttacks: 2, rules: [.init(egress: 2, ingress: 2)],
                namespaces: [ns("backend", [2 * h, 3 * h], fd: 10), ns("frontend", [2 * h, 6 * h], fd: 20)]),
            SweepPoint(
                setting: setting(600, 3_600), seeds: 2, timeToStable: [nil, nil, nil, 8 * h], byRarity: rarities(0, 0),
                missedAttacks: 0, rules: [],
                namespaces: [ns("backend", [nil, nil], fd: 0), ns("frontend", [nil, 8 * h], fd: 0)]),
        ]
        let bound = 0.01  // every rarity; 2m30s/1h is the shortest with daily 1/150 and weekly 0
        return SweepReportData(
            sweepID: "sweep-7", scenario: "three-tier", seeds: [42, 43],
            axes: SweepAxes(
                interval: [v("2m30s", 150), v("10m", 600)], stabilization: [v("10m", 600), v("1h", 3_600)]),
            rarities: ["steady", "daily", "weekly"], points: points, bounds: FalseDenyBounds(otherwise: bound),
            recommendation: SweepAnalysis.recommend(points, bounds: FalseDenyBounds(otherwise: bound)))
    }
}

@Suite struct SweepReportTests {
    let report = SweepReport(data: SweepFixture.data)

    @Test func filesInFixedOrder() {
        #expect(
            report.files().map(\.name) == [
                "index.html", "summary.md", "points.csv", "pareto.csv", "recommendation.csv",
            ])
        #expect(SweepReport(data: SweepFixture.data).files() == report.files())
    }

    @Test(arguments: ["summary.md", "points.csv", "pareto.csv", "recommendation.csv"])
    func matchesGolden(name: String) throws {
        let file = try #require(report.files().first { $0.name == name })
        try expectGolden("sweep-\(name)", file.contents)
    }

    @Test func recommendationAndFrontAreTheAnalysis() {
        // 2m30s/1h: median 4h (never counts as +inf), rate 1/1000 ≤ 0.5%; 2m30s/10m is faster but 2.6%.
        #expect(report.data.recommendation.overall?.setting.label == "2m30s/1h")
        #expect(report.data.recommendation.overall?.medianTimeToStable == 14_400.0)
        #expect(report.front == [0, 1])  // 10m/10m is dominated; 10m/1h's median is never
        #expect(report.data.recommendation.perNamespace.map { $0.choice?.setting.label } == ["2m30s/1h", "2m30s/1h"])
    }

    @Test func htmlIsSelfContainedXMLWithThreeCharts() throws {
        let (parsed, error) = XMLNode.parse(report.html())
        #expect(error == nil, "\(error ?? "")")
        let html = try #require(parsed)
        #expect(html.all.allSatisfy { $0.attributes["src"] == nil && $0.attributes["href"] == nil })
        #expect(html.descendants("script").isEmpty)
        let svgs = html.descendants("svg")
        #expect(svgs.map { $0.attributes["class"] ?? "" } == ["chart scatter", "chart bar", "chart cdf"])

        // Scatter: plotted points are the finite-median settings, labelled, the front highlighted.
        let circles = svgs[0].descendants("circle")
        #expect(circles.map { $0.attributes["data-label"]! } == ["2m30s/10m", "2m30s/1h", "10m/10m"])
        #expect(circles.map { $0.attributes["class"]! } == ["pareto", "pareto", "point"])
        #expect(circles.map { $0.attributes["data-x"]! } == ["3600", "14400", "7200"])  // seconds, on a log axis
        #expect(svgs[0].descendants("text").map(\.allText).contains("2m30s/1h"))

        // Bars: one group per setting, one series per rarity, rates in percent.
        let weekly = try #require(svgs[1].descendants("g").first { $0.attributes["data-series"] == "weekly" })
        #expect(weekly.descendants("rect").map { $0.attributes["data-value"]! } == ["40", "0", "40", "0"])

        // CDF: never-Stable pairs keep the curve below 1.
        let cdf = try #require(svgs[2].descendants("g").first { $0.attributes["data-series"] == "10m/1h" })
        let points = parseDataPoints(cdf.descendants("polyline").first?.attributes["data-points"])
        #expect(points == [ChartPointValue(x: 28_800, y: 0.25)])  // 8 h, in seconds

        let recommendation = try #require(html.descendants("section").first { $0.attributes["id"] == "recommendation" })
        #expect(recommendation.allText.contains("Recommended for the cluster: interval 2m30s, stabilization 1h"))
        #expect(recommendation.allText.contains("daily ≤ 1%"))
    }

    @Test func noRecommendationIsSaidPlainly() {
        var data = SweepFixture.data
        data.bounds = FalseDenyBounds(otherwise: -1)
        data.recommendation = SweepAnalysis.recommend(data.points, bounds: FalseDenyBounds(otherwise: -1))
        let report = SweepReport(data: data)
        #expect(report.markdown().contains("No setting meets the bounds"))
        let csv = report.recommendationCSV().split(separator: "\r\n")
        #expect(csv[1].hasPrefix("overall,,,,,,,,,,"))
        #expect(XMLNode.parse(report.html()).error == nil)
    }
}

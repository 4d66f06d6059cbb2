import Foundation
import Testing

@testable import Reporting

@Suite struct RunReportTests {
    let report = RunReport(ReportFixture.data)

    @Test func filesInFixedOrder() {
        #expect(
            report.files().map(\.name) == [
                "index.html", "summary.md", "namespaces.csv", "timeline.csv", "false_denies.csv",
            ])
    }

    @Test(arguments: ["summary.md", "namespaces.csv", "timeline.csv", "false_denies.csv"])
    func matchesGolden(name: String) throws {
        let file = try #require(report.files().first { $0.name == name })
        try expectGolden(name, file.contents)
    }

    @Test func sameDataSameBytes() {
        #expect(RunReport(ReportFixture.data).files() == RunReport(ReportFixture.data).files())
    }

    @Test func csvRecordsEndWithCRLF() {
        for name in ["namespaces.csv", "timeline.csv", "false_denies.csv"] {
            let text = report.files().first { $0.name == name }!.contents
            #expect(text.hasSuffix("\r\n"))
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        }
    }

    @Test func htmlIsWellFormedXML() throws {
        let (root, error) = XMLNode.parse(report.html())
        #expect(error == nil, "\(error ?? "")")
        let html = try #require(root)
        #expect(html.name == "html")
        let svgs = html.descendants("svg")
        // Overview timeline + false denies by namespace + false denies over time + (status + rules) per namespace.
        #expect(svgs.count == 3 + 2 * ReportFixture.data.timelines.count)
        #expect(html.descendants("style").count == 1)
        #expect(html.descendants("script").isEmpty)
        #expect(html.all.allSatisfy { $0.attributes["src"] == nil && $0.attributes["href"] == nil })  // self-contained
    }

    @Test func namespaceTableShowsTheNumbers() throws {
        let html = try #require(XMLNode.parse(report.html()).root)
        let section = try #require(html.descendants("section").first { $0.attributes["id"] == "namespaces" })
        let rows = section.descendants("tr").map { $0.children.map(\.allText) }
        let header = rows[0]
        let backend = try #require(rows.first { $0.first == "backend" })
        func cell(_ column: String) -> String { backend[header.firstIndex(of: column)!] }
        #expect(cell("Stable") == "1d 2h")
        #expect(cell("FD daily") == "4")
        #expect(cell("FD weekly") == "9")
        #expect(cell("FD total") == "13")
        #expect(cell("Coverage") == "87.5%")
        let total = try #require(rows.first { $0.first == "total" })
        #expect(total[header.firstIndex(of: "FD total")!] == "17")
    }

    @Test func ruleChartsMatchTimelines() throws {
        let html = try #require(XMLNode.parse(report.html()).root)
        for (index, timeline) in ReportFixture.data.timelines.enumerated() {
            let section = try #require(html.descendants("section").first { $0.attributes["id"] == "ns-\(index + 1)" })
            let lines = section.descendants("g").filter { $0.attributes["class"] == "series" }
            let egress = try #require(lines.first { $0.attributes["data-series"] == "egress" })
            let ingress = try #require(lines.first { $0.attributes["data-series"] == "ingress" })
            let egressPoints = parseDataPoints(egress.descendants("polyline").first?.attributes["data-points"])
            let ingressPoints = parseDataPoints(ingress.descendants("polyline").first?.attributes["data-points"])
            #expect(
                egressPoints == timeline.points.map { ChartPointValue(x: Double($0.time), y: Double($0.egressRules)) })
            #expect(
                ingressPoints == timeline.points.map { ChartPointValue(x: Double($0.time), y: Double($0.ingressRules)) }
            )

            let segments = section.descendants("rect").filter { $0.attributes["data-state"] != nil }
            #expect(segments.map { $0.attributes["data-state"]! } == timeline.points.map(\.state.rawValue))
            #expect(segments.map { Int64($0.attributes["data-start"]!)! } == timeline.points.map(\.time))
            #expect(segments.last?.attributes["data-end"] == String(ReportFixture.data.run.virtualEnd))
        }
    }

    @Test func falseDenyChartMatchesBuckets() throws {
        let html = try #require(XMLNode.parse(report.html()).root)
        let section = try #require(html.descendants("section").first { $0.attributes["id"] == "false-denies" })
        let data = ReportFixture.data
        for group in data.falseDenies.series {
            let g = try #require(section.descendants("g").first { $0.attributes["data-series"] == group.group })
            let points = parseDataPoints(g.descendants("polyline").first?.attributes["data-points"])
            for bucket in group.buckets {
                #expect(points.contains(ChartPointValue(x: Double(bucket.start), y: Double(bucket.count))))
            }
            // Every other drawn bucket is an empty one.
            let total = points.map(\.y).reduce(0, +)
            #expect(total == Double(group.buckets.map(\.count).reduce(0, +)))
            #expect(points.count == 28)  // 7 days of 6-hour buckets
        }
    }

    @Test func incompleteRunIsFlagged() throws {
        var data = ReportFixture.data
        data.run.status = .incomplete
        data.run.fingerprint = nil
        let report = RunReport(data)
        #expect(report.markdown().contains("> **Warning:** This run is incomplete"))
        let html = try #require(XMLNode.parse(report.html()).root)
        #expect(html.descendants("p").contains { $0.attributes["class"] == "warning" })
    }

    @Test func hostileTextIsEscaped() throws {
        var data = ReportFixture.data
        data.run.scenario = "a <b> & \"c\" 'd' | e"
        data.namespaces[0].namespace = "x,\"y\"\nz"
        data.timelines[0].namespace = "</svg><script>"
        let report = RunReport(data)
        let (root, error) = XMLNode.parse(report.html())
        #expect(error == nil, "\(error ?? "")")
        #expect(root?.descendants("script").isEmpty == true)
        #expect(root?.descendants("title").first?.allText == "recsim run report: a <b> & \"c\" 'd' | e (seed 42)")
        #expect(report.namespacesCSV().contains("\r\n\"x,\"\"y\"\"\nz\","))
        #expect(report.markdown().contains("a &lt;b> & \"c\" 'd' \\| e"))
    }

    @Test func emptyReportRenders() throws {
        let data = RunReportData(
            run: RunSummary(
                scenario: "empty", seed: 0, fingerprint: nil, status: .running,
                virtualStart: 0, virtualEnd: 0),
            namespaces: [], timelines: [],
            falseDenies: FalseDenySeries(grouping: .namespace, bucketSeconds: 0, series: []))
        let report = RunReport(data)
        #expect(XMLNode.parse(report.html()).error == nil)
        #expect(report.markdown().contains("No namespaces in scope."))
        #expect(report.falseDeniesCSV() == "namespace,bucket_start,offset_s,false_denies\r\n")
    }
}

import Foundation
import Testing
@testable import Reporting

@Suite struct ChartTests {
    @Test func everyChartIsWellFormedAndDeterministic() {
        let charts: [String] = [
            LineChart(title: "l", xAxis: .linear(label: "x"), series: [
                ChartSeries(name: "a", points: [.init(x: 0, y: 1), .init(x: 2, y: 3.5)]),
                ChartSeries(name: "b & c", points: [])]).svg(),
            BarChart(title: "b", categories: ["steady", "once"], series: [.init(name: "run 1", values: [3, 0]),
                                                                        .init(name: "run 2", values: [1, 7])]).svg(),
            ScatterPlot(title: "s", xLabel: "fd", yLabel: "ma", points: [.init(x: 1, y: 5, label: "p1")],
                        pareto: .init(x: .minimize, y: .minimize)).svg(),
            CDFPlot(title: "c", xLabel: "hours", samples: [.init(name: "tts", values: [3, 1, 2, 2])]).svg(),
            StateTimelineChart(title: "t", start: 0, end: 100, lanes: [.init(name: "ns", changes: [.init(time: 10, state: "Stable")])],
                               states: [.init(state: "Stable", color: "#59a14f")]).svg(),
        ]
        for svg in charts {
            let (root, error) = XMLNode.parse(svg)
            #expect(error == nil, "\(error ?? "")")
            #expect(root?.name == "svg")
            #expect(root?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        }
        #expect(LineChart(title: "l", xAxis: .linear(label: ""), series: [ChartSeries(name: "a", points: [.init(x: 1, y: 1)])]).svg()
                == LineChart(title: "l", xAxis: .linear(label: ""), series: [ChartSeries(name: "a", points: [.init(x: 1, y: 1)])]).svg())
    }

    @Test func barValuesAreReadable() throws {
        let svg = BarChart(title: "false denies by rarity", categories: ["steady", "daily"],
                           series: [.init(name: "A", values: [2, 0.25]), .init(name: "B", values: [10, 4])]).svg()
        let root = try #require(XMLNode.parse(svg).root)
        let bars = root.descendants("rect").filter { $0.attributes["data-value"] != nil }
        #expect(bars.map { $0.attributes["data-category"]! } == ["steady", "daily", "steady", "daily"])
        #expect(bars.map { $0.attributes["data-value"]! } == ["2", "0.25", "10", "4"])
        // Taller bar for the bigger value.
        let heights = bars.map { Double($0.attributes["height"]!)! }
        #expect(heights[2] > heights[0])
    }

    @Test func paretoFrontMinimizingBoth() {
        let points: [ScatterPlot.Point] = [
            .init(x: 1, y: 9, label: "a"), .init(x: 2, y: 4, label: "b"), .init(x: 3, y: 5, label: "c"),
            .init(x: 5, y: 1, label: "d"), .init(x: 5, y: 1, label: "d2"), .init(x: 6, y: 6, label: "e"),
        ]
        #expect(ScatterPlot.paretoFront(points, x: .minimize, y: .minimize) == [0, 1, 3, 4])
        #expect(ScatterPlot.paretoFront(points, x: .maximize, y: .maximize) == [0, 5])
        let svg = ScatterPlot(title: "s", xLabel: "x", yLabel: "y", points: points, pareto: .init(x: .minimize, y: .minimize)).svg()
        let root = XMLNode.parse(svg).root!
        #expect(root.descendants("circle").filter { $0.attributes["class"] == "pareto" }.map { $0.attributes["data-label"]! }
                == ["a", "b", "d", "d2"])
        #expect(root.descendants("polyline").contains { $0.attributes["class"] == "pareto-front" })
    }

    @Test func cdfSteps() {
        let steps = CDFPlot.steps([3, 1, 2, 2, .nan])
        #expect(steps == [ChartPoint(x: 1, y: 0.25), ChartPoint(x: 2, y: 0.75), ChartPoint(x: 3, y: 1)])
        let root = XMLNode.parse(CDFPlot(title: "c", xLabel: "x", samples: [.init(name: "s", values: [3, 1, 2, 2])]).svg()).root!
        #expect(root.descendants("polyline").first?.attributes["data-points"] == "1:0.25 2:0.75 3:1")
    }

    @Test func stepChartHoldsLastValueToDomainEnd() throws {
        let chart = LineChart(title: "rules", xAxis: .time(origin: 0, label: "t"),
                              series: [ChartSeries(name: "egress", points: [.init(x: 3_600, y: 1), .init(x: 7_200, y: 3)])],
                              interpolation: .step, xDomain: 0...86_400, integerY: true)
        let root = try #require(XMLNode.parse(chart.svg()).root)
        let line = try #require(root.descendants("polyline").first)
        #expect(line.attributes["data-points"] == "3600:1 7200:3")
        #expect(line.attributes["points"]!.split(separator: " ").count == 4)  // 2 points + 1 riser + the hold to the end
        let xLabels = root.descendants("g").first { $0.attributes["class"] == "axis x" }!.descendants("text").map(\.allText)
        #expect(xLabels == ["0", "3h", "6h", "9h", "12h", "15h", "18h", "21h", "1d", "t"])
    }

    @Test func niceTicks() {
        #expect(Ticks.linear(0, 17, integer: true).map(\.label) == ["0", "5", "10", "15", "20"])
        #expect(Ticks.linear(0, 1).map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(Ticks.linear(0, 0, integer: true).map(\.label) == ["0", "1"])
        #expect(Ticks.linear(-3, 3).map(\.label) == ["-4", "-2", "0", "2", "4"])
        #expect(Ticks.time(0, 7 * 86_400, origin: 0).map(\.label) == ["0", "1d", "2d", "3d", "4d", "5d", "6d", "7d"])
        #expect(Ticks.time(5_400, 5 * 3_600, origin: 0).map(\.label) == ["1h30m", "2h", "2h30m", "3h", "3h30m", "4h", "4h30m", "5h"])
        #expect(Ticks.time(100, 3_000, origin: 0).first?.label == "10m")
    }
}

import Foundation
import Testing

@testable import Reporting

@Suite struct ChartTests {
    @Test func everyChartIsWellFormedAndDeterministic() {
        let charts: [String] = [
            LineChart(
                title: "l", xAxis: .linear(label: "x"),
                series: [
                    ChartSeries(name: "a", points: [.init(x: 0, y: 1), .init(x: 2, y: 3.5)]),
                    ChartSeries(name: "b & c", points: []),
                ]
            ).svg(),
            BarChart(
                title: "b", categories: ["steady", "once"],
                series: [
                    .init(name: "run 1", values: [3, 0]),
                    .init(name: "run 2", values: [1, 7]),
                ]
            ).svg(),
            ScatterPlot(
                title: "s", xLabel: "fd", yLabel: "ma", points: [.init(x: 1, y: 5, label: "p1")],
                pareto: .init(x: .minimize, y: .minimize)
            ).svg(),
            CDFPlot(title: "c", xLabel: "hours", samples: [.init(name: "tts", values: [3, 1, 2, 2])]).svg(),
            StateTimelineChart(
                title: "t", start: 0, end: 100, lanes: [.init(name: "ns", changes: [.init(time: 10, state: "Stable")])],
                states: [.init(state: "Stable", color: "#59a14f")]
            ).svg(),
        ]
        for svg in charts {
            let (root, error) = XMLNode.parse(svg)
            #expect(error == nil, "\(error ?? "")")
            #expect(root?.name == "svg")
            #expect(root?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        }
        #expect(
            LineChart(
                title: "l", xAxis: .linear(label: ""), series: [ChartSeries(name: "a", points: [.init(x: 1, y: 1)])]
            ).svg()
                == LineChart(
                    title: "l", xAxis: .linear(label: ""), series: [ChartSeries(name: "a", points: [.init(x: 1, y: 1)])]
                ).svg())
    }

    @Test func barValuesAreReadable() throws {
        let svg = BarChart(
            title: "false denies by rarity", categories: ["steady", "daily"],
            series: [.init(name: "A", values: [2, 0.25]), .init(name: "B", values: [10, 4])]
        ).svg()
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
        let svg = ScatterPlot(
            title: "s", xLabel: "x", yLabel: "y", points: points, pareto: .init(x: .minimize, y: .minimize)
        ).svg()
        let root = XMLNode.parse(svg).root!
        #expect(
            root.descendants("circle").filter { $0.attributes["class"] == "pareto" }.map {
                $0.attributes["data-label"]!
            }
                == ["a", "b", "d", "d2"])
        #expect(root.descendants("polyline").contains { $0.attributes["class"] == "pareto-front" })
    }

    @Test func cdfSteps() {
        let steps = CDFPlot.steps([3, 1, 2, 2, .nan])
        #expect(steps == [ChartPoint(x: 1, y: 0.25), ChartPoint(x: 2, y: 0.75), ChartPoint(x: 3, y: 1)])
        let root = XMLNode.parse(
            CDFPlot(title: "c", xLabel: "x", samples: [.init(name: "s", values: [3, 1, 2, 2])]).svg()
        ).root!
        #expect(root.descendants("polyline").first?.attributes["data-points"] == "1:0.25 2:0.75 3:1")
    }

    @Test func stepChartHoldsLastValueToDomainEnd() throws {
        let chart = LineChart(
            title: "rules", xAxis: .time(origin: 0, label: "t"),
            series: [ChartSeries(name: "egress", points: [.init(x: 3_600, y: 1), .init(x: 7_200, y: 3)])],
            interpolation: .step, xDomain: 0...86_400, integerY: true)
        let root = try #require(XMLNode.parse(chart.svg()).root)
        let line = try #require(root.descendants("polyline").first)
        #expect(line.attributes["data-points"] == "3600:1 7200:3")
        // 2 points + 1 riser + the hold to the end
        #expect(line.attributes["points"]!.split(separator: " ").count == 4)
        let xLabels = root.descendants("g").first { $0.attributes["class"] == "axis x" }!.descendants("text").map(
            \.allText)
        #expect(xLabels == ["0", "3h", "6h", "9h", "12h", "15h", "18h", "21h", "1d", "t"])
    }

    @Test func niceTicks() {
        #expect(Ticks.linear(0, 17, integer: true).map(\.label) == ["0", "5", "10", "15", "20"])
        #expect(Ticks.linear(0, 1).map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(Ticks.linear(0, 0, integer: true).map(\.label) == ["0", "1"])
        #expect(Ticks.linear(-3, 3).map(\.label) == ["-4", "-2", "0", "2", "4"])
        #expect(Ticks.time(0, 7 * 86_400, origin: 0).map(\.label) == ["0", "1d", "2d", "3d", "4d", "5d", "6d", "7d"])
        #expect(
            Ticks.time(5_400, 5 * 3_600, origin: 0).map(\.label) == [
                "1h30m", "2h", "2h30m", "3h", "3h30m", "4h", "4h30m", "5h",
            ])
        #expect(Ticks.time(100, 3_000, origin: 0).first?.label == "10m")
    }

    @Test func symlogAxisKeepsOnesVisibleBesideThousands() throws {
        let ticks = Ticks.symlogCounts(upper: 4_000)
        #expect(ticks.map(\.label) == ["", "1", "10", "100", "1,000", "10,000"])
        #expect(ticks.map(\.value) == ticks.map(\.value).sorted())
        let svg = LineChart(
            title: "fd", xAxis: .linear(label: "t"),
            series: [
                ChartSeries(name: "steady", points: [.init(x: 0, y: 4_000), .init(x: 1, y: 0)]),
                ChartSeries(name: "weekly", points: [.init(x: 0, y: 0), .init(x: 1, y: 1)]),
            ], logY: true, height: 240
        ).svg()
        let root = try #require(XMLNode.parse(svg).root)
        let lines = root.descendants("polyline")
        func ys(_ node: XMLNode) -> [Double] {
            node.attributes["points"]!.split(separator: " ").map { Double($0.split(separator: ",")[1])! }
        }
        // A single weekly flow rises a visible fraction of the plot (on a linear axis it would be 1/4000 of it).
        let weekly = ys(lines[1]), span = ys(lines[0]).max()! - ys(lines[0]).min()!
        #expect((weekly.max()! - weekly.min()!) > span / 20)
        // Raw values stay in the data attribute.
        #expect(lines[0].attributes["data-points"]?.contains("4000") == true)
    }

    @Test func logDurationTicksAreRoundAndApart() {
        let ticks = Ticks.logDurations(600, 14 * 86_400)
        #expect(ticks.first?.label == "10m")
        #expect(
            ticks.contains { $0.label == "1h" } && ticks.contains { $0.label == "1d" }
                && ticks.contains { $0.label == "7d" })
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1.value - $0.value >= 0.25 })
    }

    /// 17m and 30m beside 7d: on a log axis the points sit apart, and no two labels overlap.
    @Test func scatterLabelsOnALogDurationAxisDoNotCollide() throws {
        let points = [
            (1_050.0, 0.46, "150s/10m"), (1_200, 0.46, "5m/10m"), (1_800, 0.001, "10m/10m"), (4_020, 0.458, "150s/1h"),
            (4_200, 0.458, "5m/1h"), (86_400, 0.42, "150s/1d"), (86_400, 0.42, "5m/1d"), (604_800, 0, "150s/7d"),
        ]
        let svg = ScatterPlot(
            title: "p", xLabel: "median time to Stable", yLabel: "rate",
            points: points.map { .init(x: $0.0, y: $0.1, label: $0.2) }, showLabels: true, logDurationX: true
        ).svg()
        let root = try #require(XMLNode.parse(svg).root)
        let cx = root.descendants("circle").map { Double($0.attributes["cx"]!)! }
        #expect(cx[1] - cx[0] > 8)  // 17m 30s and 20m are distinguishable
        let labels = try #require(root.descendants("g").first { $0.attributes["class"] == "labels" }).descendants(
            "text")
        #expect(!labels.isEmpty)
        let boxes = labels.map { t -> LabelBox in
            let x = Double(t.attributes["x"]!)!, y = Double(t.attributes["y"]!)!,
                w = ChartCanvas.textWidth(t.allText, size: 9)
            return LabelBox(x: t.attributes["text-anchor"] == "end" ? x - w : x, y: y - 8, width: w, height: 10)
        }
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                #expect(!boxes[i].overlaps(boxes[j]), "\(labels[i].allText) / \(labels[j].allText)")
            }
        }
        #expect(
            root.descendants("g").first { $0.attributes["class"] == "axis x" }?.descendants("text").map(\.allText)
                .contains("1d") == true)
    }

    @Test func timelineLegendListsOnlyOccurringStatesAndShortPhasesShow() throws {
        let svg = StateTimelineChart(
            title: "t", start: 0, end: 30 * 86_400,
            lanes: [
                .init(name: "ns", changes: [.init(time: 0, state: "Learning"), .init(time: 1_050, state: "Stable")])
            ],
            states: [
                .init(state: "Learning", color: "#edc948"), .init(state: "Stabilizing", color: "#f28e2b"),
                .init(state: "Stable", color: "#59a14f"),
            ]
        ).svg()
        let root = try #require(XMLNode.parse(svg).root)
        let legend = try #require(root.descendants("g").first { $0.attributes["class"] == "legend" })
        #expect(legend.descendants("text").map(\.allText) == ["Learning", "Stable"])
        let learning = try #require(root.descendants("rect").first { $0.attributes["data-state"] == "Learning" })
        #expect(Double(learning.attributes["width"]!)! >= 2)  // 17m 30s of 30 days would be 0.3 px
    }
}

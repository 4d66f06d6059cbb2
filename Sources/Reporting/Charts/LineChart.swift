/// Lines or steps over a linear or time x axis, several series with a legend.
public struct LineChart: Sendable, Hashable {
    public enum Interpolation: Sendable, Hashable {
        /// Straight segments between points.
        case linear
        /// A value holds until the next point (counts, statuses); the last one holds to the end of `xDomain`.
        case step
    }

    public var title: String
    public var xAxis: XAxis
    public var yLabel: String
    public var series: [ChartSeries]
    public var interpolation: Interpolation
    /// The x range to show; nil fits the data.
    public var xDomain: ClosedRange<Double>?
    /// Y ticks at whole numbers only (counts).
    public var integerY: Bool
    /// Dots at the data points (drawn only for series of at most 60 points).
    public var markers: Bool
    /// A symlog y axis (`log10(1 + y)`, ticks 0, 1, 10, 100, …) for non-negative counts: a rare series of ones
    /// stays visible beside a spike of thousands.
    public var logY: Bool
    public var width: Double
    public var height: Double

    public init(
        title: String, xAxis: XAxis, yLabel: String = "", series: [ChartSeries],
        interpolation: Interpolation = .linear, xDomain: ClosedRange<Double>? = nil, integerY: Bool = false,
        markers: Bool = true, logY: Bool = false, width: Double = 720, height: Double = 240
    ) {
        self.title = title; self.xAxis = xAxis; self.yLabel = yLabel; self.series = series
        self.interpolation = interpolation; self.xDomain = xDomain; self.integerY = integerY
        self.markers = markers; self.logY = logY; self.width = width; self.height = height
    }

    /// The chart as a standalone `<svg>` element.
    public func svg() -> String {
        let colors = series.indices.map { series[$0].color ?? Palette.color($0) }
        var canvas = ChartCanvas(
            kind: "line", title: title, width: width, height: height,
            legend: series.indices.map { .init(name: series[$0].name, color: colors[$0]) })
        let all = series.flatMap(\.points)
        let xs = all.map(\.x), ys = all.map(\.y)
        let xLower = xDomain?.lowerBound ?? xs.min() ?? 0
        let xUpper = xDomain?.upperBound ?? xs.max() ?? 1
        let yScale = ChartAxis.values(ys, symlog: logY, integer: integerY, range: (canvas.bottom, canvas.top))
        let xTicks: [Tick]
        let xLabel: String
        switch xAxis {
        case .linear(let label):
            xTicks = Ticks.linear(xLower, xUpper).filter { $0.value >= xLower && $0.value <= xUpper }
            xLabel = label
        case .time(let origin, let label):
            xTicks = Ticks.time(Int64(xLower), Int64(xUpper), origin: origin)
            xLabel = label
        }
        let xScale = LinearScale(
            domain: (xLower, xUpper == xLower ? xLower + 1 : xUpper),
            range: (canvas.left, canvas.right))
        canvas.yAxis(yScale.ticks, scale: yScale.scale, label: yLabel)
        canvas.xAxis(xTicks, scale: xScale, label: xLabel)

        for (index, one) in series.enumerated() {
            canvas.svg.open("g", [("class", "series"), ("data-series", one.name)])
            var path: [ChartPoint] = []
            for (i, point) in one.points.enumerated() {
                if interpolation == .step, i > 0 { path.append(ChartPoint(x: point.x, y: one.points[i - 1].y)) }
                path.append(point)
            }
            if interpolation == .step, let last = one.points.last, xUpper > last.x {
                path.append(ChartPoint(x: xUpper, y: last.y))
            }
            let pixels = path.map { "\(SVGWriter.px(xScale($0.x))),\(SVGWriter.px(yScale($0.y)))" }.joined(
                separator: " ")
            if !path.isEmpty {
                canvas.svg.element(
                    "polyline",
                    [
                        ("points", pixels), ("fill", "none"), ("stroke", colors[index]),
                        ("stroke-width", "2"), ("data-points", dataPoints(one.points)),
                    ])
            }
            if markers && one.markers && one.points.count <= 60 {
                for point in one.points {
                    canvas.svg.element(
                        "circle",
                        [
                            ("cx", SVGWriter.px(xScale(point.x))), ("cy", SVGWriter.px(yScale(point.y))),
                            ("r", "2.5"), ("fill", colors[index]),
                        ])
                }
            }
            canvas.svg.close("g")
        }
        return canvas.finish()
    }
}

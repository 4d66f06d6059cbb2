/// Empirical cumulative distribution of one or more samples (e.g. time to Stable across namespaces or seeds).
public struct CDFPlot: Sendable, Hashable {
    public struct Sample: Sendable, Hashable {
        public var name: String
        public var values: [Double]
        /// Members of the population that never reached a value (e.g. never became Stable): they count in
        /// the denominator, so the curve levels off below 1 instead of pretending they do not exist.
        public var unreached: Int
        public init(name: String, values: [Double], unreached: Int = 0) {
            self.name = name; self.values = values; self.unreached = unreached
        }
    }

    public var title: String
    public var xLabel: String
    public var samples: [Sample]
    /// Values are durations in seconds, drawn on a log axis with duration ticks.
    public var logDurationX: Bool
    public var width: Double
    public var height: Double

    public init(
        title: String, xLabel: String, samples: [Sample], logDurationX: Bool = false, width: Double = 720,
        height: Double = 260
    ) {
        self.title = title; self.xLabel = xLabel; self.samples = samples; self.logDurationX = logDurationX
        self.width = width; self.height = height
    }

    /// The ECDF steps of `values`: for each distinct value, the fraction of values at or below it.
    /// Non-finite values are ignored; `unreached` members count in the denominator but never on the curve.
    public static func steps(_ values: [Double], unreached: Int = 0) -> [ChartPoint] {
        let sorted = values.filter(\.isFinite).sorted()
        let total = sorted.count + unreached
        var points: [ChartPoint] = []
        for (index, value) in sorted.enumerated() {
            let fraction = Double(index + 1) / Double(total)
            if let last = points.last, last.x == value {
                points[points.count - 1].y = fraction
            } else {
                points.append(ChartPoint(x: value, y: fraction))
            }
        }
        return points
    }

    public func svg() -> String {
        let curves = samples.map { Self.steps($0.values, unreached: $0.unreached) }
        var canvas = ChartCanvas(
            kind: "cdf", title: title, width: width, height: height,
            legend: samples.indices.map { .init(name: samples[$0].name, color: Palette.color($0)) })
        let xs = curves.flatMap { $0.map(\.x) }
        // With unreached members, leave room right of the last value for the plateau.
        let upper = (xs.max() ?? 1) * (samples.contains { $0.unreached > 0 } ? (logDurationX ? 2 : 1.1) : 1)
        let yTicks = Ticks.linear(0, 1)
        let xScale: ChartAxis
        if logDurationX {
            let lo = max(1, (xs.min() ?? 60) / 2)
            xScale = .logDurations(lo, max(lo * 10, upper), range: (canvas.left, canvas.right))
        } else {
            xScale = .linear(min(0, xs.min() ?? 0), upper, range: (canvas.left, canvas.right))
        }
        let xEnd = xScale.upper
        let yScale = LinearScale(domain: (0, 1), range: (canvas.bottom, canvas.top))
        canvas.yAxis(yTicks, scale: yScale, label: "fraction")
        canvas.xAxis(xScale.ticks, scale: xScale.scale, label: xLabel)
        for (index, curve) in curves.enumerated() {
            canvas.svg.open("g", [("class", "series"), ("data-series", samples[index].name)])
            guard let first = curve.first else { canvas.svg.close("g"); continue }
            var path = [ChartPoint(x: first.x, y: 0)]
            for (i, point) in curve.enumerated() {
                if i > 0 { path.append(ChartPoint(x: point.x, y: curve[i - 1].y)) }
                path.append(point)
            }
            // Hold the final fraction to the axis end: a curve that levels off below 1 shows it.
            if let last = curve.last, xEnd > last.x { path.append(ChartPoint(x: xEnd, y: last.y)) }
            let pixels = path.map { "\(SVGWriter.px(xScale($0.x))),\(SVGWriter.px(yScale($0.y)))" }.joined(
                separator: " ")
            canvas.svg.element(
                "polyline",
                [
                    ("points", pixels), ("fill", "none"), ("stroke", Palette.color(index)),
                    ("stroke-width", "2"), ("data-points", dataPoints(curve, decimals: 4)),
                ])
            canvas.svg.close("g")
        }
        return canvas.finish()
    }
}

/// Grouped vertical bars: one group per category, one bar per series within each group.
public struct BarChart: Sendable, Hashable {
    /// One series: a value per category, in `categories` order.
    public struct Series: Sendable, Hashable {
        public var name: String
        public var values: [Double]
        public var color: String?
        /// Per category, text added to the bar's tooltip (e.g. the counts behind a rate).
        public var notes: [String]
        public init(name: String, values: [Double], color: String? = nil, notes: [String] = []) {
            self.name = name; self.values = values; self.color = color; self.notes = notes
        }
    }

    public var title: String
    public var categories: [String]
    public var series: [Series]
    public var yLabel: String
    public var integerY: Bool
    /// A symlog y axis for non-negative counts (see `LineChart.logY`).
    public var logY: Bool
    public var width: Double
    public var height: Double

    public init(
        title: String, categories: [String], series: [Series], yLabel: String = "", integerY: Bool = false,
        logY: Bool = false, width: Double = 720, height: Double = 260
    ) {
        self.title = title; self.categories = categories; self.series = series; self.yLabel = yLabel
        self.integerY = integerY; self.logY = logY; self.width = width; self.height = height
    }

    public func svg() -> String {
        let colors = series.indices.map { series[$0].color ?? Palette.color($0) }
        var canvas = ChartCanvas(
            kind: "bar", title: title, width: width, height: height,
            legend: series.indices.map { .init(name: series[$0].name, color: colors[$0]) })
        let values = series.flatMap(\.values)
        let yScale = ChartAxis.values(values, symlog: logY, integer: integerY, range: (canvas.bottom, canvas.top))
        canvas.yAxis(yScale.ticks, scale: yScale.scale, label: yLabel)

        let band = (canvas.right - canvas.left) / Double(max(categories.count, 1))
        let groupWidth = band * 0.8
        let barWidth = groupWidth / Double(max(series.count, 1))
        canvas.svg.open("g", [("class", "axis x")])
        canvas.svg.element(
            "line",
            [
                ("x1", SVGWriter.px(canvas.left)), ("y1", SVGWriter.px(canvas.bottom)),
                ("x2", SVGWriter.px(canvas.right)), ("y2", SVGWriter.px(canvas.bottom)),
                ("stroke", "#555555"),
            ])
        for (index, category) in categories.enumerated() {
            canvas.svg.label(
                category, x: canvas.left + band * (Double(index) + 0.5), y: canvas.bottom + 15,
                anchor: "middle", size: 10)
        }
        canvas.svg.close("g")

        let zero = yScale(0)
        for (s, one) in series.enumerated() {
            canvas.svg.open("g", [("class", "series"), ("data-series", one.name)])
            for (c, category) in categories.enumerated() {
                let value = c < one.values.count ? one.values[c] : 0
                let x = canvas.left + band * Double(c) + (band - groupWidth) / 2 + barWidth * Double(s)
                let y = yScale(value)
                canvas.svg.open(
                    "rect",
                    [
                        ("x", SVGWriter.px(x)), ("y", SVGWriter.px(min(y, zero))),
                        ("width", SVGWriter.px(barWidth)), ("height", SVGWriter.px(abs(zero - y))),
                        ("fill", colors[s]), ("data-category", category),
                        ("data-value", Format.number(value, decimals: 3)),
                    ])
                let note = c < one.notes.count ? " (\(one.notes[c]))" : ""
                canvas.svg.element(
                    "title", text: "\(one.name) / \(category): \(Format.number(value, decimals: 3))\(note)")
                canvas.svg.close("rect")
            }
            canvas.svg.close("g")
        }
        return canvas.finish()
    }
}

/// The frame every chart shares: `<svg>` root, title, legend, plot rectangle, axes and grid lines.
///
/// Layout is computed from character counts (about 6.5 px per character at 11 px), never from font
/// metrics, so the same data always gives the same bytes.
struct ChartCanvas {
    struct LegendItem { var name: String; var color: String }

    let width: Double
    let height: Double
    let left: Double, top: Double, right: Double, bottom: Double
    var svg = SVGWriter()

    static func textWidth(_ text: String, size: Double = 11) -> Double { Double(text.count) * size * 0.6 }

    init(
        kind: String, title: String, width: Double, height: Double, legend: [LegendItem],
        leftMargin: Double = 56, bottomMargin: Double = 40
    ) {
        self.width = width
        self.height = height
        // Lay the legend out in rows under the title.
        var rows: [[(LegendItem, Double)]] = [[]]
        var x = leftMargin
        for item in legend {
            let itemWidth = 16 + Self.textWidth(item.name) + 14
            if x + itemWidth > width - 8, !rows[rows.count - 1].isEmpty { rows.append([]); x = leftMargin }
            rows[rows.count - 1].append((item, x))
            x += itemWidth
        }
        let legendRows = legend.isEmpty ? 0 : rows.count
        left = leftMargin
        right = width - 16
        top = 30 + Double(legendRows) * 16 + 6
        bottom = height - bottomMargin

        svg.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("class", "chart \(kind)"),
                ("width", SVGWriter.px(width)), ("height", SVGWriter.px(height)),
                ("viewBox", "0 0 \(SVGWriter.px(width)) \(SVGWriter.px(height))"),
                ("role", "img"), ("aria-label", title), ("font-family", "sans-serif"),
            ])
        svg.element("title", text: title)
        svg.element(
            "rect",
            [
                ("x", "0"), ("y", "0"), ("width", SVGWriter.px(width)), ("height", SVGWriter.px(height)),
                ("fill", "#ffffff"),
            ])
        svg.label(title, x: leftMargin, y: 18, size: 13, extra: [("font-weight", "bold")])
        if legendRows > 0 {
            svg.open("g", [("class", "legend")])
            for (row, items) in rows.enumerated() {
                let y = 30 + Double(row) * 16
                for (item, x) in items {
                    svg.element(
                        "rect",
                        [
                            ("x", SVGWriter.px(x)), ("y", SVGWriter.px(y)), ("width", "10"), ("height", "10"),
                            ("fill", item.color),
                        ])
                    svg.label(item.name, x: x + 14, y: y + 9)
                }
            }
            svg.close("g")
        }
    }

    /// Horizontal grid lines with labels on the left.
    mutating func yAxis(_ ticks: [Tick], scale: LinearScale, label: String) {
        svg.open("g", [("class", "axis y")])
        for tick in ticks {
            let y = scale(tick.value)
            svg.element(
                "line",
                [
                    ("x1", SVGWriter.px(left)), ("y1", SVGWriter.px(y)), ("x2", SVGWriter.px(right)),
                    ("y2", SVGWriter.px(y)), ("stroke", "#e0e0e0"),
                ])
            if !tick.label.isEmpty { svg.label(tick.label, x: left - 4, y: y + 4, anchor: "end", size: 10) }
        }
        if !label.isEmpty {
            let cy = (top + bottom) / 2
            svg.label(
                label, x: 12, y: cy, anchor: "middle", size: 10,
                extra: [("transform", "rotate(-90 12 \(SVGWriter.px(cy)))")])
        }
        svg.close("g")
    }

    /// The bottom axis line with tick marks and labels.
    mutating func xAxis(_ ticks: [Tick], scale: LinearScale, label: String) {
        svg.open("g", [("class", "axis x")])
        svg.element(
            "line",
            [
                ("x1", SVGWriter.px(left)), ("y1", SVGWriter.px(bottom)), ("x2", SVGWriter.px(right)),
                ("y2", SVGWriter.px(bottom)), ("stroke", "#555555"),
            ])
        for tick in ticks {
            let x = scale(tick.value)
            svg.element(
                "line",
                [
                    ("x1", SVGWriter.px(x)), ("y1", SVGWriter.px(bottom)), ("x2", SVGWriter.px(x)),
                    ("y2", SVGWriter.px(bottom + 4)), ("stroke", "#555555"),
                ])
            svg.label(tick.label, x: x, y: bottom + 15, anchor: "middle", size: 10)
        }
        if !label.isEmpty {
            svg.label(label, x: (left + right) / 2, y: height - 6, anchor: "middle", size: 10)
        }
        svg.close("g")
    }

    mutating func finish() -> String {
        svg.close("svg")
        return svg.text
    }
}

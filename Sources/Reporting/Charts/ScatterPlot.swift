/// Labelled points on two linear axes, optionally with the Pareto front highlighted (e.g. sweep points:
/// false denies vs. missed attacks).
public struct ScatterPlot: Sendable, Hashable {
    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public var label: String
        public init(x: Double, y: Double, label: String) { self.x = x; self.y = y; self.label = label }
    }

    /// Which direction is better on each axis.
    public enum Goal: Sendable, Hashable { case minimize, maximize }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var points: [Point]
    /// The better direction on each axis, for the Pareto front.
    public struct ParetoGoals: Sendable, Hashable {
        public var x: Goal
        public var y: Goal
        public init(x: Goal, y: Goal) { self.x = x; self.y = y }
    }

    /// When set, points on the Pareto front for these goals are drawn highlighted and joined.
    public var pareto: ParetoGoals?
    /// Write each point's label next to it (not only in its tooltip); a label that would overlap another is left
    /// to the tooltip.
    public var showLabels: Bool
    /// x values are durations in seconds, drawn on a log axis with duration ticks (`10m`, `1h`, `1d`), so 17m and
    /// 30m do not collide beside 7d.
    public var logDurationX: Bool
    public var width: Double
    public var height: Double

    public init(
        title: String, xLabel: String, yLabel: String, points: [Point], pareto: ParetoGoals? = nil,
        showLabels: Bool = false, logDurationX: Bool = false, width: Double = 720, height: Double = 320
    ) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.points = points
        self.pareto = pareto; self.showLabels = showLabels; self.logDurationX = logDurationX; self.width = width;
        self.height = height
    }

    /// Indices of the points no other point beats on both axes (ties on both count as non-dominated),
    /// ordered by x then y then index.
    public static func paretoFront(_ points: [Point], x: Goal, y: Goal) -> [Int] {
        func better(_ a: Double, _ b: Double, _ goal: Goal) -> Bool { goal == .minimize ? a < b : a > b }
        func noWorse(_ a: Double, _ b: Double, _ goal: Goal) -> Bool { a == b || better(a, b, goal) }
        let front = points.indices.filter { i in
            !points.indices.contains { j in
                j != i && noWorse(points[j].x, points[i].x, x) && noWorse(points[j].y, points[i].y, y)
                    && (better(points[j].x, points[i].x, x) || better(points[j].y, points[i].y, y))
            }
        }
        return front.sorted { (points[$0].x, points[$0].y, $0) < (points[$1].x, points[$1].y, $1) }
    }

    public func svg() -> String {
        let front = pareto.map { Self.paretoFront(points, x: $0.x, y: $0.y) } ?? []
        let legend: [ChartCanvas.LegendItem] =
            pareto == nil
            ? []
            : [.init(name: "point", color: Palette.color(0)), .init(name: "Pareto front", color: Palette.color(2))]
        var canvas = ChartCanvas(kind: "scatter", title: title, width: width, height: height, legend: legend)
        let yScale = ChartAxis.values(points.map(\.y), symlog: false, range: (canvas.bottom, canvas.top))
        let xScale: ChartAxis
        if logDurationX {
            // Half a decade of room on each side keeps the extreme points and their labels off the frame.
            let lo = max(1, (points.map(\.x).min() ?? 60) / 3), hi = max(lo * 10, (points.map(\.x).max() ?? 3_600) * 3)
            xScale = .logDurations(lo, hi, range: (canvas.left, canvas.right))
        } else {
            xScale = .values(points.map(\.x), symlog: false, range: (canvas.left, canvas.right))
        }
        canvas.yAxis(yScale.ticks, scale: yScale.scale, label: yLabel)
        canvas.xAxis(xScale.ticks, scale: xScale.scale, label: xLabel)

        let onFront = Set(front)
        canvas.svg.open("g", [("class", "points")])
        for (index, point) in points.enumerated() {
            let highlighted = onFront.contains(index)
            canvas.svg.open(
                "circle",
                [
                    ("cx", SVGWriter.px(xScale(point.x))), ("cy", SVGWriter.px(yScale(point.y))),
                    ("r", highlighted ? "5" : "3.5"),
                    ("fill", Palette.color(highlighted ? 2 : 0)),
                    ("class", highlighted ? "pareto" : "point"), ("data-label", point.label),
                    ("data-x", Format.number(point.x, decimals: 3)),
                    ("data-y", Format.number(point.y, decimals: 3)),
                ])
            canvas.svg.element(
                "title",
                text: "\(point.label): (\(Format.number(point.x, decimals: 3)), \(Format.number(point.y, decimals: 3)))"
            )
            canvas.svg.close("circle")
        }
        canvas.svg.close("g")
        if showLabels {
            canvas.svg.open("g", [("class", "labels")])
            var placed: [LabelBox] = points.map {
                LabelBox(x: xScale($0.x) - 5, y: yScale($0.y) - 5, width: 10, height: 10)
            }
            let area = LabelBox(
                x: canvas.left, y: canvas.top, width: width - canvas.left, height: canvas.bottom - canvas.top)
            for (index, point) in points.enumerated() {
                let x = xScale(point.x), y = yScale(point.y)
                let w = ChartCanvas.textWidth(point.label, size: 9), h = 10.0
                // Right-above, right-below, left-above, left-below, then further out; the first spot that overlaps
                // no point and no earlier label wins.
                let spots: [(dx: Double, dy: Double, end: Bool)] = [
                    (6, -6, false), (6, 12, false), (-6, -6, true), (-6, 12, true),
                    (6, -17, false), (6, 23, false), (-6, -17, true), (-6, 23, true),
                ]
                for spot in spots {
                    let left = spot.end ? x + spot.dx - w : x + spot.dx
                    let box = LabelBox(x: left, y: y + spot.dy - h + 2, width: w, height: h)
                    guard area.contains(box),
                        !placed.enumerated().contains(where: { $0.offset != index && $0.element.overlaps(box) })
                    else { continue }
                    placed.append(box)
                    canvas.svg.label(
                        point.label, x: spot.end ? x + spot.dx : x + spot.dx, y: y + spot.dy,
                        anchor: spot.end ? "end" : "start",
                        size: 9, extra: onFront.contains(index) ? [("font-weight", "bold")] : [])
                    break
                }
            }
            canvas.svg.close("g")
        }
        if front.count > 1 {
            let pixels = front.map { "\(SVGWriter.px(xScale(points[$0].x))),\(SVGWriter.px(yScale(points[$0].y)))" }
            canvas.svg.element(
                "polyline",
                [
                    ("class", "pareto-front"), ("points", pixels.joined(separator: " ")),
                    ("fill", "none"), ("stroke", Palette.color(2)), ("stroke-dasharray", "4 3"),
                ])
        }
        return canvas.finish()
    }
}

/// A label's or point's box in pixels, for placement without overlaps.
struct LabelBox {
    var x: Double, y: Double, width: Double, height: Double

    func overlaps(_ o: LabelBox) -> Bool {
        x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height
    }

    func contains(_ o: LabelBox) -> Bool {
        o.x >= x && o.y >= y && o.x + o.width <= x + width && o.y + o.height <= y + height
    }
}

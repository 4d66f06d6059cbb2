/// Horizontal lanes of coloured state segments over time (e.g. a recommendation's Learning → Stable → Set).
public struct StateTimelineChart: Sendable, Hashable {
    /// A state that starts at `time` and lasts until the lane's next change (or the chart's end).
    public struct Change: Sendable, Hashable {
        public var time: Int64
        public var state: String
        public init(time: Int64, state: String) { self.time = time; self.state = state }
    }

    public struct Lane: Sendable, Hashable {
        public var name: String
        public var changes: [Change]
        public init(name: String, changes: [Change]) { self.name = name; self.changes = changes }
    }

    /// Legend order and colour of each state; states not listed are drawn grey.
    public struct StateStyle: Sendable, Hashable {
        public var state: String
        public var color: String
        public init(state: String, color: String) { self.state = state; self.color = color }
    }

    public var title: String
    public var start: Int64
    public var end: Int64
    /// Axis labels are offsets from here (usually `start`).
    public var origin: Int64
    public var lanes: [Lane]
    public var states: [StateStyle]
    public var width: Double

    public init(
        title: String, start: Int64, end: Int64, origin: Int64? = nil, lanes: [Lane], states: [StateStyle],
        width: Double = 720
    ) {
        self.title = title; self.start = start; self.end = max(end, start + 1); self.origin = origin ?? start
        self.lanes = lanes; self.states = states; self.width = width
    }

    /// The segments of a lane, clipped to `start...end`: (from, to, state).
    public func segments(of lane: Lane) -> [(from: Int64, to: Int64, state: String)] {
        var result: [(from: Int64, to: Int64, state: String)] = []
        for (index, change) in lane.changes.enumerated() {
            let next = index + 1 < lane.changes.count ? lane.changes[index + 1].time : end
            let from = max(change.time, start), to = min(next, end)
            if to > from { result.append((from, to, change.state)) }
        }
        return result
    }

    public func svg() -> String {
        let laneHeight = 18.0, gap = 6.0
        let labelWidth = min(200, max(56, 12 + (lanes.map { ChartCanvas.textWidth($0.name) }.max() ?? 0)))
        let height = 30 + 16 * 2 + Double(lanes.count) * (laneHeight + gap) + 48
        // The legend lists only states that occur.
        let occurring = Set(lanes.flatMap { segments(of: $0).map(\.state) })
        var canvas = ChartCanvas(
            kind: "timeline", title: title, width: width, height: height,
            legend: states.filter { occurring.contains($0.state) }.map { .init(name: $0.state, color: $0.color) },
            leftMargin: labelWidth)
        let xScale = LinearScale(domain: (Double(start), Double(end)), range: (canvas.left, canvas.right))
        canvas.xAxis(Ticks.time(start, end, origin: origin), scale: xScale, label: "virtual time")
        for (index, lane) in lanes.enumerated() {
            let y = canvas.top + Double(index) * (laneHeight + gap)
            canvas.svg.open("g", [("class", "lane"), ("data-lane", lane.name)])
            canvas.svg.label(lane.name, x: canvas.left - 6, y: y + 13, anchor: "end")
            for segment in segments(of: lane) {
                let color = states.first { $0.state == segment.state }?.color ?? "#bab0ac"
                // At least 2 px wide, so a 17-minute Learning phase shows on a 30-day timeline.
                let x0 = xScale(Double(segment.from)), x1 = max(xScale(Double(segment.to)), min(x0 + 2, canvas.right))
                canvas.svg.open(
                    "rect",
                    [
                        ("x", SVGWriter.px(x0)), ("y", SVGWriter.px(y)),
                        ("width", SVGWriter.px(x1 - x0)), ("height", SVGWriter.px(laneHeight)),
                        ("fill", color), ("data-state", segment.state),
                        ("data-start", String(segment.from)), ("data-end", String(segment.to)),
                    ])
                canvas.svg.element(
                    "title",
                    text:
                        "\(lane.name): \(segment.state) from \(Format.offset(seconds: segment.from - origin)) to \(Format.offset(seconds: segment.to - origin))"
                )
                canvas.svg.close("rect")
            }
            canvas.svg.close("g")
        }
        return canvas.finish()
    }
}

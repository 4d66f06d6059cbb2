/// A point of a line, step or scatter series in data units.
public struct ChartPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// A named series of points, drawn in the order given.
public struct ChartSeries: Sendable, Hashable {
    public var name: String
    public var points: [ChartPoint]
    /// A fixed colour; nil picks `Palette.color(index)`.
    public var color: String?
    /// Whether to dot the data points (when the chart draws markers at all); off for fitted curves.
    public var markers: Bool
    public init(name: String, points: [ChartPoint], color: String? = nil, markers: Bool = true) {
        self.name = name; self.points = points; self.color = color; self.markers = markers
    }
}

/// How the x axis reads its values.
public enum XAxis: Sendable, Hashable {
    /// Plain numbers.
    case linear(label: String)
    /// Unix seconds, labelled as offsets from `origin` (the run's virtual start): `6h`, `1d`, `2d12h`.
    case time(origin: Int64, label: String)
}

/// The `data-points` attribute value: `x:y` pairs in data units, so tests and tools can read the numbers back.
func dataPoints(_ points: [ChartPoint], decimals: Int = 3) -> String {
    points.map { "\(Format.number($0.x, decimals: decimals)):\(Format.number($0.y, decimals: decimals))" }
        .joined(separator: " ")
}

import Simulation

/// How long after its flush a flow log becomes searchable by the engine's query (the delivery model's
/// Fluentd → Elasticsearch/Linseed pipeline). Drawn once per flushed window from the run's own stream.
public enum IngestionLatency: Hashable, Sendable, CustomStringConvertible {
    case fixed(SimDuration)
    /// Uniform over `[low, high]`, whole seconds.
    case uniform(SimDuration, SimDuration)
    /// Exponential with the given mean, whole seconds.
    case exponential(mean: SimDuration)

    public static let none = IngestionLatency.fixed(.zero)

    /// `2m`, `uniform:30s..3m` or `exponential:1m`.
    public init(parsing text: String) throws(IngestionLatencyError) {
        func duration(_ s: Substring) throws(IngestionLatencyError) -> SimDuration {
            do { return try SimDuration(parsing: String(s), allowDays: true) } catch {
                throw IngestionLatencyError(message: error.description)
            }
        }
        if text.hasPrefix("uniform:") {
            let body = text.dropFirst("uniform:".count)
            guard let r = body.range(of: "..") else {
                throw IngestionLatencyError(
                    message: "expected uniform:LOW..HIGH, e.g. uniform:30s..3m, got \"\(text)\"")
            }
            let low = try duration(body[..<r.lowerBound]), high = try duration(body[r.upperBound...])
            guard low <= high else {
                throw IngestionLatencyError(message: "expected LOW ≤ HIGH in uniform:LOW..HIGH, got \"\(text)\"")
            }
            self = .uniform(low, high)
        } else if text.hasPrefix("exponential:") {
            self = .exponential(mean: try duration(text.dropFirst("exponential:".count)))
        } else {
            self = .fixed(try duration(Substring(text)))
        }
    }

    /// The text it parses from; a fixed latency as a Go duration (`2m0s`).
    public var description: String {
        switch self {
        case .fixed(let d): d.goString
        case .uniform(let a, let b): "uniform:\(a.compact)..\(b.compact)"
        case .exponential(let m): "exponential:\(m.compact)"
        }
    }

    /// The mean delay, in seconds (for ordering).
    public var meanSeconds: Double {
        switch self {
        case .fixed(let d): Double(d.seconds)
        case .uniform(let a, let b): Double(a.seconds + b.seconds) / 2
        case .exponential(let m): Double(m.seconds)
        }
    }

    /// True when every flow log is searchable at its flush (the behaviour before the delivery model).
    public var isNone: Bool { self == .fixed(.zero) }

    /// One draw.
    public func sample(_ g: inout SeededGenerator) -> SimDuration {
        switch self {
        case .fixed(let d): return d
        case .uniform(let a, let b): return .seconds(g.int(in: a.seconds...b.seconds))
        case .exponential(let m):
            guard m.seconds > 0 else { return .zero }
            return .seconds(Int64(g.exponential(rate: 1 / Double(m.seconds)).rounded()))
        }
    }
}

/// An ingestion latency that does not parse.
public struct IngestionLatencyError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

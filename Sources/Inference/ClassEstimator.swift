import Foundation
import Scenario
import Simulation

/// What one class's arrivals say about its shape: steady (with a diurnal swing), periodic (hourly, daily, weekly,
/// monthly), or seen in a single burst. Pure: arrivals per flush window in, estimate out.
public struct ClassEstimate: Sendable, Hashable {
    public enum Shape: Sendable, Hashable {
        /// Poisson arrivals at `ratePerHour`, following `amplitude`/`peakHour` over the day when `amplitude` > 0.
        case steady(ratePerHour: Double, amplitude: Double, peakHour: Double)
        /// `connections` every `period`, at `phase` after the period start plus up to `jitter`.
        case periodic(period: SimDuration, phase: SimDuration, jitter: SimDuration, connections: Int)
        /// Everything at once: `connections` at `at` (from the span's start), spread over `spread`.
        case once(at: SimDuration, connections: Int, spread: SimDuration)
    }

    public var shape: Shape
    public var rarity: Rarity
    public var arrivals: Int
    /// Mean arrivals per hour over the observed span (for periodic classes: connections per period).
    public var ratePerHour: Double
    public var firstSeen: Int64
    public var lastSeen: Int64
    /// How the shape was decided, for the comment above the pattern.
    public var method: String
    /// When the class's traffic began or ended within the span, if its arrivals say so (a class that would almost
    /// surely have been seen earlier, or later, at its rate): offsets from the span's start.
    public var startsAt: SimDuration?
    public var stopsAt: SimDuration?
}

public enum ClassEstimator {
    /// Candidate periods, shortest first: hourly, daily, weekly, monthly (30 days), with the origin each is aligned
    /// to (weeks start on Monday 00:00 UTC, the Unix epoch being a Thursday).
    static let candidates: [(period: Int64, origin: Int64, name: String)] = [
        (3600, 0, "1h"), (86_400, 0, "1d"), (604_800, 4 * 86_400, "1w"), (30 * 86_400, 0, "30d"),
    ]
    /// A period is detected when at least this share of its complete periods in the span saw the class…
    static let minimumCoverage = 0.75
    /// …and its arrivals cluster at one phase of the period (mean resultant length of the phases).
    static let minimumConcentration = 0.85
    /// Below this swing a steady class gets no diurnal shape.
    static let minimumAmplitude = 0.25
    /// A steady class starts late (or stops early) when its rate makes a silence that long this unlikely.
    static let silenceProbability = 0.001

    /// Estimates a class from its arrivals per flush-window start, over the span `[start, end)`; `bin` is the
    /// flush interval in seconds.
    public static func estimate(bins: [Int64: Int], start: Int64, end: Int64, bin: Int64) -> ClassEstimate? {
        let times = bins.keys.sorted()
        guard let first = times.first, let last = times.last else { return nil }
        let arrivals = bins.values.reduce(0, +)
        let hours = max(1, Double(end - start)) / 3600
        var estimate = ClassEstimate(
            shape: .steady(ratePerHour: Double(arrivals) / hours, amplitude: 0, peakHour: 0), rarity: .steady,
            arrivals: arrivals, ratePerHour: Double(arrivals) / hours, firstSeen: first, lastSeen: last + bin,
            method: "")
        for c in candidates {
            guard let p = periodic(bins: bins, times: times, start: start, end: end, bin: bin, candidate: c) else {
                continue
            }
            estimate.shape = .periodic(
                period: .seconds(c.period), phase: .seconds(p.phase), jitter: .seconds(p.jitter),
                connections: p.connections)
            estimate.rarity = Rarity.forPeriod(.seconds(c.period))
            estimate.ratePerHour = Double(p.connections) * 3600 / Double(c.period)
            estimate.method =
                "periodic every \(c.name): arrivals in \(p.covered) of \(p.periods) complete periods (≥ \(Int(minimumCoverage * 100))%), phase concentration \(format(p.concentration)) (≥ \(minimumConcentration)); connections per firing = median \(p.connections)"
            // Began or ended within the span: a gap longer than a whole cycle before the first or after the last firing.
            let cycle = c.period + p.jitter + bin
            if first - start > cycle {
                estimate.startsAt = .seconds(first - start)
                estimate.method += "; starts \(SimDuration.seconds(first - start).compact) in (no firing before)"
            }
            if end - (last + bin) > cycle {
                estimate.stopsAt = .seconds(last + bin - start)
                estimate.method += "; stops \(SimDuration.seconds(last + bin - start).compact) in (no firing after)"
            }
            return estimate
        }
        if last - first <= 3600 {
            estimate.shape = .once(
                at: .seconds(first - start), connections: arrivals, spread: .seconds(max(bin, last + bin - first)))
            estimate.rarity = .once
            estimate.method =
                "seen once: \(arrivals) arrivals within \(SimDuration.seconds(last + bin - first).compact), no recurrence in the span"
            return estimate
        }
        let (amplitude, peak) = diurnal(bins: bins, times: times)
        // Traffic that began or ended within the span: a silence at either end its own rate makes unlikely.
        let activeHours = max(1, Double(last + bin - first)) / 3600
        let activeRate = Double(arrivals) / activeHours
        let threshold = -log(silenceProbability)
        let lead = Double(first - start) / 3600, tail = Double(end - (last + bin)) / 3600
        var notes: [String] = []
        var rate = Double(arrivals) / hours
        if lead >= 1 && activeRate * lead > threshold {
            estimate.startsAt = .seconds(first - start)
            notes.append(
                "starts \(SimDuration.seconds(first - start).compact) in (no arrival before, at \(format(activeRate))/h)"
            )
        }
        if tail >= 1 && activeRate * tail > threshold {
            estimate.stopsAt = .seconds(last + bin - start)
            notes.append("stops \(SimDuration.seconds(last + bin - start).compact) in (no arrival after)")
        }
        if !notes.isEmpty {
            rate = activeRate
            estimate.ratePerHour = rate
        }
        let when = notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")
        let over = notes.isEmpty ? hours : activeHours
        if amplitude >= minimumAmplitude && arrivals >= 48 {
            estimate.shape = .steady(ratePerHour: rate, amplitude: min(1, amplitude), peakHour: peak)
            estimate.method =
                "steady: \(arrivals) arrivals over \(format(over)) h = \(format(rate))/h; diurnal swing \(format(amplitude)) peaking at \(format(peak)):00 UTC (first harmonic of the hour-of-day counts); no period detected\(when)"
        } else {
            estimate.shape = .steady(ratePerHour: rate, amplitude: 0, peakHour: 0)
            estimate.method =
                "steady: \(arrivals) arrivals over \(format(over)) h = \(format(rate))/h; no period detected\(when)"
        }
        return estimate
    }

    struct Periodic {
        var periods: Int, covered: Int, concentration: Double, phase: Int64, jitter: Int64, connections: Int
    }

    static func periodic(
        bins: [Int64: Int], times: [Int64], start: Int64, end: Int64, bin: Int64,
        candidate c: (period: Int64, origin: Int64, name: String)
    ) -> Periodic? {
        let p = c.period
        // Complete periods k: [origin + kP, origin + (k+1)P) inside [start, end).
        let firstK = Int64((Double(start - c.origin) / Double(p)).rounded(.up))
        let lastK = Int64((Double(end - c.origin) / Double(p)).rounded(.down)) - 1
        guard lastK - firstK + 1 >= 2 else { return nil }
        var perPeriod: [Int64: Int] = [:]
        var sx = 0.0, sy = 0.0, weight = 0.0
        for t in times {
            let mid = t + bin / 2
            let k = Int64((Double(mid - c.origin) / Double(p)).rounded(.down))
            guard k >= firstK && k <= lastK else { continue }
            let n = bins[t]!
            perPeriod[k, default: 0] += n
            let theta = 2 * Double.pi * Double(mod(mid - c.origin, p)) / Double(p)
            sx += Double(n) * cos(theta); sy += Double(n) * sin(theta); weight += Double(n)
        }
        let periods = Int(lastK - firstK + 1)
        guard weight > 0, Double(perPeriod.count) / Double(periods) >= minimumCoverage else { return nil }
        let concentration = (sx * sx + sy * sy).squareRoot() / weight
        guard concentration >= minimumConcentration else { return nil }
        // The mean phase, then how far arrivals fall before and after it.
        var mean = atan2(sy, sx) / (2 * Double.pi) * Double(p)
        if mean < 0 { mean += Double(p) }
        var lo = Int64.max, hi = Int64.min
        for t in times {
            let offset = mod(t - c.origin, p) - Int64(mean)
            let wrapped = mod(offset + p / 2, p) - p / 2
            lo = min(lo, wrapped); hi = max(hi, wrapped + bin)
        }
        let phase = mod(Int64(mean) + lo, p)
        let counts = perPeriod.values.sorted()
        return Periodic(
            periods: periods, covered: perPeriod.count, concentration: concentration, phase: phase,
            jitter: min(p - 1, max(bin, hi - lo)), connections: max(1, counts[(counts.count - 1) / 2]))
    }

    /// Amplitude and peak hour (UTC) of the first harmonic of arrivals by hour of day.
    static func diurnal(bins: [Int64: Int], times: [Int64]) -> (amplitude: Double, peakHour: Double) {
        var sx = 0.0, sy = 0.0, total = 0.0
        for t in times {
            let hour = Double(mod(t, 86_400)) / 3600
            let theta = 2 * Double.pi * hour / 24
            let n = Double(bins[t]!)
            sx += n * cos(theta); sy += n * sin(theta); total += n
        }
        guard total > 0 else { return (0, 0) }
        var peak = atan2(sy, sx) / (2 * Double.pi) * 24
        if peak < 0 { peak += 24 }
        return (2 * (sx * sx + sy * sy).squareRoot() / total, (peak * 10).rounded() / 10)
    }

    static func mod(_ a: Int64, _ m: Int64) -> Int64 { ((a % m) + m) % m }

    /// Two decimals at most, no trailing `.0`: the figures of comments and advice (`30.74`, `600`).
    public static func format(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int64(r)) : String(r)
    }
}

import Scenario
import Simulation
import TrafficGeneration

/// Expected connection attempts per second of a scenario's patterns, and rescaling to a target total.
public enum TrafficRate {
    /// Expected connections per second of one pattern over `duration`: steady `rate/3600` (times the mean
    /// diurnal factor), burst `rate/3600 · on/(on+off)`, periodic `connections/period`, attack `rate/3600`,
    /// once `connections/duration`.
    public static func perSecond(_ p: TrafficPattern, duration: SimDuration) -> Double {
        switch p.shape {
        case .steady(let rate, let diurnal): return rate / 3600 * meanDiurnalFactor(diurnal)
        case .burst(let on, let off, let rate, _, _):
            let cycle = Double((on + off).seconds)
            return cycle > 0 ? rate / 3600 * Double(on.seconds) / cycle : 0
        case .periodic(let every, _, _, let connections, _):
            return Double(connections) / Double(max(1, every.nominal.seconds))
        case .once(_, let connections, _): return Double(connections) / Double(max(1, duration.seconds))
        case .attack(let rate, _, _): return rate / 3600
        }
    }

    /// Expected connections per second of the whole scenario.
    public static func perSecond(_ s: Scenario, duration: SimDuration? = nil) -> Double {
        s.traffic.reduce(0) { $0 + perSecond($1, duration: duration ?? s.duration) }
    }

    /// True for the shapes `rescaled` changes (steady and burst).
    static func isScalable(_ p: TrafficPattern) -> Bool {
        switch p.shape {
        case .steady, .burst: return true
        default: return false
        }
    }

    /// The scenario with steady and burst rates multiplied by one factor so that the expected total is
    /// `target` connections per second.
    public static func rescaled(_ s: Scenario, to target: Double) throws -> Scenario {
        precondition(target > 0, "the target rate must be positive")
        let scalable = s.traffic.filter(isScalable).reduce(0) { $0 + perSecond($1, duration: s.duration) }
        let fixed = perSecond(s) - scalable
        guard scalable > 0 else {
            throw CapacityError("\(s.file): no steady or burst traffic to rescale to \(target) flows per second")
        }
        guard target > fixed else {
            throw CapacityError(
                "\(s.file) at \(s.cluster.namespaces.count) namespaces: \(target) flows per second is below the "
                    + "\(fixedString(fixed)) flows per second of its periodic, one-shot and attack traffic alone")
        }
        let factor = (target - fixed) / scalable
        var out = s
        out.traffic = s.traffic.map { p in
            var c = p
            switch p.shape {
            case .steady(let rate, let diurnal): c.shape = .steady(ratePerHour: rate * factor, diurnal: diurnal)
            case .burst(let on, let off, let rate, let phase, let jitter):
                c.shape = .burst(on: on, off: off, ratePerHour: rate * factor, phase: phase, jitter: jitter)
            default: break
            }
            return c
        }
        return out
    }

    static func fixedString(_ v: Double) -> String { String(Double(Int((v * 1000).rounded())) / 1000) }

    /// Mean of `max(0, 1 + a·cos(2π(h − peak)/24))` over a day (1 without a diurnal cycle, or for a ≤ 1).
    static func meanDiurnalFactor(_ d: Diurnal?) -> Double {
        guard let d, d.amplitude > 1 else { return 1 }
        // Exact for a ≤ 1; above, the clipped part is averaged on a fine grid.
        let steps = 1440
        var sum = 0.0
        for i in 0..<steps {
            let angle = 2 * Double.pi * Double(i) / Double(steps)
            sum += max(0, 1 + d.amplitude * cosine(angle))
        }
        return sum / Double(steps)
    }

    /// cos without Foundation's platform differences (Taylor series after reduction to [-π, π]).
    static func cosine(_ x: Double) -> Double {
        var r = x.truncatingRemainder(dividingBy: 2 * Double.pi)
        if r > Double.pi { r -= 2 * Double.pi }
        var term = 1.0, sum = 1.0, k = 0.0
        for _ in 0..<20 {
            term *= -r * r / ((k + 1) * (k + 2)); k += 2
            sum += term
        }
        return sum
    }
}

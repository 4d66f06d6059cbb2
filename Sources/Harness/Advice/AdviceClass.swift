import Foundation
import Scenario
import Simulation

/// A traffic class as `advise` sees it: every legit pattern of a scenario with the same (source, destination, port,
/// protocol) is one class (one rule learns them all), with the arrival processes of its patterns.
public struct AdviceClass: Sendable, Hashable {
    public enum Component: Sendable, Hashable {
        /// Poisson arrivals per hour, with a diurnal swing (`amplitude` 0: none).
        case poisson(ratePerHour: Double, amplitude: Double, peakHour: Double)
        /// Arrivals every `period`, within `window` of their phase (a pattern's jitter plus its spread; a burst's
        /// on-time plus its jitter), so two arrivals are at most `period + window` apart.
        case periodic(period: SimDuration, window: SimDuration)
        /// Traffic seen once: no stabilization period waits for it.
        case once
    }

    public var label: String
    /// The patterns of the class, by id.
    public var patterns: [String]
    /// Namespaces of its ends (a recommendation in each learns it).
    public var namespaces: [String]
    public var rarity: Rarity
    public var components: [Component]

    /// The probability that the class stays unseen for a quiet stretch of `window`: the chance that a namespace
    /// reaches Stable without it (SPEC §2.10: Stable after `stabilizationPeriod` without a rule change).
    /// Poisson: e^(−Λ), Λ the fewest arrivals any window that long expects (the diurnal trough counts); periodic:
    /// 1 − window / (period + its window), the chance that a window that long falls between two arrivals.
    public func missProbability(window: SimDuration) -> Double {
        guard window.seconds > 0 else { return 1 }
        var p = 1.0
        var expected = 0.0
        for c in components {
            switch c {
            case .poisson(let rate, let amplitude, let peak):
                expected += Self.fewestArrivals(ratePerHour: rate, amplitude: amplitude, peakHour: peak, window: window)
            case .periodic(let period, let spread):
                let cycle = Double(period.seconds + spread.seconds)
                p *= max(0, 1 - Double(window.seconds) / cycle)
            case .once:
                break
            }
        }
        return p * exp(-expected)
    }

    /// True when the class has only one-off traffic.
    public var isOnceOnly: Bool { components.allSatisfy { $0 == .once } }

    /// The fewest arrivals a window of `window` expects over the day (5-minute steps).
    static func fewestArrivals(ratePerHour: Double, amplitude: Double, peakHour: Double, window: SimDuration) -> Double
    {
        guard amplitude > 0 else { return ratePerHour * Double(window.seconds) / 3600 }
        let step = 300.0
        let steps = Int((Double(window.seconds) / step).rounded(.up))
        func rate(_ t: Double) -> Double {
            let hour = t / 3600
            return ratePerHour * max(0, 1 + amplitude * cos(2 * Double.pi * (hour - peakHour) / 24))
        }
        var fewest = Double.infinity
        for start in stride(from: 0.0, to: 86_400, by: 1800) {
            var sum = 0.0
            for i in 0..<steps { sum += rate(start + (Double(i) + 0.5) * step) * step / 3600 }
            sum *= Double(window.seconds) / (Double(steps) * step)
            fewest = min(fewest, sum)
        }
        return fewest
    }

    /// The scenario's legit patterns grouped into classes, sorted by label.
    public static func classes(of scenario: Scenario) -> [AdviceClass] {
        var groups: [String: AdviceClass] = [:]
        for p in scenario.traffic where p.truth == .legit {
            guard let destination = p.destination else { continue }
            let label =
                "\(describe(p.source)) → \(describe(destination))" + (p.port.map { ":\($0)" } ?? "")
                + "/\(p.protocol.description.lowercased())"
            var c =
                groups[label]
                ?? AdviceClass(
                    label: label, patterns: [], namespaces: namespaces(p.source, destination), rarity: p.rarity,
                    components: [])
            c.patterns.append(p.id)
            c.rarity = min(c.rarity, p.rarity)
            switch p.shape {
            case .steady(let rate, let d):
                c.components.append(
                    .poisson(ratePerHour: rate, amplitude: d?.amplitude ?? 0, peakHour: d?.peakHour ?? 0))
            case .periodic(let every, _, let jitter, _, let spread):
                c.components.append(.periodic(period: every.nominal, window: jitter + spread))
            case .burst(let on, let off, _, _, let jitter):
                c.components.append(.periodic(period: on + off, window: on + jitter))
            case .once:
                c.components.append(.once)
            case .attack:
                continue
            }
            groups[label] = c
        }
        return groups.keys.sorted().map { groups[$0]! }
    }

    static func describe(_ s: TrafficSource) -> String {
        switch s {
        case .workload(let ns, let n): "\(ns)/\(n)"
        case .external(let n): "external:\(n)"
        case .networkSet(let ns, let n): "\(ns ?? "global")/\(n)"
        }
    }

    static func describe(_ d: TrafficDestination) -> String {
        switch d {
        case .workload(let ns, let n): "\(ns)/\(n)"
        case .service(let ns, let n): "svc:\(ns)/\(n)"
        case .networkSet(let ns, let n): "\(ns ?? "global")/\(n)"
        case .external(let n): "external:\(n)"
        case .address(let ip, _): "\(ip)"
        }
    }

    static func namespaces(_ s: TrafficSource, _ d: TrafficDestination) -> [String] {
        var out: Set<String> = []
        switch s {
        case .workload(let ns, _): out.insert(ns)
        case .networkSet(let ns?, _): out.insert(ns)
        default: break
        }
        switch d {
        case .workload(let ns, _), .service(let ns, _): out.insert(ns)
        case .networkSet(let ns?, _): out.insert(ns)
        default: break
        }
        return out.sorted()
    }
}

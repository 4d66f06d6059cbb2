/// Maps a data interval onto a pixel interval.
struct LinearScale {
    var domain: (Double, Double)
    var range: (Double, Double)

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.1 - domain.0
        guard span != 0 else { return (range.0 + range.1) / 2 }
        return range.0 + (value - domain.0) / span * (range.1 - range.0)
    }
}

/// One axis tick: where it sits (data units) and what it says.
struct Tick: Equatable {
    var value: Double
    var label: String
}

enum Ticks {
    /// "Nice" ticks (1, 2, 5 × 10ⁿ) covering `lower...upper` with at most about `maxCount` intervals.
    /// Powers of ten come from repeated multiplication, not `pow`, so every platform picks the same steps.
    static func linear(_ lower: Double, _ upper: Double, maxCount: Int = 5, integer: Bool = false) -> [Tick] {
        var lo = lower, hi = upper
        if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
        if hi <= lo { hi = lo + (integer ? 1 : max(abs(lo), 1)) }
        let raw = (hi - lo) / Double(maxCount)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        var step = magnitude
        for factor in [1.0, 2.0, 5.0, 10.0] where magnitude * factor >= raw { step = magnitude * factor; break }
        if integer { step = max(1, step.rounded(.up)) }
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        let decimals = decimalsFor(step)
        return stride(from: first, through: last, by: 1).map { index in
            let value = index * step
            return Tick(value: value, label: Format.number(value, decimals: decimals))
        }
    }

    /// Ticks on a time axis at round offsets from `origin`, labelled as offsets (`6h`, `1d`, `2d12h`).
    static func time(_ lower: Int64, _ upper: Int64, origin: Int64, maxCount: Int = 8) -> [Tick] {
        let steps: [Int64] = [
            60, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200,
            86_400, 172_800, 604_800, 1_209_600, 2_419_200, 4_838_400, 9_676_800,
        ]
        let span = max(upper - lower, 1)
        let step = steps.first { span / $0 <= Int64(maxCount) } ?? (span / Int64(maxCount) + 1)
        let firstIndex = Format.floorDiv(lower - origin + step - 1, step)
        var ticks: [Tick] = []
        var index = firstIndex
        while origin + index * step <= upper {
            let at = origin + index * step
            ticks.append(Tick(value: Double(at), label: Format.offset(seconds: at - origin)))
            index += 1
        }
        return ticks
    }

    private static func decimalsFor(_ step: Double) -> Int {
        var decimals = 0, scaled = step
        while decimals < 6 && (scaled - scaled.rounded()).magnitude > 1e-9 { scaled *= 10; decimals += 1 }
        return decimals
    }
}

/// Base-10 logarithm (Reporting uses no Foundation; `logarithm` is the natural log of GrowthFit.swift).
func log10(_ x: Double) -> Double { logarithm(x) / logarithm(10) }

/// Axis transforms that keep rare values visible next to large ones.
enum AxisTransform {
    /// `log10(1 + v)`: zero stays at zero, 1 and 10 000 are both readable (counts of false denies).
    static func symlog(_ v: Double) -> Double { v <= 0 ? 0 : log10(1 + v) }
    /// `log10(seconds)` for durations (at least one second).
    static func logSeconds(_ v: Double) -> Double { log10(Swift.max(1, v)) }
}

extension Ticks {
    /// Ticks for a symlog count axis: 0, 1, 10, 100, … up to the first power of ten at or above `upper`;
    /// values are already transformed, labels are the counts (`1,000`). Zero is the unlabelled baseline: on a
    /// log axis it sits too close to 1 for two labels.
    static func symlogCounts(upper: Double) -> [Tick] {
        var ticks = [Tick(value: 0, label: "")]
        var power = 1.0
        while true {
            ticks.append(Tick(value: AxisTransform.symlog(power), label: Format.count(Int(power))))
            if power >= upper { break }
            power *= 10
        }
        return ticks
    }

    /// Ticks for a log duration axis over `lower...upper` seconds: round durations (1m … 90d), values transformed,
    /// thinned so that no two labels are closer than `minGap` in transformed units.
    static func logDurations(_ lower: Double, _ upper: Double, minGap: Double = 0.25) -> [Tick] {
        let candidates: [Int64] = [
            1, 10, 60, 300, 600, 1_800, 3_600, 10_800, 21_600, 43_200, 86_400, 172_800, 259_200,
            604_800, 1_209_600, 2_592_000, 7_776_000,
        ]
        let lo = AxisTransform.logSeconds(lower), hi = AxisTransform.logSeconds(upper)
        var ticks: [Tick] = []
        for c in candidates {
            let v = AxisTransform.logSeconds(Double(c))
            guard v >= lo - 1e-9, v <= hi + 1e-9 else { continue }
            if let last = ticks.last, v - last.value < minGap { continue }
            ticks.append(Tick(value: v, label: Format.duration(seconds: c)))
        }
        return ticks
    }
}

/// One chart axis: its ticks and the map from data values to pixels, through the axis transform (none, symlog
/// counts, log durations). The canvas draws ticks with `scale`, which works on transformed values.
struct ChartAxis {
    enum Transform { case identity, symlog, logSeconds }

    let ticks: [Tick]
    let scale: LinearScale
    let transform: Transform
    /// The upper end of the axis in data units.
    let upper: Double

    /// Pixels of a data value.
    func callAsFunction(_ value: Double) -> Double {
        switch transform {
        case .identity: scale(value)
        case .symlog: scale(AxisTransform.symlog(value))
        case .logSeconds: scale(AxisTransform.logSeconds(value))
        }
    }

    /// "Nice" linear ticks covering `lower...upper`; the axis spans the ticks.
    static func linear(_ lower: Double, _ upper: Double, integer: Bool = false, range: (Double, Double)) -> ChartAxis {
        let ticks = Ticks.linear(lower, upper, integer: integer)
        return ChartAxis(
            ticks: ticks, scale: LinearScale(domain: (ticks.first!.value, ticks.last!.value), range: range),
            transform: .identity, upper: ticks.last!.value)
    }

    /// A value axis from zero (or the lowest value) to the highest: linear, or symlog for non-negative counts.
    static func values(_ values: [Double], symlog: Bool, integer: Bool = false, range: (Double, Double)) -> ChartAxis {
        guard symlog else {
            return linear(min(0, values.min() ?? 0), values.max() ?? 1, integer: integer, range: range)
        }
        let ticks = Ticks.symlogCounts(upper: values.max() ?? 1)
        return ChartAxis(
            ticks: ticks, scale: LinearScale(domain: (ticks.first!.value, ticks.last!.value), range: range),
            transform: .symlog, upper: values.max() ?? 1)
    }

    /// Durations in seconds over `lower...upper` on a log axis with round duration ticks.
    static func logDurations(_ lower: Double, _ upper: Double, range: (Double, Double)) -> ChartAxis {
        ChartAxis(
            ticks: Ticks.logDurations(lower, upper),
            scale: LinearScale(
                domain: (AxisTransform.logSeconds(lower), AxisTransform.logSeconds(upper)), range: range),
            transform: .logSeconds, upper: upper)
    }
}

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
        let steps: [Int64] = [60, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200,
                              86_400, 172_800, 604_800, 1_209_600, 2_419_200, 4_838_400, 9_676_800]
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

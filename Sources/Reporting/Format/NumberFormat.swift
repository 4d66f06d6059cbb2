/// Deterministic text for numbers, durations and instants: no locale, no `String(format:)`, no clocks.
public enum Format {
    /// `value` rounded half away from zero to at most `decimals` places, trailing zeros dropped (`2.5`, `3`, `-0.125`).
    public static func number(_ value: Double, decimals: Int = 2) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "Inf" : "-Inf") }
        precondition(decimals >= 0 && decimals <= 9, "decimals must be 0...9")
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return (value < 0 ? "-" : "") + String(Int64(min(abs(value), 9.0e18))) }
        let units = Int64(scaled)
        var text = (value < 0 && units != 0 ? "-" : "") + String(units / scale)
        var fraction = units % scale
        if fraction != 0 {
            var digits = decimals
            while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
            let raw = String(fraction)
            text += "." + String(repeating: "0", count: digits - raw.count) + raw
        }
        return text
    }

    /// A fraction in 0...1 as a percentage with one decimal (`87.5%`).
    /// A percentage with one decimal; a rate that is not zero but rounds to zero shows more decimals (up to
    /// four), so a handful of false denies among millions of flows never reads as `0%`.
    public static func percent(_ fraction: Double) -> String {
        var decimals = 1
        while decimals < 4, fraction != 0, abs(fraction * 100) < 0.5 * pow10(-decimals) { decimals += 1 }
        if fraction != 0, abs(fraction * 100) < 0.5 * pow10(-decimals) {
            return (fraction < 0 ? ">-" : "<") + "0.0001%"
        }
        return number(fraction * 100, decimals: decimals) + "%"
    }

    private static func pow10(_ e: Int) -> Double {
        var v = 1.0
        for _ in 0..<abs(e) { v *= 10 }
        return e < 0 ? 1 / v : v
    }

    /// A span of seconds in at most two units, largest first (`45s`, `12m`, `3h 20m`, `2d 4h`).
    public static func duration(seconds: Int64) -> String {
        if seconds < 0 { return "-" + duration(seconds: -seconds) }
        let units: [(name: String, size: Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        guard let first = units.firstIndex(where: { seconds >= $0.size }) else { return "0s" }
        var text = "\(seconds / units[first].size)\(units[first].name)"
        if first + 1 < units.count {
            let next = units[first + 1]
            let count = seconds % units[first].size / next.size
            if count > 0 { text += " \(count)\(next.name)" }
        }
        return text
    }

    /// An offset from the run start for axis ticks, compact (`0`, `30m`, `6h`, `1d`, `1d12h`).
    public static func offset(seconds: Int64) -> String {
        if seconds == 0 { return "0" }
        if seconds < 0 { return "-" + offset(seconds: -seconds) }
        let days = seconds / 86_400, hours = (seconds % 86_400) / 3_600
        let minutes = (seconds % 3_600) / 60, secs = seconds % 60
        var text = ""
        if days > 0 { text += "\(days)d" }
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if secs > 0 { text += "\(secs)s" }
        return text
    }

    /// Unix seconds as RFC 3339 UTC (`2026-01-02T03:04:05Z`).
    public static func utc(unixSeconds: Int64) -> String {
        let days = floorDiv(unixSeconds, 86_400)
        let secondOfDay = unixSeconds - days * 86_400
        let (y, m, d) = civil(daysSinceEpoch: days)
        return
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let raw = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - raw.count)) + raw
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
    static func civil(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

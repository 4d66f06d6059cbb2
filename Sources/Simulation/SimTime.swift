/// A point on the virtual clock, in whole seconds since the simulation epoch.
///
/// The epoch is a fixed Unix time chosen by the scenario (`SimInstant.unixEpoch`), so flow logs carry
/// realistic `start_time` values while the library never reads the wall clock.
public struct SimInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since the Unix epoch.
    public var unixSeconds: Int64

    public init(unixSeconds: Int64) { self.unixSeconds = unixSeconds }

    public static func < (a: SimInstant, b: SimInstant) -> Bool { a.unixSeconds < b.unixSeconds }
    public static func + (a: SimInstant, d: SimDuration) -> SimInstant {
        SimInstant(unixSeconds: a.unixSeconds + d.seconds)
    }
    public static func - (a: SimInstant, d: SimDuration) -> SimInstant {
        SimInstant(unixSeconds: a.unixSeconds - d.seconds)
    }
    public static func - (a: SimInstant, b: SimInstant) -> SimDuration {
        SimDuration(seconds: a.unixSeconds - b.unixSeconds)
    }
    public static func += (a: inout SimInstant, d: SimDuration) { a.unixSeconds += d.seconds }

    /// RFC 3339 in UTC with second precision (`2026-01-02T03:04:05Z`), as Calico writes `lastUpdated`.
    public var rfc3339: String { CivilTime(unixSeconds: unixSeconds).rfc3339 }
    public var description: String { rfc3339 }
}

/// A span of virtual time in whole seconds.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }
    public static func seconds(_ s: Int64) -> SimDuration { SimDuration(seconds: s) }
    public static func minutes(_ m: Int64) -> SimDuration { SimDuration(seconds: m * 60) }
    public static func hours(_ h: Int64) -> SimDuration { SimDuration(seconds: h * 3600) }
    public static func days(_ d: Int64) -> SimDuration { SimDuration(seconds: d * 86_400) }
    public static let zero = SimDuration(seconds: 0)

    public static func < (a: SimDuration, b: SimDuration) -> Bool { a.seconds < b.seconds }
    public static func + (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(seconds: a.seconds + b.seconds) }
    public static func - (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(seconds: a.seconds - b.seconds) }
    public static func * (a: SimDuration, k: Int64) -> SimDuration { SimDuration(seconds: a.seconds * k) }
    public static func * (k: Int64, a: SimDuration) -> SimDuration { SimDuration(seconds: a.seconds * k) }

    /// Go's `time.Duration.String()` form, as Kubernetes serialises `metav1.Duration` (`2m30s`, `24h0m0s`).
    public var goString: String {
        if seconds == 0 { return "0s" }
        var s = abs(seconds)
        var out = seconds < 0 ? "-" : ""
        let h = s / 3600; s %= 3600
        let m = s / 60; s %= 60
        if h > 0 { out += "\(h)h\(m)m\(s)s" } else if m > 0 { out += "\(m)m\(s)s" } else { out += "\(s)s" }
        return out
    }

    /// Compact human form using the largest exact unit (`7d`, `36h`, `150s`), as scenarios and reports use.
    public var compact: String {
        if seconds == 0 { return "0s" }
        for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    public var description: String { compact }
}

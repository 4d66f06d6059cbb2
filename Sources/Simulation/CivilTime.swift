/// Calendar fields of a Unix time in UTC, computed without Foundation so output never depends on a locale.
public struct CivilTime: Equatable, Sendable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    /// 0 = Sunday ... 6 = Saturday.
    public var weekday: Int

    public init(unixSeconds: Int64) {
        let days = Int(unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400)
        let secs = Int(unixSeconds - Int64(days) * 86_400)
        hour = secs / 3600; minute = secs % 3600 / 60; second = secs % 60
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Unix seconds of a UTC calendar date and time.
    public static func unixSeconds(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0
    ) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public var rfc3339: String {
        func p(_ v: Int, _ w: Int = 2) -> String {
            let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(p(year, 4))-\(p(month))-\(p(day))T\(p(hour)):\(p(minute)):\(p(second))Z"
    }
}

extension SimInstant {
    /// Parses RFC 3339 UTC timestamps of the form `YYYY-MM-DDTHH:MM:SSZ` (what Calico writes).
    public init?(rfc3339 text: String) {
        let parts = text.split(whereSeparator: { "-T:Z".contains($0) }).compactMap { Int($0) }
        guard parts.count == 6, text.hasSuffix("Z") else { return nil }
        self.init(
            unixSeconds: CivilTime.unixSeconds(
                year: parts[0], month: parts[1], day: parts[2],
                hour: parts[3], minute: parts[4], second: parts[5]))
    }
}

/// Why a duration string was rejected.
public struct DurationParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var input: String
    public var reason: String
    public var description: String { "invalid duration \"\(input)\": \(reason)" }
}

extension SimDuration {
    /// Parses Go duration syntax (`150s`, `2m30s`, `1.5h`, `300ms`), the form of `metav1.Duration`.
    ///
    /// With `allowDays`, the units `d` (86400 s) and `w` (7 d) are accepted too, for scenario files.
    /// Sub-second parts are truncated to whole seconds, since the virtual clock ticks in seconds.
    public init(parsing text: String, allowDays: Bool = false) throws(DurationParseError) {
        let units: [(String, Double)] =
            [
                ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6), ("ms", 1e-3),
                ("s", 1), ("m", 60), ("h", 3600),
            ] + (allowDays ? [("d", 86_400), ("w", 604_800)] : [])
        var rest = Substring(text.trimmingCharacters(in: " \t"))
        guard !rest.isEmpty else { throw DurationParseError(input: text, reason: "empty") }
        var negative = false
        if rest.first == "-" || rest.first == "+" { negative = rest.first == "-"; rest = rest.dropFirst() }
        if rest == "0" { self.init(seconds: 0); return }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else {
                throw DurationParseError(input: text, reason: "expected a number at \"\(rest)\"")
            }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isNumber || $0 == ".") }
            guard let unit = units.first(where: { $0.0 == unitText }) else {
                let known = units.map(\.0).joined(separator: ", ")
                throw DurationParseError(
                    input: text,
                    reason: unitText.isEmpty
                        ? "missing unit (one of \(known))" : "unknown unit \"\(unitText)\" (expected one of \(known))")
            }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        guard total.isFinite, total <= Double(InputLimits.maxDurationSeconds) else {
            throw DurationParseError(input: text, reason: "longer than the longest accepted duration (100 years)")
        }
        let secs = Int64(total.rounded(.towardZero))
        self.init(seconds: negative ? -secs : secs)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

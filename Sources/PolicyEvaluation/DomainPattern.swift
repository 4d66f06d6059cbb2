/// A `domains` entry of an egress rule: an exact name, or a name with one `*` standing for one or more
/// whole labels (`*.google.com` matches `www.ipv6.google.com` but not `google.com`). Case-insensitive.
public struct DomainPattern: Hashable, Sendable {
    public let text: String
    /// Lowercased part before the `*` (the whole name when there is no `*`).
    let prefix: [UInt8]
    /// Lowercased part after the `*`; nil for an exact name.
    let suffix: [UInt8]?

    /// Nil when the pattern has more than one `*`.
    public init?(_ text: String) {
        let lower = Array(text.utf8).map(DomainPattern.lowercase)
        let stars = lower.indices.filter { lower[$0] == UInt8(ascii: "*") }
        guard stars.count <= 1 else { return nil }
        self.text = text
        if let s = stars.first {
            prefix = Array(lower[..<s]); suffix = Array(lower[(s + 1)...])
        } else {
            prefix = lower; suffix = nil
        }
    }

    public func matches(_ domain: String) -> Bool {
        var name = Array(domain.utf8).map(DomainPattern.lowercase)
        if name.last == UInt8(ascii: ".") { name.removeLast() }
        guard let suffix else { return name == prefix }
        guard name.count > prefix.count + suffix.count,
            name.starts(with: prefix), name.reversed().starts(with: suffix.reversed())
        else { return false }
        let middle = name[prefix.count..<(name.count - suffix.count)]
        let dot = UInt8(ascii: ".")
        // The wildcard covers whole labels: it must sit between label boundaries and not be empty.
        if let p = prefix.last, p != dot { return false }
        if let s = suffix.first, s != dot { return false }
        return middle.first != dot && middle.last != dot
            && !zip(middle, middle.dropFirst()).contains { $0 == dot && $1 == dot }
    }

    static func any(_ patterns: ArraySlice<DomainPattern>, matchAnyOf domains: [String]) -> Bool {
        for d in domains { for p in patterns where p.matches(d) { return true } }
        return false
    }

    private static func lowercase(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
}

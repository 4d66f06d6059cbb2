/// An IPv4 or IPv6 address.
public enum IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    case v4(UInt32)
    case v6(high: UInt64, low: UInt64)

    public init?(_ text: String) {
        if text.contains(":") {
            guard let (h, l) = IPAddress.parseV6(text) else { return nil }
            self = .v6(high: h, low: l)
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var v: UInt32 = 0
            for p in parts {
                guard !p.isEmpty, p.count <= 3, let b = UInt8(p) else { return nil }
                v = v << 8 | UInt32(b)
            }
            self = .v4(v)
        }
    }

    public var isIPv4: Bool { if case .v4 = self { return true }; return false }

    /// RFC 1918 private ranges (what Calico's flow logs call `pvt`); everything else is `pub`.
    public var isPrivate: Bool {
        guard case .v4(let v) = self else { return false }
        return v >> 24 == 10 || v >> 20 == 0xAC1 || v >> 16 == 0xC0A8
    }

    public var description: String {
        switch self {
        case .v4(let v): return "\(v >> 24).\(v >> 16 & 255).\(v >> 8 & 255).\(v & 255)"
        case .v6(let h, let l):
            let groups =
                (0..<4).map { String(h >> (48 - 16 * UInt64($0)) & 0xFFFF, radix: 16) }
                + (0..<4).map { String(l >> (48 - 16 * UInt64($0)) & 0xFFFF, radix: 16) }
            return groups.joined(separator: ":")
        }
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        switch (a, b) {
        case (.v4(let x), .v4(let y)): return x < y
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        case (.v6(let h1, let l1), .v6(let h2, let l2)): return (h1, l1) < (h2, l2)
        }
    }

    private static func parseV6(_ text: String) -> (UInt64, UInt64)? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        let h = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let l = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (h, l)
    }
}

extension String {
    func components(separatedBy separator: String) -> [String] {
        var out: [String] = []
        var rest = Substring(self)
        while let r = rest.range(of: separator) {
            out.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        out.append(String(rest))
        return out
    }
}

/// A CIDR block (`10.0.0.0/8`, `2001:db8::/32`); a bare address is a /32 or /128.
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let a = IPAddress(String(parts[0])) else { return nil }
        let maxLen = a.isIPv4 ? 32 : 128
        if parts.count == 2 {
            guard let l = Int(parts[1]), (0...maxLen).contains(l) else { return nil }
            prefixLength = l
        } else {
            prefixLength = maxLen
        }
        address = a
    }

    public func contains(_ ip: IPAddress) -> Bool {
        switch (address, ip) {
        case (.v4(let net), .v4(let v)):
            if prefixLength == 0 { return true }
            let mask: UInt32 = prefixLength == 32 ? .max : ~(UInt32.max >> UInt32(prefixLength))
            return net & mask == v & mask
        case (.v6(let nh, let nl), .v6(let h, let l)):
            if prefixLength <= 64 {
                if prefixLength == 0 { return true }
                let mask: UInt64 = prefixLength == 64 ? .max : ~(UInt64.max >> UInt64(prefixLength))
                return nh & mask == h & mask
            }
            let mask: UInt64 = prefixLength == 128 ? .max : ~(UInt64.max >> UInt64(prefixLength - 64))
            return nh == h && nl & mask == l & mask
        default: return false
        }
    }

    public var description: String { "\(address)/\(prefixLength)" }

    /// The RFC 1918 ranges Calico's recommendation engine writes into `Private` rules.
    public static let privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
}

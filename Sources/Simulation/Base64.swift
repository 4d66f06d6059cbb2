/// Base64 and base32hex encoders without Foundation, for Calico's IDs and length-limited names.
public enum BaseEncoding {
    /// RFC 4648 base64url without padding (Go's `base64.RawURLEncoding`).
    public static func base64URLRaw(_ bytes: [UInt8]) -> String {
        let alphabet: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var out = ""
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i]), b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0,
                b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            let chars = [n >> 18 & 63, n >> 12 & 63, n >> 6 & 63, n & 63].map { alphabet[Int($0)] }
            let keep = min(4, (bytes.count - i) * 8 / 6 + ((bytes.count - i) * 8 % 6 == 0 ? 0 : 1))
            out.append(contentsOf: chars.prefix(keep))
            i += 3
        }
        return out
    }

    /// RFC 4648 base32 "extended hex" alphabet with `=` padding (Go's `base32.HexEncoding`).
    public static func base32Hex(_ bytes: [UInt8]) -> String {
        let alphabet: [Character] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUV")
        var out = ""
        var buffer: UInt64 = 0, bits = 0
        for b in bytes {
            buffer = buffer << 8 | UInt64(b); bits += 8
            while bits >= 5 { bits -= 5; out.append(alphabet[Int(buffer >> UInt64(bits) & 31)]) }
        }
        if bits > 0 { out.append(alphabet[Int(buffer << UInt64(5 - bits) & 31)]) }
        while out.count % 8 != 0 { out.append("=") }
        return out
    }
}

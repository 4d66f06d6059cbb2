/// A JSON parser that reads UTF-8 bytes straight into `JSONValue`, for the flow-log reader's hot path (Foundation's
/// `JSONDecoder` through `Decodable` cost ~80% of replay time).
///
/// It accepts exactly what `JSONDecoder` accepts for `JSONValue`, with the same values — a differential test
/// (`JSONBytesTests`) holds it to that: RFC 8259 plus trailing commas in arrays and objects; the first of duplicate
/// keys wins; numbers that are whole and fit `Int64` (`1.0`, `1e3`) are `.int`, others `.double`, overflow to
/// infinity is an error; lone surrogates and raw control characters in strings are errors. The one difference,
/// found by fuzzing: `JSONDecoder` does not check the value of a duplicate key it drops (a raw control character,
/// a malformed number pass); this parser checks every value, as RFC 8259 asks. And it reads UTF-8 only, where
/// `JSONDecoder` takes NUL bytes at the start for UTF-16 or UTF-32 (a flow-log line is UTF-8). Whole numbers beyond
/// 2^53 written with a fraction or an exponent may differ from JSONDecoder's in the last digits. Nesting is limited
/// (`maxDepth`) so no input can exhaust the stack.
public enum JSONBytes {
    public struct Invalid: Error, Sendable {}

    public static let maxDepth = 128

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Invalid) -> JSONValue {
        var p = Parser(bytes: bytes)
        // A leading UTF-8 byte-order mark is skipped, as JSONDecoder does (files saved by Windows editors have one).
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { p.i = 3 }
        p.skipSpace()
        let value = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw Invalid() }
        return value
    }

    public static func parse(_ text: String) throws(Invalid) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, Invalid> = copy.withUTF8 { buffer in
            do throws(Invalid) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        @inline(__always) var atEnd: Bool { i >= bytes.count }
        @inline(__always) var peek: UInt8 { bytes[i] }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0A, 0x0D: i += 1
                default: return
                }
            }
        }

        mutating func expect(_ c: UInt8) throws(Invalid) {
            guard !atEnd, peek == c else { throw Invalid() }
            i += 1
        }

        mutating func literal(_ word: StaticString) throws(Invalid) {
            let n = word.utf8CodeUnitCount
            guard bytes.count - i >= n else { throw Invalid() }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw Invalid() }
            i += n
        }

        mutating func value(depth: Int) throws(Invalid) -> JSONValue {
            guard !atEnd else { throw Invalid() }
            switch peek {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw Invalid()
            }
        }

        mutating func object(depth: Int) throws(Invalid) -> JSONValue {
            guard depth <= JSONBytes.maxDepth else { throw Invalid() }
            i += 1
            var out: [String: JSONValue] = [:]
            skipSpace()
            if !atEnd && peek == UInt8(ascii: "}") { i += 1; return .object(out) }
            while true {
                skipSpace()
                guard !atEnd, peek == UInt8(ascii: "\"") else { throw Invalid() }
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                let v = try value(depth: depth)
                if out[key] == nil { out[key] = v }  // the first of duplicate keys wins, as in JSONDecoder
                skipSpace()
                guard !atEnd else { throw Invalid() }
                if peek == UInt8(ascii: ",") {
                    i += 1
                    skipSpace()
                    if !atEnd && peek == UInt8(ascii: "}") { i += 1; return .object(out) }  // trailing comma
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return .object(out)
            }
        }

        mutating func array(depth: Int) throws(Invalid) -> JSONValue {
            guard depth <= JSONBytes.maxDepth else { throw Invalid() }
            i += 1
            var out: [JSONValue] = []
            skipSpace()
            if !atEnd && peek == UInt8(ascii: "]") { i += 1; return .array(out) }
            while true {
                skipSpace()
                out.append(try value(depth: depth))
                skipSpace()
                guard !atEnd else { throw Invalid() }
                if peek == UInt8(ascii: ",") {
                    i += 1
                    skipSpace()
                    if !atEnd && peek == UInt8(ascii: "]") { i += 1; return .array(out) }  // trailing comma
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return .array(out)
            }
        }

        mutating func string() throws(Invalid) -> String {
            i += 1
            let start = i
            // Fast path: no escapes.
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
                    i += 1
                    guard let s = String(validating: raw, as: UTF8.self) else { throw Invalid() }
                    return s
                }
                if c == UInt8(ascii: "\\") { break }
                guard c >= 0x20 else { throw Invalid() }
                i += 1
            }
            var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            while true {
                guard i < bytes.count else { throw Invalid() }
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    guard let s = String(validating: out, as: UTF8.self) else { throw Invalid() }
                    return s
                }
                guard c >= 0x20 else { throw Invalid() }
                if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
                i += 1
                guard i < bytes.count else { throw Invalid() }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u")
                        else { throw Invalid() }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw Invalid() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw Invalid()
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw Invalid() }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw Invalid()
                }
            }
        }

        mutating func hex4() throws(Invalid) -> UInt32 {
            guard bytes.count - i >= 4 else { throw Invalid() }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw Invalid()
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }

        mutating func number() throws(Invalid) -> JSONValue {
            let start = i
            var negative = false
            if peek == UInt8(ascii: "-") { negative = true; i += 1 }
            guard !atEnd else { throw Invalid() }
            // Integer part: 0 or [1-9][0-9]*.
            var magnitude: UInt64 = 0, overflow = false
            if peek == UInt8(ascii: "0") {
                i += 1
                if !atEnd, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) { throw Invalid() }
            } else {
                guard (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(peek) else { throw Invalid() }
                while !atEnd, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) {
                    let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (m2, o2) = m1.addingReportingOverflow(UInt64(peek - UInt8(ascii: "0")))
                    if o1 || o2 { overflow = true }
                    magnitude = m2
                    i += 1
                }
            }
            var fractional = false, exponent = false
            if !atEnd, peek == UInt8(ascii: ".") {
                fractional = true
                i += 1
                guard !atEnd, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) else { throw Invalid() }
                while !atEnd, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) { i += 1 }
            }
            if !atEnd, peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                fractional = true
                exponent = true
                i += 1
                if !atEnd, peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
                guard !atEnd, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) else { throw Invalid() }
                while !atEnd, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(peek) { i += 1 }
            }
            if !fractional && !overflow {
                if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
                if negative, magnitude <= UInt64(Int64.max) + 1 {
                    return .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
                }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            guard let d = Double(text), d.isFinite else { throw Invalid() }
            // A plain integer too large for Int64 stays a double; a whole number written with a fraction or an
            // exponent (`1.0`, `1e3`) becomes an int when it fits.
            if fractional, d == d.rounded(), d >= -9_223_372_036_854_775_808.0, d < 9_223_372_036_854_775_808.0 {
                // Beyond 2^53 a double is not exact: like JSONDecoder, take the written integer part (`…580.9` is …580).
                if !exponent, !overflow, magnitude <= UInt64(Int64.max) {
                    return .int(negative ? -Int64(magnitude) : Int64(magnitude))
                }
                return .int(Int64(d))
            }
            return .double(d)
        }
    }
}

/// Finds values inside one line of JSON without building a tree: the byte ranges of an object's members and of
/// an array's elements. Used to reach the flow-log records inside Elasticsearch hits and `_search` responses,
/// which the flow-log decoder then reads directly. Malformed input gives nil, never a crash.
enum JSONScan {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    static func skipSpace(_ b: Bytes, _ i: Int) -> Int {
        var i = i
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
        return i
    }

    /// The end (exclusive) of the string starting at `i` (a `"`), or nil if it does not end.
    static func stringEnd(_ b: Bytes, _ i: Int) -> Int? {
        var j = i + 1
        while j < b.count {
            switch b[j] {
            case 0x5C: j += 2  // backslash: skip the escaped byte
            case 0x22: return j + 1
            default: j += 1
            }
        }
        return nil
    }

    /// The end (exclusive) of the value starting at `i`, or nil when it is not a complete value. Nesting is
    /// bounded so that hostile input cannot recurse: brackets are counted, not recursed into.
    static func valueEnd(_ b: Bytes, _ i: Int) -> Int? {
        guard i < b.count else { return nil }
        switch b[i] {
        case 0x22: return stringEnd(b, i)
        case 0x7B, 0x5B:
            var depth = 0, j = i
            while j < b.count {
                switch b[j] {
                case 0x22:
                    guard let e = stringEnd(b, j) else { return nil }
                    j = e
                    continue
                case 0x7B, 0x5B: depth += 1
                case 0x7D, 0x5D:
                    depth -= 1
                    if depth == 0 { return j + 1 }
                default: break
                }
                j += 1
            }
            return nil
        default:
            var j = i
            while j < b.count,
                !(b[j] == 0x2C || b[j] == 0x7D || b[j] == 0x5D || b[j] == 0x20 || b[j] == 0x09
                    || b[j] == 0x0A || b[j] == 0x0D)
            {
                j += 1
            }
            return j > i ? j : nil
        }
    }

    /// The members of the object in `range`: key bytes (without quotes; escapes left as written) and value
    /// ranges, in order. Nil when the range is not an object.
    static func members(_ b: Bytes, _ range: Range<Int>) -> [(key: Range<Int>, value: Range<Int>)]? {
        var i = skipSpace(b, range.lowerBound)
        guard i < range.upperBound, b[i] == 0x7B else { return nil }
        i = skipSpace(b, i + 1)
        var out: [(key: Range<Int>, value: Range<Int>)] = []
        if i < range.upperBound, b[i] == 0x7D { return out }
        while i < range.upperBound {
            guard b[i] == 0x22, let keyEnd = stringEnd(b, i) else { return nil }
            let key = (i + 1)..<(keyEnd - 1)
            i = skipSpace(b, keyEnd)
            guard i < range.upperBound, b[i] == 0x3A else { return nil }
            i = skipSpace(b, i + 1)
            guard let valueEnd = valueEnd(b, i), valueEnd <= range.upperBound else { return nil }
            out.append((key, i..<valueEnd))
            i = skipSpace(b, valueEnd)
            guard i < range.upperBound else { return nil }
            if b[i] == 0x7D { return out }
            guard b[i] == 0x2C else { return nil }
            i = skipSpace(b, i + 1)
        }
        return nil
    }

    /// The elements of the array in `range`, in order; nil when it is not an array.
    static func elements(_ b: Bytes, _ range: Range<Int>) -> [Range<Int>]? {
        var i = skipSpace(b, range.lowerBound)
        guard i < range.upperBound, b[i] == 0x5B else { return nil }
        i = skipSpace(b, i + 1)
        var out: [Range<Int>] = []
        if i < range.upperBound, b[i] == 0x5D { return out }
        while i < range.upperBound {
            guard let end = valueEnd(b, i), end <= range.upperBound else { return nil }
            out.append(i..<end)
            i = skipSpace(b, end)
            guard i < range.upperBound else { return nil }
            if b[i] == 0x5D { return out }
            guard b[i] == 0x2C else { return nil }
            i = skipSpace(b, i + 1)
        }
        return nil
    }

    /// The value of member `key` of the object in `range`.
    static func member(_ key: String, _ b: Bytes, _ range: Range<Int>) -> Range<Int>? {
        guard let ms = members(b, range) else { return nil }
        let k = Array(key.utf8)
        return ms.first { m in m.key.count == k.count && zip(b[m.key], k).allSatisfy { $0 == $1 } }?.value
    }

    /// The key of the object's first member, if any.
    static func firstKey(_ b: Bytes) -> Bytes? {
        let i = skipSpace(b, 0)
        guard i < b.count, b[i] == 0x7B else { return nil }
        let k = skipSpace(b, i + 1)
        guard k < b.count, b[k] == 0x22, let end = stringEnd(b, k) else { return nil }
        return Bytes(rebasing: b[(k + 1)..<(end - 1)])
    }
}

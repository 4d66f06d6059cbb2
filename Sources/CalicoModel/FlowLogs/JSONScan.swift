/// Walks one line of JSON without building a tree: objects' members and arrays' elements, one step at a time. Used to reach the flow-log records inside Elasticsearch hits and `_search` responses,
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

    /// Where a walk over an object's members or an array's elements stands.
    enum Step: Equatable {
        /// At the next member or element, which starts at this index.
        case next(Int)
        /// Past the closing bracket, at this index.
        case closed(Int)
    }

    /// Enters the object or array whose `open` bracket is at `i`: `.closed` when it is empty, else `.next` at its
    /// first member or element. Nil when `b[i]` is not `open`.
    static func enter(_ b: Bytes, _ i: Int, open: UInt8, close: UInt8) -> Step? {
        guard i < b.count, b[i] == open else { return nil }
        let j = skipSpace(b, i + 1)
        return j < b.count && b[j] == close ? .closed(j + 1) : .next(j)
    }

    /// After a member or element that ends before `i`: `.next` past a comma, `.closed` past `close`; nil otherwise.
    static func step(_ b: Bytes, _ i: Int, close: UInt8) -> Step? {
        let j = skipSpace(b, i)
        guard j < b.count else { return nil }
        if b[j] == UInt8(ascii: ",") { return .next(skipSpace(b, j + 1)) }
        return b[j] == close ? .closed(j + 1) : nil
    }

    /// The key (without quotes; escapes as written) of the member at `i` and where its value starts.
    static func memberKey(_ b: Bytes, _ i: Int) -> (key: Range<Int>, value: Int)? {
        guard i < b.count, b[i] == 0x22, let keyEnd = stringEnd(b, i) else { return nil }
        let colon = skipSpace(b, keyEnd)
        guard colon < b.count, b[colon] == 0x3A else { return nil }
        return ((i + 1)..<(keyEnd - 1), skipSpace(b, colon + 1))
    }

    /// Whether `bytes` are the UTF-8 of `s`.
    static func equals<C: Collection<UInt8>>(_ bytes: C, _ s: StaticString) -> Bool {
        bytes.count == s.utf8CodeUnitCount
            && zip(bytes, UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)).allSatisfy { $0 == $1 }
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

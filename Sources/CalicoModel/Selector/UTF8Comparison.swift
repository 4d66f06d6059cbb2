#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytewise string comparisons, as Go's `==`, `strings.HasPrefix` etc. do them.
///
/// Swift's `String ==` compares by Unicode canonical equivalence, which differs from Calico for
/// non-ASCII text and normalises on the slow path; selector matching is hot, so compare UTF-8 bytes.
@usableFromInline
enum UTF8Comparison {
    @inlinable @inline(__always)
    static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = s.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(s.utf8).withUnsafeBufferPointer(body)
    }

    @inlinable @inline(__always)
    static func same(_ a: UnsafeBufferPointer<UInt8>, at offset: Int, as b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        guard n > 16 else {
            // Short values (most label values) compare faster inline than through a libc call.
            var i = 0
            while i < n {
                if a[offset &+ i] != b[i] { return false }
                i &+= 1
            }
            return true
        }
        return memcmp(a.baseAddress! + offset, b.baseAddress!, n) == 0
    }

    @inlinable
    static func equal(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return withBytes(a) { pa in withBytes(b) { pb in same(pa, at: 0, as: pb) } }
    }

    @inlinable
    static func hasPrefix(_ s: String, _ prefix: String) -> Bool {
        guard s.utf8.count >= prefix.utf8.count else { return false }
        return withBytes(s) { ps in withBytes(prefix) { pp in same(ps, at: 0, as: pp) } }
    }

    @inlinable
    static func hasSuffix(_ s: String, _ suffix: String) -> Bool {
        guard s.utf8.count >= suffix.utf8.count else { return false }
        return withBytes(s) { ps in withBytes(suffix) { px in same(ps, at: ps.count - px.count, as: px) } }
    }

    @inlinable
    static func contains(_ s: String, _ needle: String) -> Bool {
        guard s.utf8.count >= needle.utf8.count else { return false }
        return withBytes(s) { ps in
            withBytes(needle) { pn in
                guard let first = pn.first else { return true }
                var i = 0
                let last = ps.count - pn.count
                while i <= last {
                    if ps[i] == first && same(ps, at: i, as: pn) { return true }
                    i += 1
                }
                return false
            }
        }
    }

    /// Negative, zero or positive as `a` sorts before, with or after `b` bytewise.
    @inlinable
    static func compare(_ a: String, _ b: String) -> Int {
        withBytes(a) { pa in
            withBytes(b) { pb in
                let n = min(pa.count, pb.count)
                let c = n == 0 ? 0 : Int(memcmp(pa.baseAddress!, pb.baseAddress!, n))
                return c != 0 ? c : pa.count - pb.count
            }
        }
    }
}

/// A fast, deterministic, non-cryptographic 64-bit hash of a byte string (multiply-mix over 16-byte blocks,
/// in the style of wyhash). The same bytes give the same value on every platform and in every process: words are
/// read little-endian and no per-process seed is used (unlike Swift's `Hasher`).
///
/// Used where many records must be folded into a digest cheaply (run fingerprints); not for security.
public enum FastHash {
    static let p0: UInt64 = 0xa076_1d64_78bd_642f
    static let p1: UInt64 = 0xe703_7ed1_a0b4_28db
    static let p2: UInt64 = 0x8ebc_6af0_9c88_c6e3
    static let p3: UInt64 = 0x5899_65cc_7537_4cc3

    /// 128-bit product folded to 64 bits.
    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    /// The hash of `bytes` under `seed`.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let n = bytes.count
        var s = seed ^ mix(seed ^ p0, p1)
        var a: UInt64 = 0, b: UInt64 = 0
        guard let base = bytes.baseAddress, n > 0 else { return mix(p1, mix(s ^ p1, p0)) }
        var i = 0
        if n > 16 {
            var s1 = s, s2 = s
            while n - i > 48 {
                s = mix(load(base, i) ^ p1, load(base, i + 8) ^ s)
                s1 = mix(load(base, i + 16) ^ p2, load(base, i + 24) ^ s1)
                s2 = mix(load(base, i + 32) ^ p3, load(base, i + 40) ^ s2)
                i += 48
            }
            s ^= s1 ^ s2
            while n - i > 16 {
                s = mix(load(base, i) ^ p1, load(base, i + 8) ^ s)
                i += 16
            }
            a = load(base, n - 16)
            b = load(base, n - 8)
        } else {
            a = loadPartial(base, 0, Swift.min(8, n))
            b = n > 8 ? loadPartial(base, 8, n - 8) : 0
        }
        a ^= p1
        b ^= s
        let r = a.multipliedFullWidth(by: b)
        return mix(r.low ^ p0 ^ UInt64(n), r.high ^ p1)
    }

    /// The hash of an array of bytes.
    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    @inline(__always)
    static func load(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Up to 8 bytes, little-endian, zero-padded.
    @inline(__always)
    static func loadPartial(_ base: UnsafeRawPointer, _ offset: Int, _ count: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<count { v |= UInt64(base.load(fromByteOffset: offset + k, as: UInt8.self)) << (8 * UInt64(k)) }
        return v
    }
}

/// Hashes a sequence of 64-bit words (no byte buffer): each word is mixed into the state with its position.
public struct WordHasher: Sendable {
    private var state: UInt64
    private var count: UInt64 = 0

    public init(seed: UInt64) { state = seed ^ FastHash.mix(seed ^ FastHash.p0, FastHash.p1) }

    @inline(__always)
    public mutating func add(_ word: UInt64) {
        state ^= FastHash.mix(state ^ word ^ FastHash.p1, FastHash.p2 &+ count)
        count &+= 1
    }

    @inline(__always)
    public mutating func add(_ word: Int64) { add(UInt64(bitPattern: word)) }

    /// A presence word (0 or 1), then the value when present.
    @inline(__always)
    public mutating func add(_ word: Int64?) {
        if let word { add(UInt64(1)); add(word) } else { add(UInt64(0)) }
    }

    public var value: UInt64 { FastHash.mix(state ^ FastHash.p0, count ^ FastHash.p3) }
}

/// A run's fingerprint: every flow-log record, policy version and metric the run produced, in order.
///
/// Definition (version 2, documented in docs/results-schema.md): each item is a compact binary encoding (flow-log
/// records: `FlowLog.appendCanonicalBinary`; other items: their canonical UTF-8 text) hashed to 64 bits with
/// `FastHash` under a per-kind seed; the item hashes are chained into two 64-bit lanes together with a running
/// count; the fingerprint is SHA-256 of `recsim-fingerprint-v2`, both lanes and the count (little-endian), in hex.
/// A rerun that produces the same items in the same order has the same fingerprint; any changed, added, removed or
/// reordered item changes it (up to 64-bit hash collisions).
public struct RunFingerprint: Sendable, Equatable {
    private var lane0: UInt64 = 0x243f_6a88_85a3_08d3
    private var lane1: UInt64 = 0x1319_8a2e_0370_7344
    private var count: UInt64 = 0

    /// Per-kind seeds, so a record and a text with equal bytes differ.
    public enum Kind: UInt64, Sendable {
        case record = 1
        case text = 2
    }

    public init() {}

    /// Folds one item's 64-bit hash.
    @inline(__always)
    public mutating func fold(hash h: UInt64) {
        count &+= 1
        lane0 = FastHash.mix(lane0 ^ h, FastHash.p2 ^ count)
        lane1 = FastHash.mix(lane1 ^ h ^ FastHash.p0, FastHash.p3 &+ count)
    }

    /// Folds one item given as bytes.
    public mutating func fold(bytes: UnsafeRawBufferPointer, kind: Kind) {
        fold(hash: FastHash.hash(bytes, seed: kind.rawValue))
    }

    /// Folds one item given as bytes.
    public mutating func fold(bytes: [UInt8], kind: Kind = .record) {
        bytes.withUnsafeBytes { fold(bytes: $0, kind: kind) }
    }

    /// Folds one item given as canonical text.
    public mutating func fold(_ text: String) {
        var t = text
        t.withUTF8 { fold(bytes: UnsafeRawBufferPointer($0), kind: .text) }
    }

    /// The fingerprint in hex (64 digits).
    public var hex: String {
        var sha = SHA2(.sha256)
        sha.update("recsim-fingerprint-v2")
        var tail: [UInt8] = []
        for v in [lane0, lane1, count] { withUnsafeBytes(of: v.littleEndian) { tail.append(contentsOf: $0) } }
        sha.update(tail)
        return sha.finalize().hexString
    }
}

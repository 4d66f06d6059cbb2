/// A key with a cheap, well-mixed 64-bit hash (the hot maps of the generator and the engine's ingest
/// avoid `Hasher`'s SipHash).
public protocol FastHashable: Equatable {
    var fastHash: UInt64 { get }
}

/// An insertion-ordered set of keys mapping each to its dense index; open addressing, linear probing.
///
/// Used for the per-window maps of the generator, which are filled and cleared once per window, and for
/// the engine's ingest cache. Inlinable, so other modules get it specialised for their key type.
public struct FastIndex<Key: FastHashable>: Sendable where Key: Sendable {
    @usableFromInline var slots: [Int32] = Array(repeating: -1, count: 64)
    @usableFromInline var storedKeys: [Key] = []
    @usableFromInline var mask = 63

    @inlinable public init() {}

    /// The keys in insertion order; a key's position is its dense index.
    @inlinable public var keys: [Key] { storedKeys }
    @inlinable public var count: Int { storedKeys.count }

    /// The dense index of `key`, if present.
    @inlinable public func find(_ key: Key) -> Int? {
        var i = Int(truncatingIfNeeded: key.fastHash) & mask
        while true {
            let s = slots[i]
            if s < 0 { return nil }
            if storedKeys[Int(s)] == key { return Int(s) }
            i = (i + 1) & mask
        }
    }

    /// Appends `key` (which must be absent) and returns its dense index.
    @inlinable public mutating func insert(_ key: Key) -> Int {
        if (storedKeys.count + 1) * 2 > slots.count { grow() }
        let index = storedKeys.count
        storedKeys.append(key)
        place(Int32(index), hash: key.fastHash)
        return index
    }

    @inlinable public mutating func removeAll() {
        if storedKeys.isEmpty { return }
        storedKeys.removeAll(keepingCapacity: true)
        for i in slots.indices { slots[i] = -1 }
    }

    @inlinable mutating func place(_ index: Int32, hash: UInt64) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = index
    }

    @inlinable mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (i, k) in storedKeys.enumerated() { place(Int32(i), hash: k.fastHash) }
    }
}

/// A 64-bit finaliser (two multiply-xorshift rounds) that spreads every input bit over the result.
@inlinable @inline(__always) public func fastMix(_ x: UInt64) -> UInt64 {
    var z = x &* 0x9E37_79B9_7F4A_7C15
    z ^= z >> 32
    z &*= 0xD6E8_FEB8_6659_FD93
    return z ^ (z >> 32)
}

/// A key with a cheap, well-mixed 64-bit hash (the hot maps of the generator and the engine's ingest
/// avoid `Hasher`'s SipHash).
public protocol FastHashable: Equatable {
    var fastHash: UInt64 { get }
}

/// An insertion-ordered set of keys mapping each to its dense index; open addressing, linear probing.
///
/// Each slot holds its key's dense index and the high half of its hash, so a probe compares a key only when
/// the hashes agree: a lookup reads one slot and one key. Values live in arrays parallel to the dense
/// indices. Used for the per-window maps of the generator, which are filled and cleared once per window, and
/// for the engine's ingest cache. Inlinable, so other modules get it specialised for their key type.
public struct FastIndex<Key: FastHashable>: Sendable where Key: Sendable {
    /// `(index + 1) << 32 | hash >> 32`; 0 is empty.
    @usableFromInline var slots = [UInt64](repeating: 0, count: 64)
    @usableFromInline var storedKeys: [Key] = []
    @usableFromInline var mask = 63

    @inlinable public init() {}

    /// The key at a dense index (keys are numbered in insertion order).
    @inlinable public subscript(index: Int) -> Key { storedKeys[index] }
    @inlinable public var count: Int { storedKeys.count }

    /// The dense index of `key`, if present.
    @inlinable public func find(_ key: Key) -> Int? { find(key, hash: key.fastHash) }

    /// The dense index of `key`, whose `fastHash` the caller has already computed.
    @inlinable public func find(_ key: Key, hash: UInt64) -> Int? {
        let tag = hash >> 32
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let s = slots[i]
            if s == 0 { return nil }
            if s & 0xFFFF_FFFF == tag, storedKeys[Int(s >> 32) - 1] == key { return Int(s >> 32) - 1 }
            i = (i + 1) & mask
        }
    }

    /// Appends `key` (which must be absent) and returns its dense index.
    @inlinable public mutating func insert(_ key: Key) -> Int { insert(key, hash: key.fastHash) }

    /// Appends `key` (which must be absent), whose `fastHash` the caller has already computed.
    @inlinable public mutating func insert(_ key: Key, hash: UInt64) -> Int {
        if (storedKeys.count + 1) * 2 > slots.count { grow() }
        let index = storedKeys.count
        storedKeys.append(key)
        place(index, hash: hash)
        return index
    }

    @inlinable public mutating func removeAll() {
        if storedKeys.isEmpty { return }
        storedKeys.removeAll(keepingCapacity: true)
        for i in slots.indices { slots[i] = 0 }
    }

    @inlinable mutating func place(_ index: Int, hash: UInt64) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = UInt64(index + 1) << 32 | hash >> 32
    }

    @inlinable mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for (i, k) in storedKeys.enumerated() { place(i, hash: k.fastHash) }
    }
}

/// A 64-bit finaliser (two multiply-xorshift rounds) that spreads every input bit over the result.
@inlinable @inline(__always) public func fastMix(_ x: UInt64) -> UInt64 {
    var z = x &* 0x9E37_79B9_7F4A_7C15
    z ^= z >> 32
    z &*= 0xD6E8_FEB8_6659_FD93
    return z ^ (z >> 32)
}

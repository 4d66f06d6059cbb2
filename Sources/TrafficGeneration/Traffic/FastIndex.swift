/// A key with a cheap, well-mixed 64-bit hash (the hot maps of the generator avoid `Hasher`'s SipHash).
protocol FastHashable: Equatable {
    var fastHash: UInt64 { get }
}

/// An insertion-ordered set of keys mapping each to its dense index; open addressing, linear probing.
///
/// Used for the per-window maps of the generator, which are filled and cleared once per window.
struct FastIndex<Key: FastHashable>: Sendable where Key: Sendable {
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private(set) var keys: [Key] = []
    private var mask = 63

    var count: Int { keys.count }

    /// The dense index of `key`, if present.
    func find(_ key: Key) -> Int? {
        var i = Int(truncatingIfNeeded: key.fastHash) & mask
        while true {
            let s = slots[i]
            if s < 0 { return nil }
            if keys[Int(s)] == key { return Int(s) }
            i = (i + 1) & mask
        }
    }

    /// Appends `key` (which must be absent) and returns its dense index.
    mutating func insert(_ key: Key) -> Int {
        if (keys.count + 1) * 2 > slots.count { grow() }
        let index = keys.count
        keys.append(key)
        place(Int32(index), hash: key.fastHash)
        return index
    }

    mutating func removeAll() {
        if keys.isEmpty { return }
        keys.removeAll(keepingCapacity: true)
        for i in slots.indices { slots[i] = -1 }
    }

    private mutating func place(_ index: Int32, hash: UInt64) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = index
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (i, k) in keys.enumerated() { place(Int32(i), hash: k.fastHash) }
    }
}

@inline(__always) func fastMix(_ x: UInt64) -> UInt64 {
    var z = x &* 0x9E37_79B9_7F4A_7C15
    z ^= z >> 32
    z &*= 0xD6E8_FEB8_6659_FD93
    return z ^ (z >> 32)
}

import Foundation
import Simulation

/// Interns byte strings: each distinct byte string gets a dense id (in order of first sight); values derived from
/// the bytes are kept by the caller in arrays indexed by id. Open addressing with linear probing over a 64-bit
/// `FastHash`; the keys live in one byte arena, so a lookup allocates nothing.
struct ByteTable {
    /// `(id + 1) << 32 | hash >> 32`; 0 is empty.
    private var slots = [UInt64](repeating: 0, count: 1024)
    private var mask = 1023
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]

    var count: Int { starts.count - 1 }
    /// Bytes held by the keys.
    var bytes: Int { arena.count }

    /// The id of `key`, inserting it when new; `isNew` tells which.
    mutating func id(_ key: UnsafeRawBufferPointer) -> (id: Int32, isNew: Bool) {
        let hash = FastHash.hash(key, seed: 0x5EED)
        let tag = hash >> 32
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if s & 0xFFFF_FFFF == tag {
                let id = Int(s >> 32) - 1
                if equals(id, key) { return (Int32(id), false) }
            }
            i = (i + 1) & mask
        }
        let id = count
        arena.append(contentsOf: key)
        starts.append(arena.count)
        slots[i] = UInt64(id + 1) << 32 | tag
        if count * 2 > mask { grow() }
        return (Int32(id), true)
    }

    /// Where the bytes of `id` start in the arena (`withArena`).
    func start(of id: Int32) -> Int { starts[Int(id)] }

    /// Calls `body` with the arena: every key's bytes, back to back in order of id.
    func withArena<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { arena.withUnsafeBufferPointer(body) }

    mutating func removeAll() {
        slots = [UInt64](repeating: 0, count: 1024)
        mask = 1023
        arena.removeAll(keepingCapacity: true)
        starts = [0]
    }

    private func equals(_ id: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = starts[id], end = starts[id + 1]
        guard end - start == key.count else { return false }
        return arena.withUnsafeBytes { a in
            guard let base = a.baseAddress, let k = key.baseAddress else { return key.isEmpty }
            return bytesEqual(base + start, k, key.count)
        }
    }

    private mutating func grow() {
        let newCount = slots.count * 2
        var newSlots = [UInt64](repeating: 0, count: newCount)
        let newMask = newCount - 1
        arena.withUnsafeBytes { a in
            for id in 0..<count {
                let key = UnsafeRawBufferPointer(rebasing: a[starts[id]..<starts[id + 1]])
                let hash = FastHash.hash(key, seed: 0x5EED)
                var i = Int(truncatingIfNeeded: hash) & newMask
                while newSlots[i] != 0 { i = (i + 1) & newMask }
                newSlots[i] = UInt64(id + 1) << 32 | hash >> 32
            }
        }
        slots = newSlots
        mask = newMask
    }
}

/// Whether `count` bytes at `a` and `b` are equal, compared 8 bytes at a time (short keys: no call into libc).
@inline(__always)
func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var i = 0
    while count - i >= 8 {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < count {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}

import Testing

@testable import Simulation

@Suite struct FastHashTests {
    /// The run fingerprint's definition rests on these values: a change to FastHash changes every stored
    /// fingerprint, so it must be deliberate (update the values and the definition's version in
    /// docs/results-schema.md together).
    @Test func valuesArePinned() {
        let pinned: [(String, UInt64)] = [("", FastHashTests.pinnedEmpty), ("abc", FastHashTests.pinnedABC)]
        for (text, value) in pinned { #expect(FastHash.hash(Array(text.utf8)) == value, "\(text)") }
    }
    static let pinnedEmpty: UInt64 = 5_028_547_226_245_868_255
    static let pinnedABC: UInt64 = 1_505_019_118_182_838_892

    /// Every length around the block sizes, and every single-byte change, gives a different hash.
    @Test func lengthsAndSingleByteChangesDiffer() {
        var seen: Set<UInt64> = []
        let base = (0..<130).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        for n in 0...base.count { #expect(seen.insert(FastHash.hash(Array(base.prefix(n)))).inserted, "length \(n)") }
        for i in base.indices {
            var changed = base
            changed[i] ^= 1
            #expect(seen.insert(FastHash.hash(changed)).inserted, "byte \(i)")
        }
        #expect(FastHash.hash(base, seed: 1) != FastHash.hash(base, seed: 2))
    }

    @Test func wordHasherIsOrderSensitive() {
        var a = WordHasher(seed: 1), b = WordHasher(seed: 1), c = WordHasher(seed: 1)
        a.add(UInt64(1)); a.add(UInt64(2))
        b.add(UInt64(2)); b.add(UInt64(1))
        c.add(UInt64(1)); c.add(UInt64(2))
        #expect(a.value != b.value && a.value == c.value)
        var none = WordHasher(seed: 1), zero = WordHasher(seed: 1)
        none.add(Optional<Int64>.none); zero.add(Optional<Int64>.some(0))
        #expect(none.value != zero.value)
    }

    @Test func runFingerprintChangesWithAnyItem() {
        func fingerprint(_ items: [String]) -> String {
            var f = RunFingerprint()
            for i in items { f.fold(i) }
            return f.hex
        }
        let base = ["a", "b", "c"]
        #expect(fingerprint(base) == fingerprint(base))
        #expect(fingerprint(base).count == 64)
        let variants = [["a", "c", "b"], ["a", "b"], ["a", "b", "c", "d"], ["a", "b", "C"], ["", "a", "b", "c"]]
        let all = Set(variants.map(fingerprint) + [fingerprint(base)])
        #expect(all.count == variants.count + 1)
        var r = RunFingerprint(), t = RunFingerprint()
        r.fold(bytes: Array("x".utf8), kind: .record)
        t.fold(bytes: Array("x".utf8), kind: .text)
        #expect(r.hex != t.hex)
    }
}

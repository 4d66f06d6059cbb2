import TestSupport
import Testing

@testable import Simulation

/// `FastIndex` against a dictionary model, over many seeds: dense indices in insertion order, lookups after growth,
/// colliding hashes, and reuse after `removeAll`.
@Suite struct FastIndexTests {
    /// A key whose hash is chosen by the test: well mixed, or colliding on purpose.
    struct Key: FastHashable, Sendable, Hashable {
        var value: UInt64
        var collide: Bool
        var fastHash: UInt64 { collide ? fastMix(value % 3) : fastMix(value) }
    }

    @Test(arguments: PropertySeeds.seeds(25))
    func behavesLikeAnOrderedDictionary(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var index = FastIndex<Key>()
        var model: [Key: Int] = [:]
        var order: [Key] = []
        let collide = seed % 2 == 0
        let space = UInt64(seed % 5 == 0 ? 40 : 3_000)  // small key spaces hit existing keys often
        for step in 0..<4_000 {
            let key = Key(value: rng.below(space), collide: collide)
            switch rng.below(100) {
            case 0:  // clear, then keep using the same index
                index.removeAll(); model.removeAll(); order.removeAll()
            case 1..<60:
                if model[key] == nil {
                    let i = index.insert(key)
                    #expect(i == order.count, "seed \(seed) step \(step): dense index")
                    model[key] = i; order.append(key)
                }
            default:
                #expect(index.find(key) == model[key], "seed \(seed) step \(step): find \(key.value)")
            }
            #expect(index.count == order.count)
        }
        for (i, key) in order.enumerated() {
            #expect(index[i] == key)
            #expect(index.find(key, hash: key.fastHash) == i)
        }
    }

    @Test func growsFarBeyondItsFirstTableAndKeepsEveryKey() {
        var index = FastIndex<Key>()
        for v in 0..<100_000 as Range<UInt64> { #expect(index.insert(Key(value: v * 7, collide: false)) == Int(v)) }
        #expect(index.count == 100_000)
        #expect(index.find(Key(value: 7 * 99_999, collide: false)) == 99_999)
        #expect(index.find(Key(value: 3, collide: false)) == nil)  // not a multiple of 7
    }

    @Test func keysWithEqualHashesStayDistinct() {
        var index = FastIndex<Key>()
        let keys = (0..<300 as Range<UInt64>).map { Key(value: $0 * 3, collide: true) }  // every hash is fastMix(0)
        for k in keys { _ = index.insert(k) }
        #expect(keys.enumerated().allSatisfy { index.find($0.element) == $0.offset })
        #expect(index.find(Key(value: 3 * 300, collide: true)) == nil)
    }
}

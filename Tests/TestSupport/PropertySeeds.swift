import Foundation

/// Seeds for property tests: `seeds(n)` is 1…n, or 1…N when `RECSIM_PROPERTY_SEEDS=N` asks for more (a longer
/// local or nightly run); failures name the seed, and the same seed always reproduces.
///
///     @Test(arguments: PropertySeeds.seeds(25)) func behaves(seed: UInt64) { … }
public enum PropertySeeds {
    public static func seeds(_ count: Int) -> [UInt64] {
        let wanted = ProcessInfo.processInfo.environment["RECSIM_PROPERTY_SEEDS"].flatMap(Int.init) ?? count
        return (1...UInt64(max(1, max(count, wanted)))).map { $0 }
    }
}

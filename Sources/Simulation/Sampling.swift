/// Sampling helpers written out here (not stdlib algorithms), so streams never change under a toolchain update.
extension SeededGenerator {
    /// Uniform in [0, 1) with 53 bits of precision.
    public mutating func unitDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform integer in `0..<bound` (Lemire's nearly-divisionless method). `bound` must be positive.
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "below(_:) needs a positive bound")
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let t = (0 &- bound) % bound
            while m.low < t { m = next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }

    /// Uniform integer in a closed range.
    public mutating func int(in range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(bitPattern: below(UInt64(range.upperBound - range.lowerBound) + 1))
    }

    /// Exponentially distributed value with the given rate (events per unit), i.e. a Poisson gap.
    public mutating func exponential(rate: Double) -> Double {
        precondition(rate > 0, "exponential(rate:) needs a positive rate")
        return -log1p(-unitDouble()) / rate
    }

    /// Bernoulli trial.
    public mutating func chance(_ p: Double) -> Bool { unitDouble() < p }

    /// Index chosen with probability proportional to `weights` (all non-negative, sum positive).
    public mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        precondition(total > 0, "weightedIndex(_:) needs a positive total weight")
        var x = unitDouble() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    /// `count` lowercase letters, as Calico's random recommendation-name suffix.
    public mutating func lowercaseLetters(_ count: Int) -> String {
        let letters: [Character] = Array("abcdefghijklmnopqrstuvwxyz")
        return String((0..<count).map { _ in letters[Int(below(26))] })
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

import Foundation
import Simulation

/// Sampling used by the traffic generator, written out so streams never change under a toolchain update.
extension SeededGenerator {
    /// A Poisson-distributed count with mean `lambda`: exact inversion below 30, a rounded normal above
    /// (relative error of the approximation is negligible at those means).
    mutating func poisson(_ lambda: Double) -> Int {
        if lambda <= 0 { return 0 }
        if lambda < 30 {
            var p = exp(-lambda), s = p, k = 0
            let u = unitDouble()
            while u > s && k < 1000 { k += 1; p *= lambda / Double(k); s += p }
            return k
        }
        // Box–Muller.
        let u1 = max(unitDouble(), 1e-300), u2 = unitDouble()
        let z = sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
        return max(0, Int((lambda + sqrt(lambda) * z).rounded()))
    }

    /// Uniform index in `0..<n` (n ≥ 1); no draw when n == 1.
    mutating func index(_ n: Int) -> Int { n <= 1 ? 0 : Int(below(UInt64(n))) }
}

extension SplitMix64 {
    /// A seed for sub-stream `index` of `seed` (a window, a period, a burst cycle).
    static func subSeed(_ seed: UInt64, _ salt: UInt64, _ index: Int64) -> UInt64 {
        mix(seed ^ mix(salt &+ UInt64(bitPattern: index) &* 0x9E37_79B9_7F4A_7C15))
    }
}

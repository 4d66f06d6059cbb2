import Testing

@testable import Reporting

@Suite struct GrowthFitTests {
    @Test(arguments: [0.5, 1.0, 10.0, 1e-6, 123_456.789, 2.0])
    func logarithmAndExponentialAgree(x: Double) {
        #expect(abs(exponential(logarithm(x)) / x - 1) < 1e-12)
    }

    @Test func knownValues() {
        #expect(abs(logarithm(2.718281828459045) - 1) < 1e-15)
        #expect(abs(logarithm(1_000) - 6.907755278982137) < 1e-12)
        #expect(exponential(0) == 1)
        #expect(abs(exponential(-3) - 0.049787068367863944) < 1e-15)
    }

    @Test(arguments: [
        (0.0, Growth.constant), (0.5, .sublinear), (1.0, .linear), (1.5, .superlinear),
        (2.0, .quadratic), (3.0, .faster), (-1.0, .decreasing),
    ])
    func powerLawExponentIsRecovered(k: Double, growth: Growth) throws {
        let x = [10.0, 20, 50, 100, 200, 500]
        let y = x.map { 3 * exponential(k * logarithm($0)) }
        let fit = try #require(GrowthFit.fit(x: x, y: y))
        #expect(abs(fit.exponent! - k) < 1e-9)
        #expect(abs(fit.scale! - 3) < 1e-6)
        #expect(abs(fit.logRSquared! - 1) < 1e-9)
        #expect(fit.growth == growth)
        #expect(abs(fit.power(at: 40)! - 3 * exponential(k * logarithm(40))) < 1e-6 * max(1, fit.power(at: 40)!))
    }

    @Test func linearFitWithRSquared() throws {
        let fit = try #require(GrowthFit.fit(x: [1, 2, 3, 4], y: [3, 5, 7, 9]))
        #expect(abs(fit.slope - 2) < 1e-12 && abs(fit.intercept - 1) < 1e-12 && abs(fit.rSquared - 1) < 1e-12)
        // Noisy: R² below 1, still close to linear in log–log.
        let noisy = try #require(GrowthFit.fit(x: [10, 20, 40, 80], y: [11, 19, 42, 79]))
        #expect(noisy.rSquared < 1 && noisy.rSquared > 0.99)
        #expect(noisy.growth == .linear)
        #expect(noisy.summary(in: "namespaces").hasPrefix("≈ linear in namespaces (exponent 0.9"))
    }

    @Test func degenerateInputs() throws {
        #expect(GrowthFit.fit(x: [1], y: [1]) == nil)
        #expect(GrowthFit.fit(x: [5, 5, 5], y: [1, 2, 3]) == nil)
        let flat = try #require(GrowthFit.fit(x: [1, 2, 3], y: [4, 4, 4]))
        #expect(flat.rSquared == 1 && flat.slope == 0 && flat.growth == .constant)
        // Zeros cannot be logged: the power law uses the positive points only, or none.
        let zeros = try #require(GrowthFit.fit(x: [1, 2, 3], y: [0, 0, 0]))
        #expect(zeros.exponent == nil && zeros.growth == nil)
        #expect(zeros.summary(in: "workloads").hasPrefix("no power-law fit in workloads"))
    }
}

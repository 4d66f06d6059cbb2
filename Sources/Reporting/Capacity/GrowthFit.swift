/// How a figure grows with cluster size, from a least-squares fit of `log y = log a + k · log x`.
public enum Growth: String, Sendable, Hashable, CaseIterable {
    /// k < -0.2
    case decreasing
    /// |k| ≤ 0.2
    case constant
    /// 0.2 < k < 0.8
    case sublinear
    /// 0.8 ≤ k ≤ 1.2
    case linear
    /// 1.2 < k < 1.8
    case superlinear
    /// 1.8 ≤ k ≤ 2.2
    case quadratic
    /// k > 2.2
    case faster

    /// The band an exponent falls in (bands are ±0.2 around 0, 1 and 2).
    public init(exponent k: Double) {
        switch k {
        case ..<(-0.2): self = .decreasing
        case ...0.2: self = .constant
        case ..<0.8: self = .sublinear
        case ...1.2: self = .linear
        case ..<1.8: self = .superlinear
        case ...2.2: self = .quadratic
        default: self = .faster
        }
    }
}

/// Two least-squares fits of y against x: a power law on log–log axes (its exponent says how the figure
/// grows) and a straight line with R² (how well "linear" describes it in absolute terms).
public struct GrowthFit: Sendable, Hashable {
    /// Points used by the linear fit.
    public var count: Int
    /// Linear fit y ≈ slope · x + intercept, with its coefficient of determination.
    public var slope: Double
    public var intercept: Double
    public var rSquared: Double
    /// Power law y ≈ scale · x^exponent from the log–log fit over points with x > 0 and y > 0; nil when
    /// fewer than two such points have distinct x.
    public var exponent: Double?
    public var scale: Double?
    /// R² of the log–log fit (in log space).
    public var logRSquared: Double?

    /// Fits `y` against `x`; nil with fewer than two points or when every x is the same.
    public static func fit(x: [Double], y: [Double]) -> GrowthFit? {
        precondition(x.count == y.count, "GrowthFit needs one y per x")
        let pairs = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
        guard let line = leastSquares(pairs.map(\.0), pairs.map(\.1)) else { return nil }
        let positive = pairs.filter { $0.0 > 0 && $0.1 > 0 }
        let log = leastSquares(positive.map { logarithm($0.0) }, positive.map { logarithm($0.1) })
        return GrowthFit(
            count: pairs.count, slope: line.slope, intercept: line.intercept, rSquared: line.rSquared,
            exponent: log?.slope, scale: log.map { exponential($0.intercept) }, logRSquared: log?.rSquared)
    }

    /// The growth band of the exponent (nil without a power-law fit).
    public var growth: Growth? { exponent.map(Growth.init(exponent:)) }

    /// The fitted power law at `x` (nil without one).
    public func power(at x: Double) -> Double? {
        guard let exponent, let scale, x > 0 else { return nil }
        return scale * exponential(exponent * logarithm(x))
    }

    /// E.g. `≈ linear in namespaces (exponent 1.03, linear R² 0.998)`.
    public func summary(in variable: String) -> String {
        guard let exponent, let growth else {
            return "no power-law fit in \(variable) (linear R² \(Self.r2(rSquared)))"
        }
        let what: String
        switch growth {
        case .constant: what = "≈ constant in \(variable)"
        case .linear: what = "≈ linear in \(variable)"
        case .quadratic: what = "≈ quadratic in \(variable)"
        case .decreasing: what = "decreasing in \(variable)"
        case .sublinear: what = "sublinear in \(variable)"
        case .superlinear: what = "superlinear in \(variable)"
        case .faster: what = "faster than quadratic in \(variable)"
        }
        return "\(what) (exponent \(Format.number(exponent, decimals: 2)), linear R² \(Self.r2(rSquared)))"
    }

    /// R² to three decimals, or four when it would round to 1 (a real fit is rarely exact; only an exact one says 1).
    static func r2(_ value: Double) -> String {
        Format.number(value, decimals: value >= 0.9995 && value < 1 ? 4 : 3)
    }

    /// Ordinary least squares on centred data; nil with < 2 points or no spread in x.
    static func leastSquares(_ x: [Double], _ y: [Double]) -> (slope: Double, intercept: Double, rSquared: Double)? {
        guard x.count >= 2 else { return nil }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxx += (a - mx) * (a - mx); sxy += (a - mx) * (b - my); syy += (b - my) * (b - my)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        let intercept = my - slope * mx
        var residual = 0.0
        for (a, b) in zip(x, y) { let e = b - (intercept + slope * a); residual += e * e }
        // A constant y is fitted exactly by a flat line.
        let r2 = syy == 0 ? 1 : max(0, 1 - residual / syy)
        return (slope, intercept, r2)
    }
}

// Natural log and exp without Foundation: the Reporting target depends on nothing.
// log: range reduction by powers of two, then the atanh series; exp: halving and squaring a Taylor series.
// Both are accurate to ~1e-15 relative, far below what a fitted exponent shown to 2 decimals needs.

func logarithm(_ x: Double) -> Double {
    precondition(x > 0 && x.isFinite, "logarithm of a non-positive or infinite value")
    let ln2 = 0.693_147_180_559_945_309_417_232_121_458
    let exponent = Double(x.exponent)
    let m = x.significand  // in [1, 2)
    let t = (m - 1) / (m + 1), t2 = t * t
    var term = t, sum = 0.0, k = 1.0
    while true {
        let next = sum + term / k
        if next == sum { break }
        sum = next; term *= t2; k += 2
    }
    return exponent * ln2 + 2 * sum
}

func exponential(_ x: Double) -> Double {
    guard x.isFinite else { return x > 0 ? .infinity : 0 }
    if x > 709.8 { return .infinity }
    if x < -745.2 { return 0 }
    var halvings = 0, r = x
    while abs(r) > 0.5 { r /= 2; halvings += 1 }
    var term = 1.0, sum = 1.0, k = 1.0
    while true {
        term *= r / k
        let next = sum + term
        if next == sum { break }
        sum = next; k += 1
    }
    for _ in 0..<halvings { sum *= sum }
    return sum
}

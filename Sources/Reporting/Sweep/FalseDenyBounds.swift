/// The largest acceptable false-deny rate per traffic rarity: the rule a sweep's decision applies.
///
/// Written `steady=0.001,daily=0,weekly=0.01` (fractions); `*=X` bounds every rarity not listed; a bare number `X`
/// is `*=X`. Rarity names are recsim's (`steady`…`once`), so a typo is an error, not a bound on nothing. A rarity with no bound (not listed, no `*`) does not take part in the decision.
///
/// The rate of a rarity is `falseDenyAtStable.<rarity> / legitFlows.<rarity>`: legit flows of that rarity denied by
/// the version frozen at each namespace's first Stable moment, over all legit flows of that rarity, pooled over the
/// sweep point's namespaces and seeds. Bounding each rarity separately keeps steady traffic, which dominates the
/// flow counts, from hiding a weekly job that is always denied.
public struct FalseDenyBounds: Sendable, Hashable, CustomStringConvertible {
    /// Bound per rarity name.
    public var perRarity: [String: Double]
    /// Bound of every rarity not in `perRarity`; nil: unbounded.
    public var otherwise: Double?

    public init(perRarity: [String: Double] = [:], otherwise: Double? = nil) {
        self.perRarity = perRarity; self.otherwise = otherwise
    }

    /// The default: no steady, hourly or daily legit flow denied; at most 5% of weekly and 50% of monthly flows
    /// (a class seen only a few times in a run cannot be learned in advance by any setting); `once` unbounded.
    public static let standard = FalseDenyBounds(perRarity: [
        "steady": 0, "hourly": 0, "daily": 0, "weekly": 0.05, "monthly": 0.5,
    ])

    /// The bound applying to `rarity`, nil when it is unbounded.
    public func bound(for rarity: String) -> Double? { perRarity[rarity] ?? otherwise }

    /// Parses the option's text; the error says what was expected.
    public init(parsing text: String) throws(BoundsError) {
        var per: [String: Double] = [:]
        var otherwise: Double?
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        guard !text.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw BoundsError(
                "--max-false-deny: expected RARITY=FRACTION pairs separated by commas (e.g. steady=0,weekly=0.01) or one fraction, got \"\(text)\""
            )
        }
        for part in parts {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.trimmingSpaces
            }
            let key = pieces.count == 2 ? pieces[0] : "*"
            let valueText = pieces.count == 2 ? pieces[1] : pieces[0]
            guard let value = Double(valueText), value.isFinite, (0...1).contains(value) else {
                throw BoundsError(
                    "--max-false-deny: the bound of \(key == "*" ? "every rarity" : key) must be a fraction between 0 and 1 (0.01 = 1%), got \"\(valueText)\""
                )
            }
            if key == "*" {
                guard otherwise == nil else {
                    throw BoundsError("--max-false-deny: the default bound (* or a bare number) is given twice")
                }
                otherwise = value
            } else {
                guard RunReportData.defaultRarities.contains(key) else {
                    throw BoundsError(
                        "--max-false-deny: \"\(key)\" is not a rarity; expected one of "
                            + RunReportData.defaultRarities.joined(separator: ", ") + " (or * for all others)")
                }
                guard per[key] == nil else { throw BoundsError("--max-false-deny: \(key) is given twice") }
                per[key] = value
            }
        }
        self.init(perRarity: per, otherwise: otherwise)
    }

    /// Bounds in a fixed order (`rarities` first, then other listed names, then `*`), as `name ≤ rate`.
    public func entries(rarities: [String]) -> [(rarity: String, bound: Double)] {
        var out: [(String, Double)] = []
        for r in rarities { if let b = bound(for: r) { out.append((r, b)) } }
        for r in perRarity.keys.sorted() where !rarities.contains(r) { out.append((r, perRarity[r]!)) }
        return out
    }

    /// `steady=0,daily=0,weekly=0.05,*=0.1` (canonical: known rarities in report order, then others by name, then `*`).
    public var description: String {
        var parts = RunReportData.defaultRarities.compactMap { r in
            perRarity[r].map { "\(r)=\(Format.number($0, decimals: 6))" }
        }
        parts += perRarity.keys.filter { !RunReportData.defaultRarities.contains($0) }.sorted()
            .map { "\($0)=\(Format.number(perRarity[$0]!, decimals: 6))" }
        if let otherwise { parts.append("*=\(Format.number(otherwise, decimals: 6))") }
        return parts.isEmpty ? "none" : parts.joined(separator: ",")
    }
}

/// A malformed `--max-false-deny`.
public struct BoundsError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

/// The `policyrecommendation.tigera.io/status` annotation of a recommendation (SPEC §2.10).
///
/// Only `learning`, `stabilizing` and `stable` are produced by the engine; the others are defined by the API.
public enum RecommendationStatus: String, Sendable, Hashable, CaseIterable, Comparable {
    case learning = "Learning"
    case stabilizing = "Stabilizing"
    case stable = "Stable"
    case noData = "NoData"
    case stale = "Stale"

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    private var rank: Int { Self.allCases.firstIndex(of: self)! }
}

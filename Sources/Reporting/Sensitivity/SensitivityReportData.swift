/// Everything a sensitivity report shows: the headline metrics per namespace under the baseline and under each
/// variant (one assumption changed), the deltas, and one plain sentence per conclusion that changes.
public struct SensitivityReportData: Sendable, Hashable {
    public var id: String
    public var scenario: String
    public var seeds: [UInt64]
    /// Simulated duration per run, for display (`14d`).
    public var duration: String
    /// The baseline's assumptions off their defaults (`""`: all defaults).
    public var baselineLabel: String
    public var rarities: [String]
    public var variants: [SensitivityVariantResult]
    /// The baseline's assumptions and the engine's warnings.
    public var assumptions: AssumptionsBlock?
    /// The delivery model and engine faults every variant ran with; nil: not known (not printed).
    public var delivery: String?
    public var faults: String?

    public init(
        id: String, scenario: String, seeds: [UInt64], duration: String, baselineLabel: String, rarities: [String],
        variants: [SensitivityVariantResult], assumptions: AssumptionsBlock? = nil
    ) {
        self.id = id; self.scenario = scenario; self.seeds = seeds; self.duration = duration
        self.baselineLabel = baselineLabel; self.rarities = rarities; self.variants = variants
        self.assumptions = assumptions
    }
}

/// One variant: which assumption, its value, the conclusions that change, and every namespace's figures.
public struct SensitivityVariantResult: Sendable, Hashable {
    /// `query-fallback=all-unprotected`.
    public var label: String
    public var assumption: String
    public var value: String
    /// The baseline's value of that assumption.
    public var baselineValue: String
    /// SPEC reference and source (`§2.4 ([I])`) and what is assumed.
    public var spec: String
    public var summary: String
    /// Plain sentences, one per changed conclusion, in namespace order.
    public var findings: [String]
    /// Every namespace of the scenario (changed or not), sorted.
    public var rows: [SensitivityRow]

    public init(
        label: String, assumption: String, value: String, baselineValue: String, spec: String, summary: String,
        findings: [String], rows: [SensitivityRow]
    ) {
        self.label = label; self.assumption = assumption; self.value = value; self.baselineValue = baselineValue
        self.spec = spec; self.summary = summary; self.findings = findings; self.rows = rows
    }

    /// Namespaces whose figures differ from the baseline's.
    public var changedRows: [SensitivityRow] { rows.filter { $0.baseline != $0.variant } }
}

/// A namespace's headline figures under the baseline and under the variant.
public struct SensitivityRow: Sendable, Hashable {
    public var namespace: String
    public var baseline: HeadlineFigures
    public var variant: HeadlineFigures
    public init(namespace: String, baseline: HeadlineFigures, variant: HeadlineFigures) {
        self.namespace = namespace; self.baseline = baseline; self.variant = variant
    }
}

/// A namespace's headline figures over the study's seeds.
public struct HeadlineFigures: Sendable, Hashable {
    /// Mean seconds to the first Stable over the seeds that reached it; nil when none did.
    public var timeToStable: Double?
    /// Seeds in which the recommendation never became Stable.
    public var neverStable: Int
    /// Legit flows denied by the version frozen at first Stable, by rarity, summed over seeds.
    public var falseDenies: [String: Int]
    /// Attack flows the recommendation would allow, summed over seeds.
    public var missedAttacks: Int
    /// Allowed (workload, peer, port) tuples no legit traffic used, summed over seeds.
    public var overPermissive: Int

    public init(
        timeToStable: Double?, neverStable: Int, falseDenies: [String: Int], missedAttacks: Int, overPermissive: Int
    ) {
        self.timeToStable = timeToStable; self.neverStable = neverStable; self.falseDenies = falseDenies
        self.missedAttacks = missedAttacks; self.overPermissive = overPermissive
    }

    public var totalFalseDenies: Int { falseDenies.values.reduce(0, +) }
}

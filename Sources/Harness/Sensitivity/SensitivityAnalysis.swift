import RecommendationEngine
import Reporting
import ResultStore
import Scenario

/// Reads a sensitivity study back from the store alone and says which conclusions change under which assumption.
public enum SensitivityAnalysis {
    /// The prefix of every sensitivity study's id (its runs' sweep id).
    public static let idPrefix = "sensitivity-"

    /// A conclusion counts as changed when a count moves by at least this fraction of the larger value (or from
    /// or to zero), or a time to Stable by at least this fraction and 10 minutes.
    static let relativeThreshold = 0.1
    static let minimumTimeChange = 600.0

    /// The report data of study `id`.
    public static func build(store: ResultStore, id: String) throws -> SensitivityReportData {
        let entries = try store.metrics(sweepID: id).filter { $0.run.status == .complete }
        guard let first = entries.first else {
            throw RunError("no complete runs of sensitivity study \(id) in the database")
        }
        // Group runs by their assumptions.
        var groups: [String: [RunMetrics]] = [:]
        var assumptionsOf: [String: Assumptions] = [:]
        for e in entries {
            let key = e.run.info.settings.assumptions.label
            groups[key, default: []].append(e)
            assumptionsOf[key] = e.run.info.settings.assumptions
        }
        let baseline = baselineAssumptions(Array(assumptionsOf.values))
        guard let baseKey = assumptionsOf.first(where: { $0.value == baseline })?.key else {
            throw RunError("sensitivity study \(id) has no baseline run")
        }
        let baseFigures = figures(groups[baseKey]!)
        var variants: [SensitivityVariantResult] = []
        for key in groups.keys.sorted() where key != baseKey {
            let a = assumptionsOf[key]!
            let changed = AssumptionID.allCases.filter { a.value(of: $0) != baseline.value(of: $0) }
            guard changed.count == 1, let assumption = changed.first else { continue }
            let info = Assumptions.info(assumption)
            let varFigures = figures(groups[key]!)
            let namespaces = Set(baseFigures.keys).union(varFigures.keys).sorted()
            let empty = HeadlineFigures(
                timeToStable: nil, neverStable: 0, falseDenies: [:], missedAttacks: 0, overPermissive: 0)
            let rows = namespaces.map { ns in
                SensitivityRow(namespace: ns, baseline: baseFigures[ns] ?? empty, variant: varFigures[ns] ?? empty)
            }
            variants.append(
                SensitivityVariantResult(
                    label: "\(assumption.rawValue)=\(a.value(of: assumption))", assumption: assumption.rawValue,
                    value: a.value(of: assumption), baselineValue: baseline.value(of: assumption),
                    spec: "\(info.spec) (\(info.tag))", summary: info.summary,
                    findings: rows.flatMap { findings($0, seeds: Set(groups[key]!.map(\.run.info.seed)).count) },
                    rows: rows))
        }
        variants.sort {
            (AssumptionID(rawValue: $0.assumption)!, $0.value) < (AssumptionID(rawValue: $1.assumption)!, $1.value)
        }
        let seeds = Array(Set(entries.map(\.run.info.seed))).sorted()
        var warnings: [String] = []
        for e in groups[baseKey]! {
            for w in e.run.info.settings.warnings where !warnings.contains(w) { warnings.append(w) }
        }
        var data = SensitivityReportData(
            id: id, scenario: first.run.info.scenario, seeds: seeds, duration: first.run.info.settings.duration.compact,
            baselineLabel: baseline.label, rarities: MetricCatalog.rarities, variants: variants,
            assumptions: ReportAssumptions.block(baseline, warnings: warnings))
        data.delivery = first.run.info.settings.flowLogs.deliveryDescription
        data.faults = first.run.info.settings.faults ?? "none"
        return data
    }

    /// The baseline: per assumption, the value most runs share (each variant changes one), ties to the default.
    static func baselineAssumptions(_ all: [Assumptions]) -> Assumptions {
        var out = Assumptions()
        for id in AssumptionID.allCases {
            var counts: [String: Int] = [:]
            for a in all { counts[a.value(of: id), default: 0] += 1 }
            let best = counts.max { x, y in x.value != y.value ? x.value < y.value : x.key > y.key }
            if let best, best.value > (counts[out.value(of: id)] ?? 0) { try? out.set(id, to: best.key) }
        }
        return out
    }

    /// Per namespace: the headline figures over the runs' seeds.
    static func figures(_ runs: [RunMetrics]) -> [String: HeadlineFigures] {
        var byNamespace: [String: [String: Double]] = [:]
        var stableTimes: [String: [Double]] = [:]
        var seen: [String: Int] = [:]
        for r in runs {
            var m: [String: [String: Double]] = [:]
            for row in r.metrics where !row.namespace.isEmpty { m[row.namespace, default: [:]][row.name] = row.value }
            for (ns, values) in m {
                seen[ns, default: 0] += 1
                if let t = values["timeToStable"] { stableTimes[ns, default: []].append(t) }
                for (name, v) in values { byNamespace[ns, default: [:]][name, default: 0] += v }
            }
        }
        var out: [String: HeadlineFigures] = [:]
        for (ns, sums) in byNamespace {
            let times = stableTimes[ns] ?? []
            var fd: [String: Int] = [:]
            for r in MetricCatalog.rarities { fd[r] = Int(sums["falseDenyAtStable.\(r)"] ?? 0) }
            out[ns] = HeadlineFigures(
                timeToStable: times.isEmpty ? nil : times.reduce(0, +) / Double(times.count),
                neverStable: (seen[ns] ?? 0) - times.count, falseDenies: fd,
                missedAttacks: Int(sums["missedAttacks"] ?? 0), overPermissive: Int(sums["overPermissive"] ?? 0))
        }
        return out
    }

    static func changed(_ a: Int, _ b: Int) -> Bool {
        guard a != b else { return false }
        if a == 0 || b == 0 { return true }
        return Double(abs(a - b)) >= relativeThreshold * Double(max(a, b))
    }

    static func duration(_ s: Double) -> String { Format.duration(seconds: Int64(s.rounded())) }

    /// One sentence per conclusion of a namespace that changes.
    static func findings(_ row: SensitivityRow, seeds: Int) -> [String] {
        let b = row.baseline, v = row.variant, ns = row.namespace
        var out: [String] = []
        let seedText = seeds == 1 ? "" : " in \(v.neverStable) of \(seeds) seeds"
        if b.neverStable == 0 && v.neverStable > 0 {
            out.append(
                "\(ns) never becomes Stable\(seedText) (baseline: Stable after \(b.timeToStable.map(duration) ?? "—"))."
            )
        } else if b.neverStable > 0 && v.neverStable == 0 {
            out.append(
                "\(ns) becomes Stable after \(v.timeToStable.map(duration) ?? "—") (baseline: never\(seeds == 1 ? "" : " in \(b.neverStable) of \(seeds) seeds"))."
            )
        } else if let bt = b.timeToStable, let vt = v.timeToStable,
            abs(vt - bt) >= max(minimumTimeChange, relativeThreshold * max(bt, vt))
        {
            out.append("\(ns) becomes Stable after \(duration(vt)) instead of \(duration(bt)).")
        }
        let fd = MetricCatalog.rarities.compactMap { r -> String? in
            let x = b.falseDenies[r] ?? 0, y = v.falseDenies[r] ?? 0
            return changed(x, y) ? "\(r) \(x) → \(y)" : nil
        }
        if !fd.isEmpty {
            out.append("\(ns)'s false denies at Stable change (legit flows): \(fd.joined(separator: ", ")).")
        }
        if changed(b.missedAttacks, v.missedAttacks) {
            out.append("\(ns)'s missed attack flows change from \(b.missedAttacks) to \(v.missedAttacks).")
        }
        if changed(b.overPermissive, v.overPermissive) {
            out.append("\(ns)'s over-permissive tuples change from \(b.overPermissive) to \(v.overPermissive).")
        }
        return out
    }

    /// Per namespace (sorted): the assumptions its conclusions rest on, in registry order, from every sensitivity
    /// study of `scenario` in the store (empty when there is none). The form reports take.
    public static func restsOn(
        store: ResultStore, scenario: String
    ) throws -> [(namespace: String, assumptions: [String])] {
        let ids = Set(
            try store.runs().compactMap { r -> String? in
                guard r.info.scenario == scenario, let id = r.info.sweepID, id.hasPrefix(idPrefix) else { return nil }
                return id
            })
        var out: [String: Set<String>] = [:]
        for id in ids.sorted() {
            guard let data = try? build(store: store, id: id) else { continue }
            for v in data.variants {
                for r in v.rows where !findings(r, seeds: data.seeds.count).isEmpty {
                    out[r.namespace, default: []].insert(v.assumption)
                }
            }
        }
        return out.keys.sorted().map { ns in
            (ns, out[ns]!.sorted { AssumptionID(rawValue: $0)! < AssumptionID(rawValue: $1)! })
        }
    }
}

/// Renders a sweep's report: `index.html`, `summary.md`, `points.csv`, `pareto.csv`, `recommendation.csv`.
///
/// Pure: the same data gives byte-identical files. The Pareto front is computed here with
/// `SweepAnalysis.paretoFront`; the recommendation is shown as given.
public struct SweepReport: Sendable {
    public var data: SweepReportData

    public init(data: SweepReportData) { self.data = data }

    /// Every file of the report, in a fixed order.
    public func files() -> [ReportFile] {
        [
            ReportFile(name: "index.html", contents: html()),
            ReportFile(name: "summary.md", contents: markdown()),
            ReportFile(name: "points.csv", contents: pointsCSV()),
            ReportFile(name: "pareto.csv", contents: paretoCSV()),
            ReportFile(name: "recommendation.csv", contents: recommendationCSV()),
        ]
    }

    var title: String { "recsim sweep report: \(data.sweepID) (\(data.scenario))" }

    /// Indices of `data.points` on the Pareto front.
    var front: [Int] { SweepAnalysis.paretoFront(data.points) }

    var facts: [ReportEntry] {
        var facts = [
            ReportEntry("Sweep", data.sweepID),
            ReportEntry("Scenario", data.scenario),
            ReportEntry("Seeds", data.seeds.map(String.init).joined(separator: ", ")),
            ReportEntry("Processing interval", data.axes.interval.map(\.display).joined(separator: ", ")),
            ReportEntry("Stabilization period", data.axes.stabilization.map(\.display).joined(separator: ", ")),
        ]
        if !data.axes.lookback.isEmpty {
            facts.append(ReportEntry("Lookback", data.axes.lookback.map(\.display).joined(separator: ", ")))
        }
        if !data.axes.delivery.isEmpty {
            facts.append(ReportEntry("Delivery (swept)", data.axes.delivery.map(\.display).joined(separator: "; ")))
        } else if let d = data.delivery {
            facts.append(ReportEntry("Delivery", d))
        }
        if let f = data.faults { facts.append(ReportEntry("Engine faults", f)) }
        facts += [
            ReportEntry("Grid points", String(data.points.count)),
            ReportEntry(
                "Setting label",
                data.axes.lookback.isEmpty ? "interval/stabilization" : "interval/stabilization/lookback"),
            ReportEntry("False-deny bounds", boundsText),
        ]
        return facts
    }

    /// The bounds as the reader sees them: `steady ≤ 0%, weekly ≤ 5%`.
    var boundsText: String {
        let entries = data.bounds.entries(rarities: data.rarities)
        return entries.isEmpty
            ? "none" : entries.map { "\($0.rarity) ≤ \(Format.rate($0.bound))" }.joined(separator: ", ")
    }

    /// The decision's metric, named.
    public static let decisionMetric =
        "per rarity: falseDenyAtStable.<rarity> / legitFlows.<rarity> (legit flows denied by the "
        + "version frozen at each namespace's first Stable moment, enforced to the end of the run), pooled over all namespaces and seeds"

    /// The decision in one sentence: the cluster-wide setting, or that none meets the bounds.
    public var recommendationSentence: String {
        guard let choice = data.recommendation.overall else {
            var out = "No setting meets the bounds (\(boundsText)) with a finite median time to Stable."
            if let closest = closestMiss {
                out +=
                    " Closest: \(closest.setting.longLabel), which exceeds " + closest.misses.joined(separator: ", ")
                    + "."
            }
            return out
        }
        let time = Format.duration(choice.medianTimeToStable)
        let rates = data.bounds.entries(rarities: data.rarities).map {
            "\($0.rarity) \(Format.rate(choice.rate($0.rarity)))"
        }
        var out =
            "Recommended for the cluster: \(choice.setting.longLabel) — median time to Stable \(time); false-deny rates "
            + (rates.isEmpty ? "unbounded" : rates.joined(separator: ", ")) + " (bounds \(boundsText))."
        if let point = data.points.first(where: { $0.setting == choice.setting }),
            point.timeToStableStats.neverStable > 0
        {
            let stats = point.timeToStableStats
            out +=
                " Note: \(stats.neverStable) of \(stats.samples) (namespace, seed) pairs never became Stable with it, so they "
                + "had no policy to enforce and count no false denies."
        }
        return out
    }

    /// The setting that misses the bounds by the fewest rarities (then shortest), with what it exceeds.
    var closestMiss: (setting: SweepSetting, misses: [String])? {
        let scored = data.points.filter { $0.timeToStableStats.median.isFinite }.map {
            point -> (SweepPoint, [String]) in
            let misses = data.bounds.entries(rarities: data.rarities).compactMap { e -> String? in
                let rate = point.rarity(e.rarity).rate
                return rate > e.bound ? "\(e.rarity) \(Format.rate(rate)) > \(Format.rate(e.bound))" : nil
            }
            return (point, misses)
        }
        guard
            let best = scored.min(by: { a, b in
                a.1.count != b.1.count
                    ? a.1.count < b.1.count : a.0.timeToStableStats.median < b.0.timeToStableStats.median
            })
        else { return nil }
        return (best.0.setting, best.1)
    }

    /// How the recommendation and the figures are defined, shown under the recommendation.
    var explanations: [String] {
        [
            "Decision metric: \(Self.decisionMetric). A setting meets the bounds when every bounded rarity's rate is at or "
                + "under its bound (\(boundsText)); rarities without a bound do not count.",
            "The recommendation is the setting with the shortest median time to Stable that meets the bounds; ties go to the "
                + "smaller stabilization period, then the smaller processing interval. It is cluster-wide, because "
                + "the PolicyRecommendationScope's interval and stabilization period apply to every namespace.",
            "Per namespace (a diagnostic only: it cannot be applied separately), the same rule uses that namespace's "
                + "median over seeds and its own rates: it shows which namespaces drive the cluster-wide answer.",
            "FD rate columns use the same metric; FD classes count distinct flow classes with such a false deny (summed "
                + "over seeds).",
            "Time to Stable is taken over every (namespace, seed) pair; pairs that never became Stable count as never "
                + "(+∞) in the median and p10/p90 (nearest-rank quantiles) and are counted in the Never column. A setting "
                + "whose median is never is not plotted on the Pareto chart and cannot be recommended.",
            "Rules = median over (namespace, seed) pairs of the final recommendation's egress + ingress rule count.",
        ]
    }

    typealias Table = RunReport.Table

    var pointsTable: Table {
        let front = Set(self.front)
        let recommended = data.recommendation.overall?.setting
        var header = ["Setting", "Seeds", "Stable median", "p10", "p90", "Never", "FD rate"]
        header += data.rarities.map { "FD \($0)" }
        header += ["FD classes", "Missed attacks", "Rules", "Pareto", "Recommended"]
        let numeric = [false] + Array(repeating: true, count: header.count - 3) + [false, false]
        let rows = data.points.enumerated().map { index, point -> [String] in
            let stats = point.timeToStableStats
            var row = [
                point.setting.label, String(point.seeds), Format.duration(stats.median), Format.duration(stats.p10),
                Format.duration(stats.p90), "\(stats.neverStable)/\(stats.samples)", Format.rate(point.falseDenyRate),
            ]
            row += data.rarities.map { r in
                let c = point.rarity(r)
                return c.legitFlows == 0
                    ? "–" : "\(Format.rate(c.rate)) (\(Format.count(c.falseDenyFlows))/\(Format.count(c.legitFlows)))"
            }
            row += [
                String(point.byRarity.map(\.falseDenyClasses).reduce(0, +)), String(point.missedAttacks),
                point.rules.isEmpty ? "n/a" : Format.number(Self.medianRules(point)),
                front.contains(index) ? "yes" : "",
                point.setting.withoutDelivery == recommended?.withoutDelivery ? "yes" : "",
            ]
            return row
        }
        return Table(header: header, numeric: numeric, rows: rows)
    }

    var paretoTable: Table {
        Table(
            header: ["Rank", "Setting", "Stable median", "FD rate", "Missed attacks"],
            numeric: [true, false, true, true, true],
            rows: front.enumerated().map { rank, index in
                let point = data.points[index]
                return [
                    String(rank + 1), point.setting.label, Format.duration(point.timeToStableStats.median),
                    Format.rate(point.falseDenyRate), String(point.missedAttacks),
                ]
            })
    }

    var namespaceTable: Table {
        Table(
            header: ["Namespace", "Setting it alone would need", "Stable median", "FD rate"],
            numeric: [false, false, true, true],
            rows: data.recommendation.perNamespace.map { ns in
                guard let choice = ns.choice else { return [ns.namespace, "none meets the bounds", "", ""] }
                return [
                    ns.namespace, choice.setting.label, Format.duration(choice.medianTimeToStable),
                    Format.rate(choice.falseDenyRate),
                ]
            })
    }

    static func medianRules(_ point: SweepPoint) -> Double {
        SweepAnalysis.median(point.rules.map { Double($0.total) })
    }
}

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
        facts += [
            ReportEntry("Grid points", String(data.points.count)),
            ReportEntry("Setting label", data.axes.lookback.isEmpty ? "interval/stabilization" : "interval/stabilization/lookback"),
            ReportEntry("False-deny bound", Format.rate(data.falseDenyBound)),
        ]
        return facts
    }

    /// The recommendation in one sentence.
    var recommendationSentence: String {
        guard let choice = data.recommendation.overall else {
            return "No setting keeps the overall false-deny rate at or below \(Format.rate(data.falseDenyBound)) "
                + "with a finite median time to Stable."
        }
        let time = Format.duration(choice.medianTimeToStable), rate = Format.rate(choice.falseDenyRate)
        let bound = Format.rate(data.falseDenyBound)
        return "Recommended: \(choice.setting.longLabel) — median time to Stable \(time), false-deny rate \(rate) (bound \(bound))."
    }

    /// How the recommendation and the figures are defined, shown under the recommendation.
    var explanations: [String] {
        [
            "The recommendation is the setting with the shortest median time to Stable whose false-deny rate is at or "
                + "below the bound of \(Format.rate(data.falseDenyBound)); ties go to the smaller stabilization period, "
                + "then the smaller processing interval. Per namespace, the same rule uses that namespace's median over "
                + "seeds and its own false-deny rate.",
            "False-deny rate = legit flows denied by the staged (pending) policy / legit flows, over all namespaces and "
                + "seeds; per rarity, both counts are of that rarity only. Classes count distinct traffic patterns with a "
                + "false deny (summed over seeds).",
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
            var row = [point.setting.label, String(point.seeds), Format.duration(stats.median), Format.duration(stats.p10),
                       Format.duration(stats.p90), "\(stats.neverStable)/\(stats.samples)", Format.rate(point.falseDenyRate)]
            row += data.rarities.map { Format.rate(point.rarity($0).rate) }
            row += [String(point.byRarity.map(\.falseDenyClasses).reduce(0, +)), String(point.missedAttacks),
                    point.rules.isEmpty ? "n/a" : Format.number(Self.medianRules(point)), front.contains(index) ? "yes" : "",
                    point.setting == recommended ? "yes" : ""]
            return row
        }
        return Table(header: header, numeric: numeric, rows: rows)
    }

    var paretoTable: Table {
        Table(header: ["Rank", "Setting", "Stable median", "FD rate", "Missed attacks"],
              numeric: [true, false, true, true, true],
              rows: front.enumerated().map { rank, index in
                  let point = data.points[index]
                  return [String(rank + 1), point.setting.label, Format.duration(point.timeToStableStats.median),
                          Format.rate(point.falseDenyRate), String(point.missedAttacks)]
              })
    }

    var namespaceTable: Table {
        Table(header: ["Namespace", "Setting", "Stable median", "FD rate"], numeric: [false, false, true, true],
              rows: data.recommendation.perNamespace.map { ns in
                  guard let choice = ns.choice else { return [ns.namespace, "none meets the bound", "", ""] }
                  return [ns.namespace, choice.setting.label, Format.duration(choice.medianTimeToStable),
                          Format.rate(choice.falseDenyRate)]
              })
    }

    static func medianRules(_ point: SweepPoint) -> Double { SweepAnalysis.median(point.rules.map { Double($0.total) }) }
}

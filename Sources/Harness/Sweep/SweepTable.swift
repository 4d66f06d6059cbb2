import Reporting

/// The table `recsim sweep` prints: one row per grid point, then the Pareto front and the recommendation.
public enum SweepTable {
    public static func render(_ d: SweepReportData) -> String {
        func dur(_ s: Double) -> String { s.isFinite ? Format.duration(seconds: Int64(s)) : "never" }
        let header =
            ["setting", "seeds", "Stable p50", "p10–p90", "never", "false-deny rate"] + d.rarities.map { "fd.\($0)" }
            + ["missed attacks", "rules p50"]
        var rows: [[String]] = []
        for p in d.points {
            let t = p.timeToStableStats
            let rules = p.rules.map { Double($0.total) }
            rows.append(
                [
                    p.setting.label, String(p.seeds), dur(t.median), "\(dur(t.p10))–\(dur(t.p90))",
                    String(t.neverStable),
                    Format.percent(p.falseDenyRate),
                ] + d.rarities.map { String(p.rarity($0).falseDenyFlows) }
                    + [
                        String(p.missedAttacks),
                        rules.isEmpty ? "-" : Format.number(SweepAnalysis.median(rules), decimals: 1),
                    ])
        }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == 0 ? c.padding(widths[i]) : c.leftPadding(widths[i]) }.joined(
                separator: "  ")
        }
        // The decision first, then the grid it was taken from.
        var out = "decision: " + SweepReport(data: d).recommendationSentence + "\n"
        out += ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(
            separator: "\n")
        let front = SweepAnalysis.paretoFront(d.points).map { d.points[$0].setting.label }
        out +=
            "\nPareto front (time to Stable vs false-deny rate): "
            + (front.isEmpty ? "none" : front.joined(separator: ", "))
        out += "\ndecision metric: " + SweepReport.decisionMetric
        if !d.recommendation.perNamespace.isEmpty {
            out += "\nper namespace (diagnostic; the scope's settings are cluster-wide):"
        }
        for n in d.recommendation.perNamespace {
            out +=
                "\n  \(n.namespace): "
                + (n.choice.map { "\($0.setting.longLabel) (\(dur($0.medianTimeToStable)))" } ?? "none meets the bounds")
        }
        return out
    }
}

import Reporting
import Scenario

/// The per-namespace table `recsim run` prints.
public enum RunTable {
    public static func render(_ r: RunResult) -> String {
        let header =
            ["namespace", "first rule", "Stable", "rules e/i", "resets"] + MetricCatalog.rarities.map { "fd.\($0)" } + [
                "missed attacks"
            ]
        var rows: [[String]] = []
        for l in r.lifecycles {
            let ns = l.namespace
            func m(_ n: String) -> String { r.metric(n, namespace: ns).map { String(Int64($0)) } ?? "0" }
            func t(_ n: String) -> String {
                r.metric(n, namespace: ns).map { Format.duration(seconds: Int64($0)) } ?? "never"
            }
            rows.append(
                [
                    ns, t("timeToFirstRule"), t("timeToStable"), "\(l.egressRules)/\(l.ingressRules)",
                    String(l.learningResets),
                ]
                    + MetricCatalog.rarities.map { m("falseDeny.\($0)") } + [m("missedAttacks")])
        }
        var widths = header.map(\.count)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == 0 ? c.padding(widths[i]) : c.leftPadding(widths[i]) }.joined(
                separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(
            separator: "\n")
    }
}

extension String {
    func padding(_ n: Int) -> String { self + String(repeating: " ", count: max(0, n - count)) }
    func leftPadding(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}

/// Renders one run's report: `index.html`, `summary.md` and three CSVs, all from a `RunReportData`.
///
/// Pure: the same data gives byte-identical files. Nothing here reads files, clocks or databases.
public struct RunReport: Sendable {
    public var data: RunReportData

    public init(_ data: RunReportData) { self.data = data }

    /// Every file of the report, in a fixed order.
    public func files() -> [ReportFile] {
        [
            ReportFile(name: "index.html", contents: html()),
            ReportFile(name: "summary.md", contents: markdown()),
            ReportFile(name: "namespaces.csv", contents: namespacesCSV()),
            ReportFile(name: "timeline.csv", contents: timelineCSV()),
            ReportFile(name: "false_denies.csv", contents: falseDeniesCSV()),
        ]
    }

    var title: String { "recsim run report: \(data.run.scenario) (seed \(data.run.seed))" }

    /// Key/value rows describing the run, shared by HTML and Markdown.
    var runFacts: [ReportEntry] {
        let run = data.run
        var facts: [ReportEntry] = []
        if let id = run.runID { facts.append(ReportEntry("Run", String(id))) }
        facts += [
            ReportEntry("Scenario", run.scenario),
            ReportEntry("Seed", String(run.seed)),
            ReportEntry("Status", run.status.rawValue),
            ReportEntry("Fingerprint", run.fingerprint ?? "(none)"),
            ReportEntry("Virtual start", Format.utc(unixSeconds: run.virtualStart)),
            ReportEntry("Virtual end", Format.utc(unixSeconds: run.virtualEnd)),
            ReportEntry("Duration", Format.duration(seconds: run.virtualEnd - run.virtualStart)),
        ]
        return facts
    }

    var incompleteWarning: String? {
        data.run.status == .complete
            ? nil
            : "This run is \(data.run.status.rawValue): its results stop where the writer stopped and are partial."
    }

    /// Namespace table: header and cells, shared by HTML, Markdown and CSV-free display.
    struct Table {
        var header: [String]
        /// Whether a column is numeric (right-aligned).
        var numeric: [Bool]
        var rows: [[String]]
    }

    var namespaceTable: Table {
        var header = ["Namespace", "First rule", "Stable", "Resets", "Renames", "Egress", "Ingress"]
        header += data.rarities.map { "FD \($0)" }
        header += ["FD total", "Denied if enforced at Stable", "Missed attacks", "Over-permissive", "Coverage"]
        let numeric = [false] + Array(repeating: true, count: header.count - 1)
        var rows = data.namespaces.map { ns -> [String] in
            var row = [
                ns.namespace, Self.time(ns.timeToFirstRule), Self.time(ns.timeToStable),
                String(ns.learningResets), String(ns.renames), String(ns.egressRules), String(ns.ingressRules),
            ]
            row += data.rarities.map { String(ns.falseDenies[$0] ?? 0) }
            row += [
                String(ns.falseDeniesTotal), String(ns.falseDeniesAtStable.values.reduce(0, +)),
                String(ns.missedAttacks),
                String(ns.overPermissive), ns.coverage.map(Format.percent) ?? "n/a",
            ]
            return row
        }
        if data.namespaces.count > 1 {
            let all = data.namespaces
            func sum(_ value: (NamespaceSummary) -> Int) -> String { String(all.map(value).reduce(0, +)) }
            var total = [
                "total", "", "", sum(\.learningResets), sum(\.renames), sum(\.egressRules), sum(\.ingressRules),
            ]
            total += data.rarities.map { rarity in sum { $0.falseDenies[rarity] ?? 0 } }
            total += [
                sum(\.falseDeniesTotal), sum { $0.falseDeniesAtStable.values.reduce(0, +) }, sum(\.missedAttacks),
                sum(\.overPermissive), "",
            ]
            rows.append(total)
        }
        // A namespace whose conclusions change under an assumption (a sensitivity study exists) is marked.
        if let restsOn = data.run.assumptions?.restsOn, !restsOn.isEmpty {
            header.append("Rests on assumptions")
            for i in rows.indices {
                rows[i].append(
                    i < data.namespaces.count
                        ? (restsOn.first { $0.namespace == data.namespaces[i].namespace }?.assumptions
                            .joined(separator: ", ") ?? "") : "")
            }
            return Table(header: header, numeric: numeric + [false], rows: rows)
        }
        return Table(header: header, numeric: numeric, rows: rows)
    }

    static func time(_ seconds: Int64?) -> String { seconds.map { Format.duration(seconds: $0) } ?? "never" }
}

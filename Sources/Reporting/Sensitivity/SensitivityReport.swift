/// Renders a sensitivity study: `index.html`, `summary.md` and `sensitivity.csv` (every namespace × variant).
///
/// Pure: the same data gives byte-identical files.
public struct SensitivityReport: Sendable {
    public var data: SensitivityReportData

    public init(data: SensitivityReportData) { self.data = data }

    public func files() -> [ReportFile] {
        [
            ReportFile(name: "index.html", contents: html()),
            ReportFile(name: "summary.md", contents: markdown()),
            ReportFile(name: "sensitivity.csv", contents: csv()),
        ]
    }

    var title: String { "recsim sensitivity report: \(data.id) (\(data.scenario))" }

    var facts: [ReportEntry] {
        var out = [
            ReportEntry("Study", data.id),
            ReportEntry("Scenario", data.scenario),
            ReportEntry("Seeds", data.seeds.map(String.init).joined(separator: ", ")),
            ReportEntry("Duration", data.duration),
            ReportEntry(
                "Baseline", data.baselineLabel.isEmpty ? "every assumption at its default" : data.baselineLabel),
            ReportEntry("Variants", String(data.variants.count)),
        ]
        if let d = data.delivery { out.append(ReportEntry("Delivery", d)) }
        if let f = data.faults { out.append(ReportEntry("Engine faults", f)) }
        return out
    }

    /// The answer first: every conclusion that changes, per variant.
    var findings: [String] {
        data.variants.flatMap { v in v.findings.map { "\(v.label): \($0)" } }
    }

    var overviewTable: (header: [String], numeric: [Bool], rows: [[String]]) {
        (
            ["Assumption", "Value (baseline)", "SPEC", "Namespaces changed", "Conclusions changed"],
            [false, false, false, true, true],
            data.variants.map { v in
                [
                    v.assumption, "\(v.value) (\(v.baselineValue))", v.spec, String(v.changedRows.count),
                    String(v.findings.count),
                ]
            }
        )
    }

    static func seconds(_ s: Double?) -> String {
        guard let s else { return "never" }
        return Format.duration(seconds: Int64(s.rounded()))
    }

    static func delta(_ a: Int, _ b: Int) -> String {
        let d = b - a
        return d == 0 ? "0" : (d > 0 ? "+\(d)" : "\(d)")
    }

    func variantTable(_ v: SensitivityVariantResult) -> (header: [String], numeric: [Bool], rows: [[String]]) {
        let header =
            ["Namespace", "Time to Stable", "Never Stable (seeds)"]
            + data.rarities.map { "FD \($0)" } + ["Missed attacks", "Over-permissive"]
        let rows = v.changedRows.map { r -> [String] in
            let b = r.baseline, x = r.variant
            func pair(_ a: Int, _ c: Int) -> String { a == c ? String(a) : "\(a) → \(c) (\(Self.delta(a, c)))" }
            let tts =
                b.timeToStable == x.timeToStable
                ? Self.seconds(b.timeToStable) : "\(Self.seconds(b.timeToStable)) → \(Self.seconds(x.timeToStable))"
            return [r.namespace, tts, pair(b.neverStable, x.neverStable)]
                + data.rarities.map { pair(b.falseDenies[$0] ?? 0, x.falseDenies[$0] ?? 0) }
                + [pair(b.missedAttacks, x.missedAttacks), pair(b.overPermissive, x.overPermissive)]
        }
        return (header, [false] + [Bool](repeating: true, count: header.count - 1), rows)
    }

    static let note =
        "Figures are baseline → variant (delta), summed over seeds; time to Stable is the mean over the seeds that reached it. FD = legit flows denied by the version frozen at first Stable, by rarity. Only namespaces whose figures change are listed; sensitivity.csv has them all."

    public func html() -> String {
        var body = ""
        let f = findings
        body += Markup.section(
            "findings", "What changes",
            f.isEmpty
                ? Markup.paragraph("No conclusion changes under any assumption: every result here rests on SPEC alone.")
                : Markup.list(f))
        body += Markup.section(
            "study", "Study", Markup.htmlTable(["Field", "Value"], [false, false], facts.map { [$0.key, $0.value] }))
        let overview = overviewTable
        body += Markup.section(
            "overview", "Assumptions varied", Markup.htmlTable(overview.header, overview.numeric, overview.rows))
        for v in data.variants {
            let t = variantTable(v)
            var inner = Markup.paragraph("\(v.summary) (SPEC \(v.spec)); baseline value: \(v.baselineValue).")
            inner +=
                t.rows.isEmpty
                ? Markup.paragraph("No namespace's figures change.")
                : Markup.htmlTable(t.header, t.numeric, t.rows) + Markup.paragraph(Self.note, class: "note")
            body += Markup.section("variant-\(v.assumption)-\(v.value)", v.label, inner)
        }
        if let block = data.assumptions { body += block.html() }
        return Markup.page(title: title, body: body)
    }

    public func markdown() -> String {
        var out = "# \(Escape.markdownCell(title))\n\n## What changes\n\n"
        let f = findings
        out +=
            f.isEmpty
            ? "No conclusion changes under any assumption: every result here rests on SPEC alone.\n"
            : f.map { "- \($0)\n" }.joined()
        out +=
            "\n## Study\n\n"
            + Markup.markdownTable(["Field", "Value"], [false, false], facts.map { [$0.key, $0.value] })
        let overview = overviewTable
        out += "\n## Assumptions varied\n\n" + Markup.markdownTable(overview.header, overview.numeric, overview.rows)
        for v in data.variants {
            let t = variantTable(v)
            out +=
                "\n## \(Escape.markdownCell(v.label))\n\n\(v.summary) (SPEC \(v.spec)); baseline value: \(v.baselineValue).\n\n"
            out +=
                t.rows.isEmpty
                ? "No namespace's figures change.\n"
                : Markup.markdownTable(t.header, t.numeric, t.rows) + "\n\(Self.note)\n"
        }
        if let block = data.assumptions { out += block.markdown() }
        return out
    }

    /// One row per (variant, namespace): baseline and variant figures.
    public func csv() -> String {
        var header = ["assumption", "value", "namespace"]
        for side in ["baseline", "variant"] {
            header += ["\(side)_time_to_stable_s", "\(side)_never_stable"]
            header += data.rarities.map { "\(side)_false_deny_\($0)" }
            header += ["\(side)_missed_attacks", "\(side)_over_permissive"]
        }
        var out = Escape.csvRecord(header)
        for v in data.variants {
            for r in v.rows {
                var fields = [v.assumption, v.value, r.namespace]
                for h in [r.baseline, r.variant] {
                    fields += [h.timeToStable.map { Format.number($0, decimals: 0) } ?? "inf", String(h.neverStable)]
                    fields += data.rarities.map { String(h.falseDenies[$0] ?? 0) }
                    fields += [String(h.missedAttacks), String(h.overPermissive)]
                }
                out += Escape.csvRecord(fields)
            }
        }
        return out
    }
}

extension RunReport {
    var verdict: RunVerdict { RunVerdict(data) }

    static let verdictNote =
        "Measured with the version each namespace had when it first became Stable, enforced from then "
        + "to the end of the run (an enforced policy no longer learns); flows count each reporting endpoint, as the "
        + "falseDenyAtStable.* metrics do. \"Learned\" is when the staged policy, left learning, first allowed the class after "
        + "its last denial."

    /// The traffic behind the answers: header and rows, shared by HTML and Markdown.
    var worstTable: Table {
        let header = [
            "Namespace", "Traffic", "Port", "Rarity", "Denied if enforced at Stable", "First denied",
            "Learned by the staged policy", "Attack flows allowed",
        ]
        let rows = verdict.worst.map { f -> [String] in
            [
                f.namespace, "\(f.source) → \(f.destination)", f.port, f.isAttack ? "attack" : f.rarity,
                f.isAttack ? "" : Format.count(f.atStableDeniedFlows),
                f.atStableFirstDenied.map { Format.duration(seconds: $0) }
                    ?? (f.firstMissed.map { Format.duration(seconds: $0) } ?? ""),
                f.isAttack
                    ? ""
                    : (f.learnedAt.map { Format.duration(seconds: $0) }
                        ?? (f.afterStableDeniedFlows > 0 ? "not by the end" : "")),
                f.isAttack ? Format.count(f.missedFlows) : "",
            ]
        }
        return Table(header: header, numeric: [false, false, false, false, true, true, true, true], rows: rows)
    }

    func verdictHTML() -> String {
        let v = verdict
        var out = "<p class=\"headline\">\(Escape.xml(v.headline))</p>\n<table class=\"verdict\">\n<tbody>\n"
        for ns in v.namespaces {
            out +=
                "<tr><td><span class=\"light\" style=\"background: \(ns.light.color)\">\(ns.light.symbol)</span></td>"
            out += "<td>\(Escape.xml(ns.namespace))</td><td>\(Escape.xml(ns.sentence))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if !v.worst.isEmpty {
            let t = worstTable
            out += "<h3>The traffic behind the answers</h3>\n" + Markup.htmlTable(t.header, t.numeric, t.rows)
        }
        out += Markup.paragraph(Self.verdictNote, class: "note")
        return Markup.section("verdict", "Verdict", out)
    }

    func verdictMarkdown() -> String {
        let v = verdict
        var out = "## Verdict\n\n**\(Escape.markdownCell(v.headline))**\n\n"
        out += Markup.markdownTable(
            ["", "Namespace", "Answer"], [false, false, false],
            v.namespaces.map { ["**\($0.light.symbol)**", $0.namespace, $0.sentence] })
        if !v.worst.isEmpty {
            let t = worstTable
            out += "\n### The traffic behind the answers\n\n" + Markup.markdownTable(t.header, t.numeric, t.rows)
        }
        out += "\n" + Self.verdictNote + "\n\n"
        return out
    }

    /// The verdict for a terminal: the headline, then one line per namespace.
    public func verdictText() -> String {
        let v = verdict
        var out = "verdict: \(v.headline)\n"
        let width = v.namespaces.map { $0.light.symbol.count }.max() ?? 0
        for ns in v.namespaces {
            out +=
                "  " + ns.light.symbol + String(repeating: " ", count: width - ns.light.symbol.count)
                + "  \(ns.sentence)\n"
        }
        return out
    }
}

/// Page and table building blocks shared by the HTML and Markdown renderers of every report.
enum Markup {
    /// The stylesheet of every report page.
    static let css = """
        body { font-family: sans-serif; margin: 2em; color: #222222; max-width: 1100px; }
        table { border-collapse: collapse; margin: 0.5em 0 1em 0; font-size: 0.9em; display: block; overflow-x: auto; max-width: 100%; }
        th, td { border: 1px solid #cccccc; padding: 2px 8px; }
        th { background: #f3f3f3; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        p.warning { background: #fff3cd; border: 1px solid #e0c36a; padding: 0.5em 1em; }
        p.note { font-size: 0.85em; color: #555555; }
        svg.chart { display: block; margin: 0.5em 0; }
        p.headline { font-size: 1.15em; font-weight: bold; }
        table.verdict td { vertical-align: top; }
        span.light { color: #ffffff; font-weight: bold; font-size: 0.8em; padding: 1px 6px; border-radius: 3px; }
        details { margin: 0.3em 0; }
        pre { background: #f7f7f7; padding: 0.5em; overflow-x: auto; font-size: 0.8em; }
        section.namespace { margin-top: 2em; border-top: 1px solid #dddddd; }
        """

    /// A self-contained XHTML page (inline CSS; charts are inline SVG in `body`).
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>\(Escape.xml(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <h1>\(Escape.xml(title))</h1>
        \(body)</body>
        </html>

        """
    }

    /// An HTML table; `numeric` columns are right-aligned.
    static func htmlTable(_ header: [String], _ numeric: [Bool], _ rows: [[String]]) -> String {
        var out = "<table>\n<thead><tr>"
        out += header.map { "<th>\(Escape.xml($0))</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                let isNumeric = index < numeric.count && numeric[index]
                out += isNumeric ? "<td class=\"num\">\(Escape.xml(cell))</td>" : "<td>\(Escape.xml(cell))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        return out
    }

    /// A GitHub-flavoured Markdown table.
    static func markdownTable(_ header: [String], _ numeric: [Bool], _ rows: [[String]]) -> String {
        var out = "| " + header.map(Escape.markdownCell).joined(separator: " | ") + " |\n"
        out += "|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.map(Escape.markdownCell).joined(separator: " | ") + " |\n" }
        return out
    }

    /// `<section id=…><h2>…</h2>…</section>`.
    static func section(_ id: String, _ heading: String, _ content: String) -> String {
        "<section id=\"\(Escape.xml(id))\">\n<h2>\(Escape.xml(heading))</h2>\n\(content)</section>\n"
    }

    static func paragraph(_ text: String, class name: String? = nil) -> String {
        (name.map { "<p class=\"\($0)\">" } ?? "<p>") + Escape.xml(text) + "</p>\n"
    }

    static func list(_ items: [String]) -> String {
        "<ul>\n" + items.map { "<li>\(Escape.xml($0))</li>\n" }.joined() + "</ul>\n"
    }
}

extension Format {
    /// A rate in 0...1 as a percentage with up to three decimals (`0.125%`, `12%`); `n/a` for NaN.
    public static func rate(_ fraction: Double) -> String {
        fraction.isNaN ? "n/a" : number(fraction * 100, decimals: 3) + "%"
    }

    /// Seconds as a duration (`3h 20m`), `never` when infinite.
    static func duration(_ seconds: Double) -> String {
        seconds.isFinite ? duration(seconds: Int64(seconds.rounded())) : "never"
    }

    /// A byte count with a binary unit (`512 B`, `1.5 KiB`, `20 MiB`).
    public static func bytes(_ value: Double) -> String {
        guard value.isFinite else { return number(value) }
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var scaled = value, unit = 0
        while abs(scaled) >= 1024 && unit < units.count - 1 { scaled /= 1024; unit += 1 }
        return number(scaled, decimals: unit == 0 ? 0 : 1) + " " + units[unit]
    }
}

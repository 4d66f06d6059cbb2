/// Page and table building blocks shared by the HTML and Markdown renderers of every report.
enum Markup {
    /// A self-contained XHTML page (inline CSS; charts are inline SVG in `body`).
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>\(Escape.xml(title))</title>
        <style>
        \(RunReport.css)
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
        RunReport.htmlTable(header, numeric, rows)
    }

    /// A GitHub-flavoured Markdown table.
    static func markdownTable(_ header: [String], _ numeric: [Bool], _ rows: [[String]]) -> String {
        RunReport.markdownTable(header, numeric, rows)
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

/// One of the engine model's named assumptions as a report prints it.
public struct ReportAssumption: Sendable, Hashable {
    public var id: String
    public var value: String
    public var defaultValue: String
    /// SPEC section and how SPEC knows it (`§2.4 [I]`).
    public var spec: String
    public var summary: String

    public init(id: String, value: String, defaultValue: String, spec: String, summary: String) {
        self.id = id; self.value = value; self.defaultValue = defaultValue; self.spec = spec; self.summary = summary
    }
    public var isDefault: Bool { value == defaultValue }
}

/// What a result rests on: the settings the engine actually ran with are in the settings table; this block
/// lists every named assumption with its value, and the engine's warnings about scope values it rejected.
public struct AssumptionsBlock: Sendable, Hashable {
    public var assumptions: [ReportAssumption]
    /// The engine's warnings (`field "value": what it did instead`).
    public var warnings: [String]

    public init(assumptions: [ReportAssumption], warnings: [String] = []) {
        self.assumptions = assumptions; self.warnings = warnings
    }

    var changed: [ReportAssumption] { assumptions.filter { !$0.isDefault } }

    var lead: String {
        let c = changed
        if c.isEmpty {
            return
                "Every assumption is at its default (the engine's code as SPEC reads it). `recsim assumptions` explains them; `recsim sensitivity` shows what each one changes."
        }
        return "This run departs from the defaults in \(c.count) assumption\(c.count == 1 ? "" : "s"): "
            + c.map { "\($0.id)=\($0.value)" }.joined(separator: ", ") + "."
    }

    var rows: [[String]] {
        assumptions.map { a in
            [a.id, a.isDefault ? a.value : "\(a.value) (default \(a.defaultValue))", a.spec, a.summary]
        }
    }
    static let header = ["Assumption", "Value", "SPEC", "What is assumed"]

    /// An HTML section (`id="assumptions"`).
    public func html() -> String {
        var inner = Markup.paragraph(lead)
        if !warnings.isEmpty {
            inner +=
                "<p class=\"warning\">The engine rejected or replaced scope values; the settings show what ran:</p>\n<ul>\n"
            for w in warnings { inner += "<li>\(Escape.xml(w))</li>\n" }
            inner += "</ul>\n"
        }
        inner += Markup.htmlTable(Self.header, [false, false, false, false], rows)
        return Markup.section("assumptions", "Assumptions", inner)
    }

    /// A Markdown section (`## Assumptions`).
    public func markdown() -> String {
        var out = "\n## Assumptions\n\n\(lead)\n\n"
        if !warnings.isEmpty {
            out += "The engine rejected or replaced scope values; the settings show what ran:\n\n"
            for w in warnings { out += "- \(Escape.markdownCell(w))\n" }
            out += "\n"
        }
        out += Markup.markdownTable(Self.header, [false, false, false, false], rows)
        return out
    }
}

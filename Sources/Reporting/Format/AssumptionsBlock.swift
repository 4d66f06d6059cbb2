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
    /// From the scenario's sensitivity studies in the same database: the namespaces whose conclusions change
    /// under an assumption, with the assumptions' ids, sorted by namespace. Empty when no study exists.
    public var restsOn: [(namespace: String, assumptions: [String])] = []

    public static func == (a: Self, b: Self) -> Bool {
        a.assumptions == b.assumptions && a.warnings == b.warnings
            && a.restsOn.map { "\($0.namespace)=\($0.assumptions)" }
                == b.restsOn.map { "\($0.namespace)=\($0.assumptions)" }
    }
    public func hash(into h: inout Hasher) {
        h.combine(assumptions); h.combine(warnings)
        for r in restsOn { h.combine(r.namespace); h.combine(r.assumptions) }
    }

    var restsOnLines: [String] {
        restsOn.map { "\($0.namespace): \($0.assumptions.joined(separator: ", "))" }
    }
    static let restsOnLead =
        "Namespaces whose results rest on an assumption (a conclusion changes under its alternative in this scenario's sensitivity study; see `recsim sensitivity`):"

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
        if !restsOn.isEmpty {
            inner += Markup.paragraph(Self.restsOnLead, class: "warning") + Markup.list(restsOnLines)
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
        if !restsOn.isEmpty {
            out += "\(Self.restsOnLead)\n\n" + restsOnLines.map { "- \(Escape.markdownCell($0))\n" }.joined() + "\n"
        }
        out += Markup.markdownTable(Self.header, [false, false, false, false], rows)
        return out
    }
}

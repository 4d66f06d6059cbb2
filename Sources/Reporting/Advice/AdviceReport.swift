/// What an advice report shows, as plain values (the Harness fills it from `ClosedFormAdvice` and the confirmation).
public struct AdviceReportData: Sendable, Hashable {
    public struct Confirmation: Sendable, Hashable {
        public var setting: String
        public var seeds: String
        public var duration: String
        public var checked: Int
        public var missed: Int
        public var missRate: Double
        public var withinTarget: Bool
        public var missedClasses: [String]
        public init(
            setting: String, seeds: String, duration: String, checked: Int, missed: Int, missRate: Double,
            withinTarget: Bool, missedClasses: [String]
        ) {
            self.setting = setting; self.seeds = seeds; self.duration = duration; self.checked = checked
            self.missed = missed; self.missRate = missRate; self.withinTarget = withinTarget
            self.missedClasses = missedClasses
        }
    }

    public var scenario: String
    /// Where the traffic came from (a flow-log file, inferred; or a scenario file).
    public var source: String
    public var targetMiss: Double
    /// The decision in one sentence.
    public var decision: String
    /// The classes that drive the answer, one sentence each.
    public var drivers: [String]
    /// Classes no stabilization period catches, with why.
    public var uncatchable: [String]
    /// Per interval: interval, stabilization, drivers.
    public var intervals: [[String]]
    /// Per namespace (a diagnostic): namespace, the period its classes need.
    public var perNamespace: [[String]]
    /// Every class: label, shape, needed, closed-form miss at the answer.
    public var classes: [[String]]
    public var confirmation: Confirmation?
    /// The PolicyRecommendationScope to apply, and where it was written.
    public var scopeYAML: String
    public var scopeFile: String

    public init(
        scenario: String, source: String, targetMiss: Double, decision: String, drivers: [String],
        uncatchable: [String], intervals: [[String]], perNamespace: [[String]], classes: [[String]],
        confirmation: Confirmation?, scopeYAML: String, scopeFile: String
    ) {
        self.scenario = scenario; self.source = source; self.targetMiss = targetMiss; self.decision = decision
        self.drivers = drivers; self.uncatchable = uncatchable; self.intervals = intervals
        self.perNamespace = perNamespace; self.classes = classes; self.confirmation = confirmation
        self.scopeYAML = scopeYAML; self.scopeFile = scopeFile
    }
}

/// Renders `recsim advise`: `index.html` and `summary.md` (the scope YAML is written beside them by the CLI).
public struct AdviceReport: Sendable {
    public var data: AdviceReportData
    public init(data: AdviceReportData) { self.data = data }

    public func files() -> [ReportFile] {
        [
            ReportFile(name: "index.html", contents: html()),
            ReportFile(name: "summary.md", contents: markdown()),
            ReportFile(name: "scope.yaml", contents: data.scopeYAML),
        ]
    }

    var title: String { "recsim advice: \(data.scenario)" }

    public var confirmationSentence: String? {
        guard let c = data.confirmation else { return nil }
        let verdict = c.withinTarget ? "within" : "ABOVE"
        return
            "Confirmed by simulation at \(c.setting) over seeds \(c.seeds) (\(c.duration) each): \(c.missed) of \(c.checked) (class, seed) pairs were not learned when their namespace first became Stable — miss rate \(Format.rate(c.missRate)), \(verdict) the target \(Format.rate(data.targetMiss))."
            + (c.missedClasses.isEmpty ? "" : " Missed: " + c.missedClasses.joined(separator: "; ") + ".")
    }

    static let method =
        "Closed forms per class (patterns with the same source, destination, port and protocol are one class): a Poisson class of rate λ stays unseen through a quiet window W with probability e^(−λW) (the diurnal trough counted); a periodic class with probability 1 − W/(period + window). The window is the stabilization period less the interval and the flush interval (a flow counts once it is flushed and queried). The answer is the shortest period on the ladder at which every catchable class's miss probability is at most the target; the scope's settings are cluster-wide, so the slowest class decides."

    static let classHeader = ["Class", "Shape", "Needs", "Miss at the answer"]

    public func markdown() -> String {
        var out = "# \(Escape.markdownCell(title))\n\n## Decision\n\n**\(data.decision)**\n\n"
        if let c = confirmationSentence { out += c + "\n\n" }
        if !data.drivers.isEmpty { out += "Driven by:\n\n" + data.drivers.map { "- \($0)\n" }.joined() + "\n" }
        if !data.uncatchable.isEmpty {
            out += "No stabilization period catches:\n\n" + data.uncatchable.map { "- \($0)\n" }.joined() + "\n"
        }
        out += "Apply (`\(data.scopeFile)`):\n\n```yaml\n\(data.scopeYAML)```\n\n"
        out +=
            "Source: \(data.source). Target: every class learned before Stable with probability ≥ \(Format.rate(1 - data.targetMiss)).\n\n"
        out += Self.method + "\n"
        out +=
            "\n## Intervals\n\n"
            + Markup.markdownTable(["Interval", "Stabilization", "Driven by"], [false, false, false], data.intervals)
        out +=
            "\n## Per namespace (diagnostic)\n\n"
            + Markup.markdownTable(["Namespace", "Its classes need"], [false, false], data.perNamespace)
        out += "\n## Classes\n\n" + Markup.markdownTable(Self.classHeader, [false, false, false, true], data.classes)
        return out
    }

    public func html() -> String {
        var decision = Markup.paragraph(data.decision, class: "recommendation")
        if let c = confirmationSentence { decision += Markup.paragraph(c) }
        if !data.drivers.isEmpty { decision += Markup.paragraph("Driven by:") + Markup.list(data.drivers) }
        if !data.uncatchable.isEmpty {
            decision += Markup.paragraph("No stabilization period catches:") + Markup.list(data.uncatchable)
        }
        decision += Markup.paragraph("Apply (\(data.scopeFile)):") + "<pre>" + Escape.xml(data.scopeYAML) + "</pre>\n"
        decision +=
            Markup.paragraph(
                "Source: \(data.source). Target: every class learned before Stable with probability ≥ \(Format.rate(1 - data.targetMiss)).",
                class: "note") + Markup.paragraph(Self.method, class: "note")
        var body = Markup.section("decision", "Decision", decision)
        body += Markup.section(
            "intervals", "Intervals",
            Markup.htmlTable(["Interval", "Stabilization", "Driven by"], [false, false, false], data.intervals))
        body += Markup.section(
            "namespaces", "Per namespace (diagnostic)",
            Markup.htmlTable(["Namespace", "Its classes need"], [false, false], data.perNamespace))
        body += Markup.section(
            "classes", "Classes", Markup.htmlTable(Self.classHeader, [false, false, false, true], data.classes))
        return Markup.page(title: title, body: body)
    }
}

extension RunReport {
    /// `index.html`: a self-contained page (inline CSS, inline SVG) that is also well-formed XML (XHTML syntax).
    public func html() -> String {
        var body = ""
        if let warning = incompleteWarning { body += Markup.paragraph(warning, class: "warning") }
        body += verdictHTML()
        body += Markup.section(
            "run", "Run", Markup.htmlTable(["Field", "Value"], [false, false], runFacts.map { [$0.key, $0.value] }))
        if !data.run.settings.isEmpty {
            body += Markup.section(
                "settings", "Settings",
                Markup.htmlTable(["Setting", "Value"], [false, false], data.run.settings.map { [$0.key, $0.value] }))
        }
        if let block = data.run.assumptions { body += block.html() }
        if let block = data.run.delivery { body += block.html() }
        if !data.run.metrics.isEmpty {
            var rows = "<table>\n<thead><tr><th>Result</th><th>Value</th></tr></thead>\n<tbody>\n"
            for m in data.run.metrics {
                rows +=
                    "<tr><td title=\"stored as \(Escape.xml(m.key))\">\(Escape.xml(MetricGlossary.plainName(m.key)))</td>"
                    + "<td class=\"num\">\(Escape.xml(m.value))</td></tr>\n"
            }
            rows += "</tbody>\n</table>\n"
            body += Markup.section(
                "results", "Results",
                rows
                    + Markup.paragraph("Hover a result for its name in the database (table metric).", class: "note"))
        }
        if data.namespaces.isEmpty {
            body += Markup.section("namespaces", "Namespaces", "<p>No namespaces in scope.</p>\n")
        } else {
            let table = namespaceTable
            body += Markup.section(
                "namespaces", "Namespaces",
                Markup.htmlTable(table.header, table.numeric, table.rows)
                    + Markup.paragraph(
                        "FD = false denies after Stable (legit flows denied by the staged policy, by the enforced one once enforced), by traffic rarity; \"Denied if enforced at Stable\" uses the version frozen at the first Stable moment (the verdict's measure).",
                        class: "note"))
        }
        if !data.timelines.isEmpty {
            body += Markup.section(
                "status-overview", "Status overview",
                statusChart(title: "Recommendation status by namespace", timelines: data.timelines).svg())
        }
        if data.namespaces.contains(where: { !$0.falseDeniesAtStable.isEmpty || !$0.falseDenies.isEmpty }) {
            body += Markup.section(
                "false-denies-by-namespace", "False denies by namespace",
                namespaceFalseDeniesChart().svg()
                    + Markup.paragraph(
                        "Log scale: 0, 1, 10, 100, … so that one denied weekly job shows beside thousands of steady flows.",
                        class: "note"))
        }
        body += Markup.section(
            "false-denies", "False denies over time",
            falseDeniesChart().svg()
                + Markup.paragraph(
                    "Legit flows denied after Stable by the staged policy (by the enforced one once enforced), per bucket; log scale.",
                    class: "note"))
        if let missed = data.missedAttacks {
            body += Markup.section(
                "missed-attacks", "Missed attacks over time",
                missed.series.isEmpty
                    ? Markup.paragraph("No attack flow was allowed after Stable.")
                    : missedAttacksChart(missed).svg()
                        + Markup.paragraph(
                            "Attack flows allowed after Stable by the staged policy (by the enforced one once enforced), per bucket and namespace; log scale.",
                            class: "note"))
        }
        let policies = Dictionary(data.policies.map { ($0.namespace, $0) }, uniquingKeysWith: { a, _ in a })
        for (index, timeline) in data.timelines.enumerated() {
            body += "<section class=\"namespace\" id=\"ns-\(index + 1)\">\n"
            body += "<h2>Namespace \(Escape.xml(timeline.namespace))</h2>\n"
            body += statusChart(title: "\(timeline.namespace): status", timelines: [timeline]).svg()
            body += ruleCountChart(timeline).svg()
            if let policy = policies[timeline.namespace] {
                body +=
                    "<details><summary>Recommended policy \(Escape.xml(policy.name)) (final version, YAML)</summary>\n"
                body += "<pre>\(Escape.xml(policy.yaml))</pre>\n</details>\n"
            }
            body += "</section>\n"
        }
        return Markup.page(title: title, body: body)
    }

    /// Status lanes; the legend lists the states that occur, in a fixed order.
    func statusChart(title: String, timelines: [NamespaceTimeline]) -> StateTimelineChart {
        StateTimelineChart(
            title: title, start: data.run.virtualStart, end: data.run.virtualEnd,
            lanes: timelines.map { timeline in
                .init(
                    name: timeline.namespace,
                    changes: timeline.points.map { .init(time: $0.time, state: $0.state.rawValue) })
            },
            states: PolicyState.allCases.filter { $0 != .none }.map { .init(state: $0.rawValue, color: $0.color) })
    }

    /// Egress and ingress rule counts as steps over the whole run.
    func ruleCountChart(_ timeline: NamespaceTimeline) -> LineChart {
        func series(_ name: String, _ value: (NamespaceTimeline.Point) -> Int, color: Int) -> ChartSeries {
            ChartSeries(
                name: name, points: timeline.points.map { ChartPoint(x: Double($0.time), y: Double(value($0))) },
                color: Palette.color(color))
        }
        return LineChart(
            title: "\(timeline.namespace): rules", xAxis: .time(origin: data.run.virtualStart, label: "virtual time"),
            yLabel: "rules",
            series: [series("egress", \.egressRules, color: 0), series("ingress", \.ingressRules, color: 1)],
            interpolation: .step,
            xDomain: Double(data.run.virtualStart)...Double(max(data.run.virtualEnd, data.run.virtualStart + 1)),
            integerY: true)
    }

    /// Per namespace: legit flows denied if enforced at Stable, and denied after Stable by the staged policy (log scale).
    func namespaceFalseDeniesChart() -> BarChart {
        BarChart(
            title: "Legit flows denied, by namespace", categories: data.namespaces.map(\.namespace),
            series: [
                .init(
                    name: "if enforced at Stable",
                    values: data.namespaces.map { Double($0.falseDeniesAtStable.values.reduce(0, +)) },
                    color: "#c62828"),
                .init(
                    name: "after Stable (staged)", values: data.namespaces.map { Double($0.falseDeniesTotal) },
                    color: "#f28e2b"),
            ],
            yLabel: "flows", integerY: true, logY: true, width: max(720, 120 + 90 * Double(data.namespaces.count)))
    }

    /// Attack flows allowed per bucket and namespace, as steps on a log scale.
    func missedAttacksChart(_ missed: FalseDenySeries) -> LineChart {
        var chart = falseDeniesChart(missed, what: "Attack flows allowed")
        chart.yLabel = "attack flows"
        return chart
    }

    /// False denies per bucket as steps; buckets missing from the data are drawn as 0.
    func falseDeniesChart() -> LineChart { falseDeniesChart(data.falseDenies, what: "False denies") }

    func falseDeniesChart(_ fd: FalseDenySeries, what: String) -> LineChart {
        let start = data.run.virtualStart, end = max(data.run.virtualEnd, data.run.virtualStart + 1)
        let gridCount = fd.bucketSeconds > 0 ? (end - start + fd.bucketSeconds - 1) / fd.bucketSeconds : 0
        let series = fd.series.enumerated().map { index, group -> ChartSeries in
            var counts: [Int64: Int] = [:]
            for bucket in group.buckets { counts[bucket.start, default: 0] += bucket.count }
            var times = Set(counts.keys)
            if gridCount <= 5_000 {
                for k in 0..<gridCount { times.insert(start + k * fd.bucketSeconds) }
            }
            let points = times.sorted().map { ChartPoint(x: Double($0), y: Double(counts[$0] ?? 0)) }
            let color = fd.grouping == .rarity ? Palette.color(data.rarities.firstIndex(of: group.group) ?? index) : nil
            return ChartSeries(name: group.group, points: points, color: color)
        }
        let bucket = fd.bucketSeconds > 0 ? " per \(Format.duration(seconds: fd.bucketSeconds))" : ""
        return LineChart(
            title: "\(what)\(bucket) by \(fd.grouping.rawValue) (log scale)",
            xAxis: .time(origin: start, label: "virtual time"), yLabel: "false denies", series: series,
            interpolation: .step, xDomain: Double(start)...Double(end), integerY: true, markers: false, logY: true)
    }
}

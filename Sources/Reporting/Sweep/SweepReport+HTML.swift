extension SweepReport {
    /// `index.html`: a self-contained page (inline CSS and SVG) that is also well-formed XML.
    public func html() -> String {
        var recommendation = Markup.paragraph(recommendationSentence, class: "recommendation")
        recommendation += Markup.list(explanations)
        if !data.recommendation.perNamespace.isEmpty {
            recommendation += "<h3>Per namespace (diagnostic; the scope's settings are cluster-wide)</h3>\n"
            let table = namespaceTable
            recommendation += Markup.htmlTable(table.header, table.numeric, table.rows)
        }
        // The decision first, then what it was decided on.
        var body = Markup.section("recommendation", "Decision", recommendation)
        body += deliveryHTML()
        body += Markup.section(
            "sweep", "Sweep", Markup.htmlTable(["Field", "Value"], [false, false], facts.map { [$0.key, $0.value] }))

        var pareto = paretoChart().svg()
        let never = data.points.filter { !$0.timeToStableStats.median.isFinite }.map(\.setting.label)
        if !never.isEmpty {
            pareto += Markup.paragraph(
                "Not plotted (median time to Stable is never): \(never.joined(separator: ", ")).", class: "note")
        }
        let table = paretoTable
        pareto += Markup.htmlTable(table.header, table.numeric, table.rows)
        body += Markup.section("pareto", "Pareto front: time to Stable vs false-deny rate", pareto)

        if let block = data.assumptions { body += block.html() }
        let points = pointsTable
        body += Markup.section(
            "points", "Grid points",
            Markup.htmlTable(points.header, points.numeric, points.rows)
                + Markup.paragraph(
                    "FD = false-deny rate: legit flows denied by the version frozen at first Stable / legit flows, by traffic rarity; in brackets the flows (denied/legit), summed over seeds.",
                    class: "note"))
        body += Markup.section("false-denies", "False-deny rate by rarity", rarityChart().svg())
        body += Markup.section(
            "time-to-stable", "Time to Stable",
            timeToStableChart().svg()
                + Markup.paragraph(
                    "Every (namespace, seed) pair per setting; curves level off below 1 when some pairs never became Stable.",
                    class: "note"))
        return Markup.page(title: title, body: body)
    }

    /// Median time to Stable (log scale) against overall false-deny rate (%), the front highlighted.
    func paretoChart() -> ScatterPlot {
        let plotted = data.points.filter { $0.timeToStableStats.median.isFinite }
        return ScatterPlot(
            title: "Median time to Stable vs false-deny rate (label: \(settingLegend))",
            xLabel: "median time to Stable (log scale)", yLabel: "false-deny rate (%)",
            points: plotted.map {
                .init(x: $0.timeToStableStats.median, y: $0.falseDenyRate * 100, label: $0.setting.label)
            },
            pareto: .init(x: .minimize, y: .minimize), showLabels: true, logDurationX: true, height: 360)
    }

    /// Grouped bars: one group per setting, one bar per rarity (false-deny rate, %).
    /// Rarities with no legit traffic in any point are left out (nothing to deny, nothing to show).
    func rarityChart() -> BarChart {
        BarChart(
            title: "False-deny rate by rarity per setting (\(settingLegend))",
            categories: data.points.map(\.setting.label),
            series: data.rarities.enumerated().compactMap { index, rarity in
                guard data.points.contains(where: { $0.rarity(rarity).legitFlows > 0 }) else { return nil }
                return .init(
                    name: rarity, values: data.points.map { $0.rarity(rarity).rate * 100 }, color: Palette.color(index),
                    notes: data.points.map {
                        let r = $0.rarity(rarity)
                        return "\(Format.count(r.falseDenyFlows)) of \(Format.count(r.legitFlows)) flows denied"
                    })
            },
            yLabel: "false-deny rate (%)", width: max(720, 120 + 70 * Double(data.points.count)))
    }

    /// Empirical CDF of time to Stable (log scale) per setting.
    func timeToStableChart() -> CDFPlot {
        CDFPlot(
            title: "Time to Stable, all namespaces and seeds (\(settingLegend))", xLabel: "time to Stable (log scale)",
            samples: data.points.map { point in
                .init(
                    name: point.setting.label, values: point.timeToStable.compactMap { $0.map { Double($0) } },
                    unreached: point.timeToStable.filter { $0 == nil }.count)
            }, logDurationX: true, height: 320)
    }

    var settingLegend: String {
        data.axes.lookback.isEmpty ? "interval/stabilization" : "interval/stabilization/lookback"
    }
}

extension CapacityReport {
    /// `index.html`: facts, limits, the measurement and growth tables, and one chart per figure.
    public func html() -> String {
        // The answer first: where the setting stops fitting.
        var body = Markup.section("limits", "Limits", Markup.list(limitSentences))
        body += Markup.section(
            "setting", "Setting",
            Markup.htmlTable(["Field", "Value"], [false, false], facts.map { [$0.key, $0.value] }))
        if let block = data.assumptions { body += block.html() }
        let measured = measurementTable
        body += Markup.section(
            "measurements", "Measurements",
            Markup.htmlTable(measured.header, measured.numeric, measured.rows)
                + Markup.paragraph(
                    "Engine times are wall-clock milliseconds measured by the caller; everything else is per run of the scenario at that size.",
                    class: "note"))
        let growth = growthTable
        body += Markup.section(
            "growth", "Growth",
            (fitWarning.map { Markup.paragraph($0, class: "warning") } ?? "")
                + Markup.htmlTable(growth.header, growth.numeric, growth.rows)
                + Markup.paragraph(Self.growthNote, class: "note"))
        if let projection = projectionTable {
            body += Markup.section(
                "projection", "Projection",
                Markup.htmlTable(projection.header, projection.numeric, projection.rows)
                    + Markup.paragraph(Self.projectionNote, class: "note"))
        } else if !data.projectTo.isEmpty {
            body += Markup.section(
                "projection", "Projection",
                Markup.paragraph("No projection: no figure has a growth fit against namespaces.", class: "warning"))
        }
        for figure in CapacityFigure.allCases {
            var content = chart(figure).svg()
            if let fit = fit(figure, data.primaryAxis) {
                content += Markup.paragraph(
                    "\(figure.headlineName == "max" ? "Max" : "Value") \(fit.summary(in: data.primaryAxis.title)).",
                    class: "note")
            }
            body += Markup.section(figure.slug, figure.title, content)
        }
        return Markup.page(title: title, body: body)
    }

    static let projectionNote =
        "Extrapolated from the measured sizes with each figure's fit against namespaces (the power law "
        + "when one fits, else the straight line); the further beyond the largest measured size, the less it is worth."

    static let growthNote =
        "Exponent k of a least-squares fit of log y = log a + k log x: |k| ≤ 0.2 is ≈ constant, "
        + "0.8–1.2 ≈ linear, 1.8–2.2 ≈ quadratic. Linear R² is of a straight-line fit y = b x + c."

    /// The figure's statistics against the primary size axis, with the fitted power law, the limit line and
    /// the sizes over the limit marked.
    func chart(_ figure: CapacityFigure) -> LineChart {
        let axis = data.primaryAxis
        let sorted = points
        let stats = sorted.first.map { figure.series($0).map(\.name) } ?? []
        var series = stats.enumerated().map { index, name in
            ChartSeries(
                name: name,
                points: sorted.compactMap { p in
                    figure.series(p).first { $0.name == name }?.value.map { ChartPoint(x: p.size[axis], y: $0) }
                }, color: Palette.color(index))
        }
        let xs = sorted.map { $0.size[axis] }
        if let fit = fit(figure, axis), fit.exponent != nil, let lo = xs.min(), let hi = xs.max(), hi > lo {
            let curve = (0...24).compactMap { i -> ChartPoint? in
                let x = lo + (hi - lo) * Double(i) / 24
                return fit.power(at: x).map { ChartPoint(x: x, y: $0) }
            }
            series.append(
                ChartSeries(name: "fit (\(figure.headlineName))", points: curve, color: "#999999", markers: false))
        }
        // A limit far above every value (a 600 s interval over millisecond ticks) would flatten the data: the limit
        // sentence above the charts says it instead.
        let highest = series.flatMap(\.points).map(\.y).max() ?? 0
        if let limit = figure.limit(data), limit.value <= 10 * highest, let lo = xs.min(), let hi = xs.max() {
            series.append(
                ChartSeries(
                    name: limit.name, points: [ChartPoint(x: lo, y: limit.value), ChartPoint(x: hi, y: limit.value)],
                    color: "#222222", markers: false))
        }
        if let kind = figure.limitKind {
            let over = sorted.filter { limits($0).contains(kind) }
            if !over.isEmpty {
                series.append(
                    ChartSeries(
                        name: "over limit",
                        points: over.compactMap { p in
                            figure.headline(p).map { ChartPoint(x: p.size[axis], y: $0) }
                        }, color: "#b00020"))
            }
        }
        // Keep tick labels short: plot big numbers in a larger unit.
        let (divisor, unit) = figure.displayUnit(max: series.flatMap(\.points).map(\.y).max() ?? 0)
        for index in series.indices {
            series[index].points = series[index].points.map { ChartPoint(x: $0.x, y: $0.y / divisor) }
        }
        return LineChart(
            title: "\(figure.title) by \(axis.title)", xAxis: .linear(label: axis.title), yLabel: unit,
            series: series, markers: true, height: 260)
    }

    /// `summary.md`: the same tables as the page, without charts.
    public func markdown() -> String {
        var out = "# \(Escape.markdownCell(title))\n\n"
        out += "## Limits\n\n" + limitSentences.map { "- \($0)\n" }.joined()
        out +=
            "\n## Setting\n\n"
            + Markup.markdownTable(["Field", "Value"], [false, false], facts.map { [$0.key, $0.value] })
        if let block = data.assumptions { out += block.markdown() }
        let measured = measurementTable
        out += "\n## Measurements\n\n" + Markup.markdownTable(measured.header, measured.numeric, measured.rows)
        let growth = growthTable
        out += "\n## Growth\n\n" + (fitWarning.map { "> **Warning:** \($0)\n\n" } ?? "")
        out += Markup.markdownTable(growth.header, growth.numeric, growth.rows)
        out += "\n\(Self.growthNote)\n"
        if let projection = projectionTable {
            out += "\n## Projection\n\n" + Markup.markdownTable(projection.header, projection.numeric, projection.rows)
            out += "\n\(Self.projectionNote)\n"
        }
        return out
    }

    /// `capacity.csv`: one record per cluster size, raw numbers (bytes, seconds), limit flags 0/1.
    public func capacityCSV() -> String {
        var out = Escape.csvRecord([
            "namespaces", "workloads", "flows_per_second", "records_per_interval", "records_per_query_window",
            "rules_per_policy_median", "rules_per_policy_max", "staged_yaml_bytes_median", "staged_yaml_bytes_max",
            "tick_seconds_mean", "tick_seconds_p95", "tick_seconds_max", "peak_memory_bytes", "database_bytes_per_day",
            "tick_over_interval", "rules_over_max",
        ])
        for p in points {
            let exceeded = limits(p)
            func n(_ value: Double) -> String { Format.number(value, decimals: 6) }
            out += Escape.csvRecord([
                String(p.size.namespaces), String(p.size.workloads), n(p.size.flowsPerSecond), n(p.recordsPerInterval),
                n(p.recordsPerQueryWindow), n(p.rulesPerPolicy.median), n(p.rulesPerPolicy.max),
                n(p.stagedPolicyYAMLBytes.median), n(p.stagedPolicyYAMLBytes.max), n(p.engineTickSeconds.mean),
                n(p.engineTickSeconds.p95), n(p.engineTickSeconds.max), p.peakMemoryBytes.map(n) ?? "",
                n(p.databaseBytesPerDay),
                exceeded.contains(.tickLongerThanInterval) ? "1" : "0", exceeded.contains(.tooManyRules) ? "1" : "0",
            ])
        }
        return out
    }
}

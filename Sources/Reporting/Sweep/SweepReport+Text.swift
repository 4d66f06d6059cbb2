extension SweepReport {
    /// `summary.md`: the decision with its rule, the facts, the Pareto front and every grid point.
    public func markdown() -> String {
        var out = "# \(Escape.markdownCell(title))\n\n"
        out += "## Decision\n\n**\(recommendationSentence)**\n\n"
        out += explanations.map { "- \($0)\n" }.joined()
        if !data.recommendation.perNamespace.isEmpty {
            let table = namespaceTable
            out +=
                "\n### Per namespace (diagnostic)\n\n" + Markup.markdownTable(table.header, table.numeric, table.rows)
        }
        out += deliveryMarkdown()
        out +=
            "\n## Sweep\n\n"
            + Markup.markdownTable(["Field", "Value"], [false, false], facts.map { [$0.key, $0.value] })
        let pareto = paretoTable
        out += "\n## Pareto front\n\n"
        out +=
            pareto.rows.isEmpty
            ? "No setting reached Stable.\n" : Markup.markdownTable(pareto.header, pareto.numeric, pareto.rows)
        if let block = data.assumptions { out += block.markdown() }
        let points = pointsTable
        out += "\n## Grid points\n\n" + Markup.markdownTable(points.header, points.numeric, points.rows)
        return out
    }

    /// Setting columns shared by the CSVs: display strings and seconds (lookback empty when not swept).
    static let settingHeader = [
        "setting", "interval", "interval_s", "stabilization", "stabilization_s", "lookback", "lookback_s",
    ]

    static func settingFields(_ setting: SweepSetting) -> [String] {
        [
            setting.label, setting.interval.display, String(setting.interval.seconds),
            setting.stabilization.display, String(setting.stabilization.seconds),
            setting.lookback?.display ?? "", setting.lookback.map { String($0.seconds) } ?? "",
        ]
    }

    /// Seconds for CSV: empty when never (∞) or undefined.
    /// Seconds for CSV: `inf` when never reached (pandas and R read it as infinity), empty when undefined (no samples).
    static func seconds(_ value: Double) -> String {
        value.isNaN ? "" : value.isFinite ? Format.number(value, decimals: 0) : "inf"
    }

    static func ratio(_ value: Double) -> String { value.isFinite ? Format.number(value, decimals: 6) : "" }

    /// `points.csv`: one record per grid point with every figure; rates are fractions, times seconds.
    public func pointsCSV() -> String {
        var header =
            Self.settingHeader + [
                "seeds", "samples", "never_stable", "time_to_stable_p10_s",
                "time_to_stable_median_s", "time_to_stable_p90_s",
                "legit_flows", "false_deny_flows", "false_deny_rate",
            ]
        for rarity in data.rarities {
            header += [
                "legit_flows_\(rarity)", "false_deny_flows_\(rarity)", "false_deny_rate_\(rarity)",
                "false_deny_classes_\(rarity)",
            ]
        }
        header += [
            "missed_attacks", "missed_attack_classes", "rules_median", "egress_rules_median",
            "ingress_rules_median", "pareto", "recommended",
        ]
        if hasDelivery { header += ["delivery", "late_flows", "lost_flows"] }
        var out = Escape.csvRecord(header)
        let front = Set(self.front)
        for (index, point) in data.points.enumerated() {
            let stats = point.timeToStableStats
            var fields = Self.settingFields(point.setting)
            fields += [
                String(point.seeds), String(stats.samples), String(stats.neverStable), Self.seconds(stats.p10),
                Self.seconds(stats.median), Self.seconds(stats.p90),
                String(point.byRarity.map(\.legitFlows).reduce(0, +)),
                String(point.byRarity.map(\.falseDenyFlows).reduce(0, +)), Self.ratio(point.falseDenyRate),
            ]
            for rarity in data.rarities {
                let r = point.rarity(rarity)
                fields += [
                    String(r.legitFlows), String(r.falseDenyFlows), Self.ratio(r.rate), String(r.falseDenyClasses),
                ]
            }
            fields += [
                String(point.missedAttacks), String(point.missedAttackClasses),
                Self.ratio(Self.medianRules(point)),
                Self.ratio(SweepAnalysis.median(point.rules.map { Double($0.egress) })),
                Self.ratio(SweepAnalysis.median(point.rules.map { Double($0.ingress) })),
                front.contains(index) ? "1" : "0",
                point.setting.withoutDelivery == data.recommendation.overall?.setting.withoutDelivery ? "1" : "0",
            ]
            if hasDelivery {
                fields += [point.setting.delivery?.display ?? "", String(point.lateFlows), String(point.lostFlows)]
            }
            out += Escape.csvRecord(fields)
        }
        return out
    }

    /// `pareto.csv`: the front, fastest first.
    public func paretoCSV() -> String {
        var out = Escape.csvRecord(
            ["rank"] + Self.settingHeader + ["time_to_stable_median_s", "false_deny_rate", "missed_attacks"])
        for (rank, index) in front.enumerated() {
            let point = data.points[index]
            out += Escape.csvRecord(
                [String(rank + 1)] + Self.settingFields(point.setting)
                    + [
                        Self.seconds(point.timeToStableStats.median), Self.ratio(point.falseDenyRate),
                        String(point.missedAttacks),
                    ])
        }
        return out
    }

    /// `recommendation.csv`: the overall choice (`scope` = `overall`) then one record per namespace
    /// (`scope` = `namespace`); setting columns empty where nothing meets the bound.
    public func recommendationCSV() -> String {
        var out = Escape.csvRecord(
            ["scope", "namespace"] + Self.settingHeader
                + ["time_to_stable_median_s", "false_deny_rate", "false_deny_bounds"])
        func record(_ scope: String, _ namespace: String, _ choice: SweepChoice?) -> String {
            let setting =
                choice.map { Self.settingFields($0.setting) } ?? Array(repeating: "", count: Self.settingHeader.count)
            return Escape.csvRecord(
                [scope, namespace] + setting
                    + [
                        choice.map { Self.seconds($0.medianTimeToStable) } ?? "",
                        choice.map { Self.ratio($0.falseDenyRate) } ?? "", data.bounds.description,
                    ])
        }
        out += record("overall", "", data.recommendation.overall)
        for ns in data.recommendation.perNamespace { out += record("namespace", ns.namespace, ns.choice) }
        return out
    }
}

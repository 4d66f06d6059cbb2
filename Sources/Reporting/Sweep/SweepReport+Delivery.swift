/// The delivery section of a sweep over `--latency` / `--flush-interval` (issue 17): false denies against the
/// engine's settings for each delivery model, and the shortest safe setting for each.
extension SweepReport {
    var hasDelivery: Bool { !data.axes.delivery.isEmpty }

    /// The settings without their delivery model, in grid order.
    var baseSettings: [SweepSetting] {
        var out: [SweepSetting] = []
        for p in data.points where !out.contains(p.setting.withoutDelivery) { out.append(p.setting.withoutDelivery) }
        return out.sorted {
            ($0.interval, $0.stabilization, $0.lookback?.seconds ?? -1) < (
                $1.interval, $1.stabilization, $1.lookback?.seconds ?? -1
            )
        }
    }

    func point(_ base: SweepSetting, _ delivery: SettingValue) -> SweepPoint? {
        data.points.first { $0.setting.withoutDelivery == base && $0.setting.delivery == delivery }
    }

    /// One sentence per delivery model: the shortest setting that meets the bounds under it.
    var deliverySentences: [String] {
        data.recommendation.perDelivery.map { d in
            guard let choice = d.choice else { return "\(d.delivery.display): no setting meets the bounds." }
            return "\(d.delivery.display): \(choice.setting.withoutDelivery.longLabel) — median time to Stable "
                + "\(Format.duration(choice.medianTimeToStable)), false-deny rate \(Format.rate(choice.falseDenyRate))."
        }
    }

    var deliveryNote: String {
        "The log pipeline is a given, not a choice: the cluster-wide recommendation above is the shortest setting that "
            + "meets the bounds under every delivery model swept (each setting judged by its worst one). Late flows: "
            + "legit flows searchable only after the engine's steady lookback (2 × interval) had passed them, plus lost "
            + "ones, summed over seeds: traffic the engine could never learn from."
    }

    /// Rows: interval/stabilization; columns: delivery models; cells: false-deny rate and late flows.
    var deliveryTable: Table {
        let deliveries = data.axes.delivery
        let header = ["Setting"] + deliveries.map(\.display)
        let rows = baseSettings.map { base -> [String] in
            [base.label]
                + deliveries.map { d in
                    guard let p = point(base, d) else { return "–" }
                    let late = p.lateFlows + p.lostFlows
                    return Format.rate(p.falseDenyRate) + (late > 0 ? " (late \(Format.count(late)))" : "")
                }
        }
        return Table(header: header, numeric: [false] + deliveries.map { _ in true }, rows: rows)
    }

    /// Rows: every point; columns: rarities with figures; cells: late or lost flows and the median time to learn.
    var deliveryRarityTable: Table? {
        let rarities = data.rarities.filter { r in
            data.points.contains { $0.lateOrLostByRarity[r] != nil || $0.timeToLearnByRarity[r] != nil }
        }
        guard !rarities.isEmpty else { return nil }
        let rows = data.points.map { p -> [String] in
            [p.setting.label]
                + rarities.map { r in
                    let late = p.lateOrLostByRarity[r].map { Format.count($0) } ?? "–"
                    let learn = p.timeToLearnByRarity[r].map { Format.duration($0) } ?? "–"
                    return "\(late) · \(learn)"
                }
        }
        return Table(header: ["Setting"] + rarities, numeric: [false] + rarities.map { _ in true }, rows: rows)
    }

    static let rarityNote =
        "Per rarity: late or lost flows (summed over seeds) · median time from a legit class's first flow to the first flow its recommendation allowed (median over seeds); – where the run has no delivery model."

    func deliveryMarkdown() -> String {
        guard hasDelivery else { return "" }
        var out = "\n## Delivery: false denies against interval for each delivery model\n\n"
        out += deliverySentences.map { "- \($0)\n" }.joined()
        out += "\n" + deliveryNote + "\n\n"
        let t = deliveryTable
        out += Markup.markdownTable(t.header, t.numeric, t.rows)
        if let r = deliveryRarityTable {
            out += "\n" + Self.rarityNote + "\n\n" + Markup.markdownTable(r.header, r.numeric, r.rows)
        }
        return out
    }

    func deliveryHTML() -> String {
        guard hasDelivery else { return "" }
        let t = deliveryTable
        let bases = baseSettings
        let chart = BarChart(
            title: "False-deny rate per setting, one bar per delivery model",
            categories: bases.map(\.label),
            series: data.axes.delivery.enumerated().map { index, d in
                .init(
                    name: d.display, values: bases.map { (point($0, d)?.falseDenyRate ?? 0) * 100 },
                    color: Palette.color(index),
                    notes: bases.map { b in
                        point(b, d).map { "\(Format.count($0.lateFlows + $0.lostFlows)) late or lost flows" } ?? ""
                    })
            },
            yLabel: "false-deny rate (%)", width: max(720, 120 + 40 * Double(bases.count * data.axes.delivery.count)))
        return Markup.section(
            "delivery", "Delivery: false denies against interval for each delivery model",
            Markup.list(deliverySentences) + Markup.paragraph(deliveryNote, class: "note")
                + Markup.htmlTable(t.header, t.numeric, t.rows) + chart.svg()
                + (deliveryRarityTable.map {
                    Markup.paragraph(Self.rarityNote, class: "note") + Markup.htmlTable($0.header, $0.numeric, $0.rows)
                } ?? ""))
    }
}

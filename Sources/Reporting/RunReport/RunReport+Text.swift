extension RunReport {
    /// `summary.md`: the run, its settings and metrics, and the namespace table, in GitHub-flavoured Markdown.
    public func markdown() -> String {
        var out = "# \(Escape.markdownCell(title))\n\n"
        if let warning = incompleteWarning { out += "> **Warning:** \(warning)\n\n" }
        out += verdictMarkdown()
        out +=
            "## Run\n\n"
            + Markup.markdownTable(["Field", "Value"], [false, false], runFacts.map { [$0.key, $0.value] })
        if !data.run.settings.isEmpty {
            out += "\n## Settings\n\n"
            out += Markup.markdownTable(
                ["Setting", "Value"], [false, false], data.run.settings.map { [$0.key, $0.value] })
        }
        if let block = data.run.assumptions { out += block.markdown() }
        if let block = data.run.delivery { out += block.markdown() }
        if !data.run.metrics.isEmpty {
            out += "\n## Results\n\n"
            out += Markup.markdownTable(
                ["Result", "Value", "Stored as"], [false, true, false],
                data.run.metrics.map { [MetricGlossary.plainName($0.key), $0.value, $0.key] })
        }
        out += "\n## Namespaces\n\n"
        if data.namespaces.isEmpty {
            out += "No namespaces in scope.\n"
        } else {
            let table = namespaceTable
            out += Markup.markdownTable(table.header, table.numeric, table.rows)
            out +=
                "\nFD = false denies after Stable (legit flows denied by the staged policy, by the enforced one once enforced), by traffic rarity; \"Denied if enforced at Stable\" uses the version frozen at the first Stable moment (the verdict's measure).\n"
        }
        return out
    }

    /// `namespaces.csv`: one record per namespace; durations in seconds, empty when never reached.
    public func namespacesCSV() -> String {
        var header = [
            "namespace", "time_to_first_rule_s", "time_to_stable_s", "learning_resets", "renames",
            "egress_rules", "ingress_rules",
        ]
        header += data.rarities.map { "false_denies_\($0)" }
        header += [
            "false_denies_total", "false_denies_at_stable_total", "missed_attacks", "over_permissive", "coverage",
        ]
        var out = Escape.csvRecord(header)
        for ns in data.namespaces {
            var fields = [
                ns.namespace, ns.timeToFirstRule.map(String.init) ?? "", ns.timeToStable.map(String.init) ?? "",
                String(ns.learningResets), String(ns.renames), String(ns.egressRules), String(ns.ingressRules),
            ]
            fields += data.rarities.map { String(ns.falseDenies[$0] ?? 0) }
            fields += [
                String(ns.falseDeniesTotal), String(ns.falseDeniesAtStable.values.reduce(0, +)),
                String(ns.missedAttacks),
                String(ns.overPermissive),
                ns.coverage.map { Format.number($0, decimals: 4) } ?? "",
            ]
            out += Escape.csvRecord(fields)
        }
        return out
    }

    /// `timeline.csv`: every state/rule-count change of every namespace's recommendation.
    public func timelineCSV() -> String {
        var out = Escape.csvRecord(["namespace", "time", "offset_s", "state", "egress_rules", "ingress_rules"])
        for timeline in data.timelines {
            for point in timeline.points {
                out += Escape.csvRecord([
                    timeline.namespace, Format.utc(unixSeconds: point.time),
                    String(point.time - data.run.virtualStart), point.state.rawValue,
                    String(point.egressRules), String(point.ingressRules),
                ])
            }
        }
        return out
    }

    /// `false_denies.csv`: false denies per bucket and group (rarity or namespace); empty buckets omitted.
    public func falseDeniesCSV() -> String {
        let series = data.falseDenies
        var out = Escape.csvRecord([series.grouping.rawValue, "bucket_start", "offset_s", "false_denies"])
        for group in series.series {
            for bucket in group.buckets {
                out += Escape.csvRecord([
                    group.group, Format.utc(unixSeconds: bucket.start),
                    String(bucket.start - data.run.virtualStart), String(bucket.count),
                ])
            }
        }
        return out
    }
}

import CalicoModel
import Reporting
import ResultStore

/// Turns a stored run's rows into the report's data. The report is regenerated from the database alone.
public enum RunReportBuilder {
    public static func build(run: RunRow, recommendations: [RecommendationRow], outcomes: [OutcomeRow], metrics: [MetricRow],
                             bucketSeconds: Int64 = 3600) -> RunReportData {
        let start = run.info.virtualStart.unixSeconds
        var byNamespace: [String: [String: Double]] = [:]
        for m in metrics { byNamespace[m.namespace, default: [:]][m.name] = m.value }
        let overall = byNamespace[""] ?? [:]
        let namespaces = byNamespace.keys.filter { !$0.isEmpty }.sorted()

        let summaries = namespaces.map { ns -> NamespaceSummary in
            let m = byNamespace[ns] ?? [:]
            var falseDenies: [String: Int] = [:]
            for r in RunReportData.defaultRarities { falseDenies[r] = Int(m["falseDeny.\(r)"] ?? 0) }
            return NamespaceSummary(
                namespace: ns,
                timeToFirstRule: m["timeToFirstRule"].map { Int64($0) },
                timeToStable: m["timeToStable"].map { Int64($0) },
                learningResets: Int(m["learningResets"] ?? 0), renames: Int(m["renames"] ?? 0),
                egressRules: Int(m["rules.egress"] ?? 0), ingressRules: Int(m["rules.ingress"] ?? 0),
                falseDenies: falseDenies, missedAttacks: Int(m["missedAttacks"] ?? 0),
                overPermissive: Int(m["overPermissive"] ?? 0), coverage: m["coverageBeforeStable"])
        }

        let timelines = namespaces.map { ns in
            NamespaceTimeline(namespace: ns, points: timelinePoints(recommendations.filter { $0.namespace == ns }))
        }

        var buckets: [String: [Int64: Int]] = [:]
        for o in outcomes where o.truth == .legit {
            let denied: Bool
            switch o.phase {
            case ScoringPhase.afterStable.rawValue: denied = o.pendingVerdict == .deny
            case ScoringPhase.enforced.rawValue: denied = o.enforcedVerdict == .deny
            default: continue
            }
            guard denied else { continue }
            let b = o.bucketStart.unixSeconds - o.bucketStart.unixSeconds % bucketSeconds
            buckets[o.rarity.rawValue, default: [:]][b, default: 0] += o.flows
        }
        let series = (RunReportData.defaultRarities + buckets.keys.filter { !RunReportData.defaultRarities.contains($0) }.sorted())
            .compactMap { r -> FalseDenySeries.Series? in
                guard let b = buckets[r] else { return nil }
                return FalseDenySeries.Series(group: r, buckets: b.keys.sorted().map { FalseDenySeries.Bucket(start: $0, count: b[$0]!) })
            }

        let summary = RunSummary(
            runID: run.id, scenario: run.info.scenario, seed: run.info.seed, fingerprint: run.fingerprint,
            status: RunSummary.Status(rawValue: run.status.rawValue) ?? .incomplete,
            virtualStart: start, virtualEnd: run.info.virtualEnd.unixSeconds,
            settings: SettingsJSON.entries(run.info.settingsJSON).map { ReportEntry($0.0, $0.1) },
            metrics: headlineMetrics.compactMap { name in overall[name].map { ReportEntry(name, formatMetric(name, $0)) } })
        return RunReportData(run: summary, namespaces: summaries, timelines: timelines,
                             falseDenies: FalseDenySeries(grouping: .rarity, bucketSeconds: bucketSeconds, series: series))
    }

    /// Run-wide figures shown at the top of the report, in this order (every metric stays in the database).
    static let headlineMetrics = ["namespaces", "namespacesStable", "timeToStable.p50", "timeToStable.p95", "timeToStable.max",
                                  "falseDeny.total"] + RunReportData.defaultRarities.map { "falseDeny.\($0)" }
        + RunReportData.defaultRarities.map { "falseDenyAtStable.\($0)" }
        + ["missedAttacks", "overPermissive", "learningResets", "renames", "rules.egress", "rules.ingress",
           "legitFlows", "attackFlows", "flowLogRecords", "engineTicks"]

    /// The state of a recommendation after each stored version.
    static func timelinePoints(_ versions: [RecommendationRow]) -> [NamespaceTimeline.Point] {
        var points: [NamespaceTimeline.Point] = []
        var enforced = false
        for v in versions {
            if v.event == .userAction {
                if v.detail == "enforce" { enforced = true }
                if v.detail == "deleteEnforced" || v.detail == "reactivate" { enforced = false }
            }
            let state: PolicyState
            if v.event == .deleted { state = .none }
            else if enforced { state = .enforced }
            else {
                switch v.stagedAction {
                case .set: state = .set
                case .ignore: state = .ignore
                case .delete: state = .none
                case .learn:
                    switch v.status {
                    case .learning: state = .learning
                    case .stabilizing: state = .stabilizing
                    case .stable: state = .stable
                    }
                }
            }
            let p = NamespaceTimeline.Point(time: v.time.unixSeconds, state: state, egressRules: v.egressRules, ingressRules: v.ingressRules)
            if let last = points.last, last.state == p.state, last.egressRules == p.egressRules, last.ingressRules == p.ingressRules { continue }
            points.append(p)
        }
        return points
    }

    static func formatMetric(_ name: String, _ v: Double) -> String {
        if name.hasPrefix("timeToStable") || name.hasPrefix("timeToFirstRule") { return Format.duration(seconds: Int64(v)) }
        return v == v.rounded() ? String(Int64(v)) : Format.number(v, decimals: 3)
    }
}


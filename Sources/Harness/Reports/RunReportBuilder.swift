import CalicoModel
import Reporting
import ResultStore
import Simulation

/// Turns a stored run's rows into the report's data. The report is regenerated from the database alone.
public enum RunReportBuilder {
    public static func build(
        run: RunRow, recommendations: [RecommendationRow], outcomes: [OutcomeRow], metrics: [MetricRow],
        classVerdicts: [ClassVerdictRow] = [], faults: [FaultRow] = [], bucketSeconds: Int64 = 3600
    ) -> RunReportData {
        let start = run.info.virtualStart.unixSeconds
        var byNamespace: [String: [String: Double]] = [:]
        for m in metrics { byNamespace[m.namespace, default: [:]][m.name] = m.value }
        let overall = byNamespace[""] ?? [:]
        let namespaces = byNamespace.keys.filter { !$0.isEmpty }.sorted()

        let summaries = namespaces.map { ns -> NamespaceSummary in
            let m = byNamespace[ns] ?? [:]
            var falseDenies: [String: Int] = [:], atStable: [String: Int] = [:]
            for r in RunReportData.defaultRarities {
                falseDenies[r] = Int(m["falseDeny.\(r)"] ?? 0)
                atStable[r] = Int(m["falseDenyAtStable.\(r)"] ?? 0)
            }
            return NamespaceSummary(
                namespace: ns,
                timeToFirstRule: m["timeToFirstRule"].map { Int64($0) },
                timeToStable: m["timeToStable"].map { Int64($0) },
                learningResets: Int(m["learningResets"] ?? 0), renames: Int(m["renames"] ?? 0),
                egressRules: Int(m["rules.egress"] ?? 0), ingressRules: Int(m["rules.ingress"] ?? 0),
                falseDenies: falseDenies, falseDeniesAtStable: atStable, missedAttacks: Int(m["missedAttacks"] ?? 0),
                overPermissive: Int(m["overPermissive"] ?? 0), coverage: m["coverageBeforeStable"])
        }

        let timelines = namespaces.map { ns in
            NamespaceTimeline(namespace: ns, points: timelinePoints(recommendations.filter { $0.namespace == ns }))
        }

        let denied = buckets(outcomes, bucketSeconds: bucketSeconds, group: \.rarity.rawValue) {
            $0.truth == .legit && verdictAfterStable($0) == .deny
        }
        let series = Self.series(
            denied,
            order: RunReportData.defaultRarities
                + denied.keys.filter { !RunReportData.defaultRarities.contains($0) }.sorted())
        let allowedAttacks = buckets(outcomes, bucketSeconds: bucketSeconds, group: \.namespace) {
            $0.truth == .attack && verdictAfterStable($0) == .allow
        }
        let missed: FalseDenySeries? =
            outcomes.contains { $0.truth == .attack }
            ? FalseDenySeries(
                grouping: .namespace, bucketSeconds: bucketSeconds,
                series: Self.series(allowedAttacks, order: allowedAttacks.keys.sorted())) : nil

        var latest: [String: RecommendationRow] = [:]
        for r in recommendations { latest[r.namespace] = r }
        let policies = namespaces.compactMap { ns -> PolicyText? in
            guard let r = latest[ns], r.event != .deleted, !r.yaml.isEmpty else { return nil }
            return PolicyText(namespace: ns, name: r.name, yaml: r.yaml)
        }

        var summary = RunSummary(
            runID: run.id, scenario: run.info.scenario, seed: run.info.seed, fingerprint: run.fingerprint,
            status: RunSummary.Status(rawValue: run.status.rawValue) ?? .incomplete,
            virtualStart: start, virtualEnd: run.info.virtualEnd.unixSeconds,
            settings: run.info.settings.entries.map { ReportEntry($0.name, $0.value) },
            metrics: headlineMetrics.compactMap { name in
                overall[name].map { ReportEntry(name, formatMetric(name, $0)) }
            },
            assumptions: ReportAssumptions.block(run.info.settings))
        summary.delivery = deliveryBlock(run.info.settings, overall: overall, faults: faults, start: start)
        return RunReportData(
            run: summary, namespaces: summaries, timelines: timelines,
            falseDenies: FalseDenySeries(grouping: .rarity, bucketSeconds: bucketSeconds, series: series),
            classFindings: findings(classVerdicts, start: start), missedAttacks: missed, policies: policies)
    }

    /// The delivery model and faults of a run; the per-rarity figures only when the run reported them.
    static func deliveryBlock(
        _ settings: RunSettings, overall: [String: Double], faults: [FaultRow], start: Int64
    ) -> DeliveryBlock {
        var block = DeliveryBlock(
            delivery: settings.flowLogs.deliveryDescription, faults: settings.faults ?? "none",
            faultLog: faults.prefix(DeliveryBlock.faultLogLimit).map {
                [Format.duration(seconds: $0.time.unixSeconds - start), $0.kind, $0.namespace, $0.detail]
            }, faultCount: faults.count)
        if overall["deliveryLostFlows.steady"] != nil {
            block.byRarity = RunReportData.defaultRarities.map { r in
                [
                    r, Format.count(Int(overall["deliveryLostFlows.\(r)"] ?? 0)),
                    Format.count(Int(overall["deliveryLateFlows.\(r)"] ?? 0)),
                    Format.count(Int(overall["deliveryFalseDenyAtStable.\(r)"] ?? 0)),
                    overall["timeToLearn.p50.\(r)"].map { Format.duration(seconds: Int64($0)) } ?? "–",
                    overall["timeToLearn.max.\(r)"].map { Format.duration(seconds: Int64($0)) } ?? "–",
                    Format.count(Int(overall["unlearnedClasses.\(r)"] ?? 0)),
                ]
            }
        }
        return block
    }

    /// Class verdicts as findings, the two reporters of one connection merged (flows add up, as in the metrics; the
    /// earliest first times; learned only when learned at both ends, at the later time).
    static func findings(_ rows: [ClassVerdictRow], start: Int64) -> [ClassFinding] {
        var order: [String] = []
        var merged: [String: ClassFinding] = [:]
        func offset(_ t: SimInstant?) -> Int64? { t.map { $0.unixSeconds - start } }
        func earliest(_ a: Int64?, _ b: Int64?) -> Int64? { [a, b].compactMap { $0 }.min() }
        for row in rows {
            let parts = row.flowClass.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let (source, destination, port) =
                parts.count == 5
                ? (parts[1], parts[2], parts[4] == "-" ? parts[3] : "\(parts[3])/\(parts[4])")
                : (row.flowClass, "", "")
            let key = [row.namespace, source, destination, port, row.patternID].joined(separator: "\u{0}")
            var f = ClassFinding(
                namespace: row.namespace, source: source, destination: destination, port: port,
                rarity: row.rarity.rawValue, patternID: row.patternID, isAttack: row.truth == .attack,
                atStableDeniedFlows: row.atStableDeniedFlows, atStableFirstDenied: offset(row.atStableFirstDenied),
                afterStableDeniedFlows: row.afterStableDeniedFlows, learnedAt: offset(row.learnedAt),
                missedFlows: row.missedFlows, firstMissed: offset(row.firstMissed))
            if let other = merged[key] {
                let learned: Int64?
                switch (other.afterStableDeniedFlows > 0, f.afterStableDeniedFlows > 0) {
                case (true, true):
                    learned = (other.learnedAt == nil || f.learnedAt == nil) ? nil : max(other.learnedAt!, f.learnedAt!)
                case (true, false): learned = other.learnedAt
                default: learned = f.learnedAt
                }
                f.atStableDeniedFlows += other.atStableDeniedFlows
                f.atStableFirstDenied = earliest(f.atStableFirstDenied, other.atStableFirstDenied)
                f.afterStableDeniedFlows += other.afterStableDeniedFlows
                f.learnedAt = learned
                f.missedFlows += other.missedFlows
                f.firstMissed = earliest(f.firstMissed, other.firstMissed)
            } else {
                order.append(key)
            }
            merged[key] = f
        }
        return order.map { merged[$0]! }
    }

    /// The verdict that counts for an outcome after Stable: the staged one, or the enforced one once enforced; nil
    /// while learning.
    static func verdictAfterStable(_ o: OutcomeRow) -> FlowAction? {
        switch o.phase {
        case ScoringPhase.afterStable.rawValue: o.pendingVerdict
        case ScoringPhase.enforced.rawValue: o.enforcedVerdict
        default: nil
        }
    }

    /// Flows per group and time bucket of the outcomes that `counts`.
    static func buckets(
        _ outcomes: [OutcomeRow], bucketSeconds: Int64, group: (OutcomeRow) -> String, counts: (OutcomeRow) -> Bool
    ) -> [String: [Int64: Int]] {
        var out: [String: [Int64: Int]] = [:]
        for o in outcomes where counts(o) {
            out[group(o), default: [:]][
                o.bucketStart.unixSeconds - o.bucketStart.unixSeconds % bucketSeconds, default: 0] +=
                o.flows
        }
        return out
    }

    /// One series per group present, in `order`, buckets by time.
    static func series(_ buckets: [String: [Int64: Int]], order: [String]) -> [FalseDenySeries.Series] {
        order.compactMap { group in
            buckets[group].map { b in
                FalseDenySeries.Series(
                    group: group, buckets: b.keys.sorted().map { FalseDenySeries.Bucket(start: $0, count: b[$0]!) })
            }
        }
    }

    /// Run-wide figures shown at the top of the report, in this order (every metric stays in the database).
    static let headlineMetrics =
        [
            "namespaces", "namespacesStable", "timeToStable.p50", "timeToStable.p95", "timeToStable.max",
            "falseDeny.total",
        ] + RunReportData.defaultRarities.map { "falseDeny.\($0)" }
        + RunReportData.defaultRarities.map { "falseDenyAtStable.\($0)" }
        + [
            "missedAttacks", "overPermissive", "learningResets", "renames", "rules.egress", "rules.ingress",
            "legitFlows", "attackFlows", "flowLogRecords", "engineTicks",
        ]

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
            if v.event == .deleted {
                state = .none
            } else if enforced {
                state = .enforced
            } else {
                switch v.stagedAction {
                case .set: state = .set
                case .ignore: state = .ignore
                case .delete: state = .none
                case .learn:
                    switch v.status {
                    case .learning: state = .learning
                    case .stabilizing: state = .stabilizing
                    case .stable: state = .stable
                    case .noData, .stale: state = .learning  // defined by the API, never produced by the engine
                    }
                }
            }
            let p = NamespaceTimeline.Point(
                time: v.time.unixSeconds, state: state, egressRules: v.egressRules, ingressRules: v.ingressRules)
            if let last = points.last, last.state == p.state, last.egressRules == p.egressRules,
                last.ingressRules == p.ingressRules
            {
                continue
            }
            points.append(p)
        }
        return points
    }

    static func formatMetric(_ name: String, _ v: Double) -> String {
        if name.hasPrefix("timeToStable") || name.hasPrefix("timeToFirstRule") {
            return Format.duration(seconds: Int64(v))
        }
        return v == v.rounded() ? String(Int64(v)) : Format.number(v, decimals: 3)
    }
}

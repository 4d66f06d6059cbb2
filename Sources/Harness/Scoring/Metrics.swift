import Scenario
import Simulation

/// A named per-namespace (or overall, namespace "") figure of a run.
public struct Metric: Sendable, Hashable, Comparable {
    public var namespace: String
    public var name: String
    public var value: Double
    public init(namespace: String, name: String, value: Double) {
        self.namespace = namespace; self.name = name; self.value = value
    }
    public static func < (a: Metric, b: Metric) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }
}

extension Scorer {
    /// The run's metrics: per namespace, plus overall sums and percentiles (namespace "").
    ///
    /// Names: `timeToFirstRule`, `timeToStable` (seconds; absent when never reached), `learningResets`, `renames`,
    /// `rules.egress`, `rules.ingress`, `falseDeny.<rarity>` (flows), `falseDenyClasses.<rarity>`,
    /// `falseDenyAtStable.<rarity>`, `falseDenyAtStableClasses.<rarity>`, `legitFlows.<rarity>`, `falseDeny.total`, `missedAttacks`,
    /// `missedAttackClasses`, `coverageBeforeStable` (0…1), `legitFlows`, `attackFlows`, `overPermissive` (allowed (workload, peer, port) tuples no legit traffic used; added by the runner); overall adds
    /// `timeToStable.p50/p95/max`, `namespaces`, `namespacesStable`.
    public func metrics(timelines: [RecommendationLifecycle], start: SimInstant) -> [Metric] {
        var out: [Metric] = []
        var overall: [String: Double] = [:]
        var stableTimes: [Double] = []
        let scores = self.scores  // materialised once
        for t in timelines.sorted(by: { $0.namespace < $1.namespace }) {
            let ns = t.namespace
            func add(_ name: String, _ v: Double, sum: Bool = true) {
                out.append(Metric(namespace: ns, name: name, value: v))
                if sum { overall[name, default: 0] += v }
            }
            if let f = t.firstRuleAt { add("timeToFirstRule", Double((f - start).seconds), sum: false) }
            if let s = t.firstStableAt {
                let v = Double((s - start).seconds)
                add("timeToStable", v, sum: false)
                stableTimes.append(v)
            }
            add("learningResets", Double(t.learningResets))
            add("renames", Double(t.renames))
            add("rules.egress", Double(t.egressRules))
            add("rules.ingress", Double(t.ingressRules))
            let s = scores[ns] ?? NamespaceScore()
            var total = 0
            for r in MetricCatalog.rarities {
                let fd = s.falseDeny[r] ?? Tally(), at = s.falseDenyIfEnforcedAtStable[r] ?? Tally()
                add("falseDeny.\(r)", Double(fd.flows)); add("falseDenyClasses.\(r)", Double(fd.classes.count))
                add("falseDenyAtStable.\(r)", Double(at.flows));
                add("falseDenyAtStableClasses.\(r)", Double(at.classes.count))
                add("legitFlows.\(r)", Double(s.legitFlowsByRarity[r] ?? 0))
                total += fd.flows
            }
            add("falseDeny.total", Double(total))
            add("missedAttacks", Double(s.missedAttacks.flows));
            add("missedAttackClasses", Double(s.missedAttacks.classes.count))
            add("legitFlows", Double(s.legitFlows)); add("attackFlows", Double(s.attacks.flows))
            let coverage =
                s.legitClasses.isEmpty ? 1 : Double(s.legitClassesBeforeStable.count) / Double(s.legitClasses.count)
            add("coverageBeforeStable", coverage, sum: false)
        }
        for (name, v) in overall { out.append(Metric(namespace: "", name: name, value: v)) }
        out.append(Metric(namespace: "", name: "namespaces", value: Double(timelines.count)))
        out.append(Metric(namespace: "", name: "namespacesStable", value: Double(stableTimes.count)))
        if !stableTimes.isEmpty {
            let sorted = stableTimes.sorted()
            out.append(Metric(namespace: "", name: "timeToStable.p50", value: percentile(sorted, 0.5)))
            out.append(Metric(namespace: "", name: "timeToStable.p95", value: percentile(sorted, 0.95)))
            out.append(Metric(namespace: "", name: "timeToStable.max", value: sorted.last!))
        }
        return out.sorted()
    }
}

/// Nearest-rank percentile of sorted values.
public func percentile(_ sorted: [Double], _ p: Double) -> Double {
    precondition(!sorted.isEmpty, "percentile of an empty list")
    let rank = Int((p * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}

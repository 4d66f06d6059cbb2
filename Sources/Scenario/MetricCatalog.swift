/// The metric names a run reports (`Scorer.metrics` and `RunSession.finish`), for checking bounds before any run.
/// A test runs a scenario and checks that this list and the reported names agree.
public enum MetricCatalog {
    /// Rarity classes in report order (every class of traffic a legit pattern can have).
    public static let rarities = Rarity.allCases.filter { $0 != .attack }.map(\.rawValue)

    /// Names reported for each namespace.
    public static let perNamespace: [String] = {
        var names = ["timeToFirstRule", "timeToStable", "learningResets", "renames", "rules.egress", "rules.ingress"]
        for r in MetricCatalog.rarities {
            names += [
                "falseDeny.\(r)", "falseDenyClasses.\(r)", "falseDenyAtStable.\(r)", "falseDenyAtStableClasses.\(r)",
                "legitFlows.\(r)",
            ]
        }
        return names + [
            "falseDeny.total", "missedAttacks", "missedAttackClasses", "coverageBeforeStable", "legitFlows",
            "attackFlows",
            "overPermissive",
        ]
    }()

    /// Names reported for the whole run (namespace ""): the sums plus run-level figures.
    public static let overall: [String] = {
        let notSummed: Set = ["timeToFirstRule", "timeToStable", "coverageBeforeStable"]
        return perNamespace.filter { !notSummed.contains($0) }
            + [
                "namespaces", "namespacesStable", "timeToStable.p50", "timeToStable.p95", "timeToStable.max",
                "flowLogRecords", "engineTicks",
            ]
    }()

    /// Names reported for the whole run only when it has a delivery model or engine faults (issue 17): flows the
    /// engine's steady query never saw (lost, or searchable too late), how long legit classes took from their first
    /// flow to being allowed by the recommendation, and the faults by kind.
    public static let delivery: [String] = {
        var names: [String] = []
        for r in Rarity.allCases.map(\.rawValue) { names += ["deliveryLostFlows.\(r)", "deliveryLateFlows.\(r)"] }
        for r in MetricCatalog.rarities {
            names += [
                "timeToLearn.p50.\(r)", "timeToLearn.max.\(r)", "unlearnedClasses.\(r)",
                "deliveryFalseDenyAtStable.\(r)",
            ]
        }
        return names + Fault.Kind.allCases.map { "faults.\($0.rawValue)" }
    }()
}

/// Plain names for the stored metric names (`falseDeny.steady` → "False denies after Stable, steady"), so reports
/// speak the reader's language while the stored name stays one hover (HTML) or one column (Markdown) away.
public enum MetricGlossary {
    /// The plain name of a stored metric name; unknown names are returned as they are.
    public static func plainName(_ stored: String) -> String {
        if let exact = exact[stored] { return exact }
        for (prefix, plain) in prefixed where stored.hasPrefix(prefix + ".") {
            return plain + ", " + stored.dropFirst(prefix.count + 1)
        }
        return stored
    }

    static let exact: [String: String] = [
        "namespaces": "Namespaces in scope",
        "namespacesStable": "Namespaces that became Stable",
        "timeToStable.p50": "Time to Stable, median",
        "timeToStable.p95": "Time to Stable, 95th percentile",
        "timeToStable.max": "Time to Stable, longest",
        "timeToStable": "Time to Stable",
        "timeToFirstRule": "Time to the first rule",
        "falseDeny.total": "False denies after Stable, all rarities",
        "missedAttacks": "Attack flows allowed",
        "missedAttackClasses": "Attack classes allowed",
        "overPermissive": "Allowed tuples no legit traffic used",
        "learningResets": "Returns to Learning after Stabilizing or Stable",
        "renames": "Policy renames",
        "rules.egress": "Egress rules (final version)",
        "rules.ingress": "Ingress rules (final version)",
        "legitFlows": "Legitimate flows",
        "attackFlows": "Attack flows",
        "flowLogRecords": "Flow-log records",
        "engineTicks": "Engine ticks",
        "coverageBeforeStable": "Legit classes seen before Stable",
    ]

    /// Metric families ending in `.<rarity>`; longer prefixes first.
    static let prefixed: [(String, String)] = [
        ("falseDenyAtStableClasses", "Classes denied if enforced at Stable"),
        ("falseDenyAtStable", "Denied if enforced at Stable"),
        ("falseDenyClasses", "Classes denied after Stable"),
        ("falseDeny", "False denies after Stable"),
        ("legitFlows", "Legitimate flows"),
    ]
}

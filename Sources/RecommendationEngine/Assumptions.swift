/// The behaviours of the engine model that `SPEC.md` marks inferred ([I]), that go beyond SPEC, or that differ
/// between engine versions, each with a stable id, its default (what the engine's code does, as far as SPEC
/// can tell) and its alternative(s). `Assumptions.registry` lists them; `Assumptions` holds one value of each.
///
/// Every answer recsim gives rests on the values in force; runs store the ones that differ from the default,
/// and reports print them all.
public enum AssumptionID: String, CaseIterable, Sendable, Hashable, Comparable {
    case queryFallback = "query-fallback"
    case globalNetworkSetKey = "global-networkset-key"
    case serviceRulePorts = "service-rule-ports"
    case portlessFlows = "portless-flows"
    case domainTerms = "domain-terms"
    case queryTimeField = "query-time-field"
    case statusRenames = "status-renames"
    case removeNamespaceRules = "remove-namespace-rules"
    case defaults = "defaults"
    case maxRules = "max-rules"
    case learningCutOff = "learning-cut-off"

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One entry of the registry.
public struct AssumptionInfo: Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        public var name: String
        public var meaning: String
    }
    public var id: AssumptionID
    /// One line: what is assumed.
    public var summary: String
    /// Where SPEC speaks of it (`§2.4`), or what it extends.
    public var spec: String
    /// How SPEC knows it: `[I]` (inferred), `beyond SPEC`, or `[V]/[D]` when sources disagree.
    public var tag: String
    /// The default first, then the alternatives.
    public var values: [Value]
    public var defaultValue: String { values[0].name }
    public var alternatives: [String] { values.dropFirst().map(\.name) }
}

/// A value of every assumption. `Assumptions()` is the engine's code as SPEC describes it.
public struct Assumptions: Hashable, Sendable {
    /// `query-fallback` (SPEC §2.4 [I]): when the enforced-trace query runs.
    public enum QueryFallback: String, CaseIterable, Sendable {
        /// Only when the pending-trace query returned no flows for the namespace window.
        case whenPendingEmpty = "when-pending-empty"
        /// Every flow with a `__PROFILE__` allow in either trace ("all unprotected flows").
        case allUnprotected = "all-unprotected"
    }
    /// `global-networkset-key` (SPEC §2.14 #2 [I]).
    public enum GlobalNetworkSetKey: String, CaseIterable, Sendable {
        /// Flows key a GlobalNetworkSet with namespace `-`, rebuilt rules with `""`: a duplicate rule appears.
        case mismatch
        /// Both use `""`: one rule.
        case fixed
    }
    /// `service-rule-ports` (beyond SPEC: §2.7's rule shape against Calico's validator).
    public enum ServiceRulePorts: String, CaseIterable, Sendable {
        /// The datastore rejects `destination.services` with `destination.ports`: such a policy is never written.
        case rejected
        /// The write succeeds.
        case accepted
    }
    /// `portless-flows` (beyond SPEC: §2.5 step 4 and §5.3).
    public enum PortlessFlows: String, CaseIterable, Sendable {
        /// Linseed's L3 aggregation has no bucket for a missing `dest_port`: ICMP and similar flows never arrive.
        case dropped
        /// They arrive with no port.
        case kept
    }
    /// `domain-terms` (beyond SPEC: §2.4, §5.3).
    public enum DomainTerms: String, CaseIterable, Sendable {
        /// `dest_domains` of an L3 flow is a terms aggregation of Elasticsearch's default size 10.
        case ten = "10"
        /// Every domain is returned.
        case unlimited
    }
    /// `query-time-field` (beyond SPEC: §2.4 gives the range, not the field).
    public enum QueryTimeField: String, CaseIterable, Sendable {
        case endTime = "end_time"
        case startTime = "start_time"
    }
    /// `status-renames` (SPEC §2.9: the 2024+ engine [V]; the pre-2024 engine differs).
    public enum StatusRenames: String, CaseIterable, Sendable {
        /// A new name suffix on each transition to `Stabilizing` and to `Stable`.
        case stabilizingAndStable = "stabilizing-and-stable"
        /// Only on the transition to `Stable` (pre-2024 engine).
        case stableOnly = "stable-only"
    }
    /// `remove-namespace-rules` (SPEC §2.14 #1 [I]).
    public enum RemoveNamespaceRules: String, CaseIterable, Sendable {
        /// Rules of other recommendations that name a deleted namespace stay.
        case kept
        /// They are removed, as the engine's `RemoveNamespace` intends.
        case removed
    }
    /// `defaults` (SPEC §1.4: the 2024+ engine's constants [V] against the docs [D]).
    public enum Defaults: String, CaseIterable, Sendable {
        /// 10m / 24h / 5m.
        case engine
        /// 150s / 24h / 10m.
        case docs
    }
    /// `max-rules` (SPEC §2.11 [I]: documented, implemented by no visible engine).
    public enum MaxRules: String, CaseIterable, Sendable {
        case ignored
        /// Above `maxRules` egress rules, Domains rules are contracted into a `<ns>-egress-domains` NetworkSet.
        case contractDomains = "contract-domains"
    }
    /// `learning-cut-off` (SPEC §2.11 [I]).
    public enum LearningCutOff: String, CaseIterable, Sendable {
        case ignored
        /// No new recommendation while `policiesLearningCutOff` are in `Learn`.
        case enforced
    }

    public var queryFallback: QueryFallback = .whenPendingEmpty
    public var globalNetworkSetKey: GlobalNetworkSetKey = .mismatch
    public var serviceRulePorts: ServiceRulePorts = .rejected
    public var portlessFlows: PortlessFlows = .dropped
    public var domainTerms: DomainTerms = .ten
    public var queryTimeField: QueryTimeField = .endTime
    public var statusRenames: StatusRenames = .stabilizingAndStable
    public var removeNamespaceRules: RemoveNamespaceRules = .kept
    public var defaults: Defaults = .engine
    public var maxRules: MaxRules = .ignored
    public var learningCutOff: LearningCutOff = .ignored

    public init() {}

    /// The defaults with the given values set.
    public init(_ values: [AssumptionID: String]) throws(AssumptionError) {
        for id in values.keys.sorted() { try set(id, to: values[id]!) }
    }

    /// The value of one assumption, as written on the command line.
    public func value(of id: AssumptionID) -> String {
        switch id {
        case .queryFallback: queryFallback.rawValue
        case .globalNetworkSetKey: globalNetworkSetKey.rawValue
        case .serviceRulePorts: serviceRulePorts.rawValue
        case .portlessFlows: portlessFlows.rawValue
        case .domainTerms: domainTerms.rawValue
        case .queryTimeField: queryTimeField.rawValue
        case .statusRenames: statusRenames.rawValue
        case .removeNamespaceRules: removeNamespaceRules.rawValue
        case .defaults: defaults.rawValue
        case .maxRules: maxRules.rawValue
        case .learningCutOff: learningCutOff.rawValue
        }
    }

    /// Sets one assumption from its text; an unknown value is an error listing the accepted ones.
    public mutating func set(_ id: AssumptionID, to text: String) throws(AssumptionError) {
        func parse<T: RawRepresentable & CaseIterable>(_: T.Type) throws(AssumptionError) -> T
        where T.RawValue == String {
            guard let v = T(rawValue: text) else {
                throw AssumptionError(
                    "assumption \(id.rawValue) has no value \"\(text)\"; expected one of: "
                        + T.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return v
        }
        switch id {
        case .queryFallback: queryFallback = try parse(QueryFallback.self)
        case .globalNetworkSetKey: globalNetworkSetKey = try parse(GlobalNetworkSetKey.self)
        case .serviceRulePorts: serviceRulePorts = try parse(ServiceRulePorts.self)
        case .portlessFlows: portlessFlows = try parse(PortlessFlows.self)
        case .domainTerms: domainTerms = try parse(DomainTerms.self)
        case .queryTimeField: queryTimeField = try parse(QueryTimeField.self)
        case .statusRenames: statusRenames = try parse(StatusRenames.self)
        case .removeNamespaceRules: removeNamespaceRules = try parse(RemoveNamespaceRules.self)
        case .defaults: defaults = try parse(Defaults.self)
        case .maxRules: maxRules = try parse(MaxRules.self)
        case .learningCutOff: learningCutOff = try parse(LearningCutOff.self)
        }
    }

    /// Applies `ID=VALUE` text (the `--assume` form).
    public mutating func apply(_ assignment: String) throws(AssumptionError) {
        guard let eq = assignment.firstIndex(of: "=") else {
            throw AssumptionError("expected ID=VALUE, got \"\(assignment)\" (see `recsim assumptions`)")
        }
        let name = String(assignment[..<eq]), value = String(assignment[assignment.index(after: eq)...])
        guard let id = AssumptionID(rawValue: name) else {
            throw AssumptionError(
                "unknown assumption \"\(name)\"; known: "
                    + AssumptionID.allCases.map(\.rawValue).joined(separator: ", "))
        }
        try set(id, to: value)
    }

    /// The assumptions whose value is not the default, in registry order.
    public var changed: [AssumptionID] {
        let base = Assumptions()
        return AssumptionID.allCases.filter { value(of: $0) != base.value(of: $0) }
    }

    /// `id=value` for each changed assumption, comma-separated; `""` when all are defaults.
    public var label: String { changed.map { "\($0.rawValue)=\(value(of: $0))" }.joined(separator: ",") }

    /// The fallback values for absent scope fields that `defaults` selects.
    public var engineDefaults: EngineDefaults { defaults == .docs ? .docs : .engine }

    /// The registry: every assumption, in a fixed order.
    public static var registry: [AssumptionInfo] { AssumptionID.allCases.map(info) }

    /// The registry entry of one assumption.
    public static func info(_ id: AssumptionID) -> AssumptionInfo {
        typealias V = AssumptionInfo.Value
        switch id {
        case .queryFallback:
            return AssumptionInfo(
                id: id,
                summary: "the enforced-trace flow query runs only when the pending-trace query returned nothing",
                spec: "§2.4", tag: "[I]",
                values: [
                    V(name: "when-pending-empty", meaning: "fallback only on an empty pending result (SPEC's reading)"),
                    V(name: "all-unprotected", meaning: "every flow with a __PROFILE__ allow in either trace"),
                ])
        case .globalNetworkSetKey:
            return AssumptionInfo(
                id: id, summary: "GlobalNetworkSet flows key namespace \"-\", rebuilt rules \"\": rules duplicate",
                spec: "§2.14 #2", tag: "[I]",
                values: [
                    V(name: "mismatch", meaning: "keys differ: a second rule while traffic continues, no Stable"),
                    V(name: "fixed", meaning: "both keys use \"\": one rule"),
                ])
        case .serviceRulePorts:
            return AssumptionInfo(
                id: id, summary: "the datastore rejects a Service rule with destination ports",
                spec: "§2.7 rule shape vs Calico's validator", tag: "beyond SPEC",
                values: [
                    V(name: "rejected", meaning: "a recommendation with a Service rule is never stored"),
                    V(name: "accepted", meaning: "the write succeeds"),
                ])
        case .portlessFlows:
            return AssumptionInfo(
                id: id, summary: "flows without a destination port (ICMP) never reach the engine",
                spec: "§2.5 step 4, §5.3", tag: "beyond SPEC",
                values: [
                    V(name: "dropped", meaning: "Linseed's L3 aggregation has no bucket for a missing dest_port"),
                    V(name: "kept", meaning: "they arrive with no port and make port-less rules"),
                ])
        case .domainTerms:
            return AssumptionInfo(
                id: id, summary: "an L3 flow's dest_domains are capped at 10 terms (Elasticsearch's default size)",
                spec: "§2.4, §5.3", tag: "beyond SPEC",
                values: [
                    V(name: "10", meaning: "the 10 most frequent domains, ties by name"),
                    V(name: "unlimited", meaning: "every domain"),
                ])
        case .queryTimeField:
            return AssumptionInfo(
                id: id, summary: "the flow query's time range filters on end_time", spec: "§2.4",
                tag: "beyond SPEC",
                values: [
                    V(name: "end_time", meaning: "a flush is seen when its end_time is in (now - lookback, now]"),
                    V(name: "start_time", meaning: "… when its start_time is in the range"),
                ])
        case .statusRenames:
            return AssumptionInfo(
                id: id, summary: "the name suffix is redrawn on the transitions to Stabilizing and to Stable",
                spec: "§2.9", tag: "[V] 2024+ engine; the pre-2024 engine differs",
                values: [
                    V(name: "stabilizing-and-stable", meaning: "two renames (delete + create) per stabilization"),
                    V(name: "stable-only", meaning: "one rename, on Stable (pre-2024 engine)"),
                ])
        case .removeNamespaceRules:
            return AssumptionInfo(
                id: id, summary: "rules naming a deleted namespace stay in other recommendations",
                spec: "§2.14 #1", tag: "[I]",
                values: [
                    V(name: "kept", meaning: "RemoveNamespace compares the bare name with the generated selector"),
                    V(name: "removed", meaning: "they are removed, as RemoveNamespace intends"),
                ])
        case .defaults:
            return AssumptionInfo(
                id: id, summary: "absent scope durations take the 2024+ engine's constants, not the docs' values",
                spec: "§1.4", tag: "[V] engine vs [D] docs",
                values: [
                    V(name: "engine", meaning: "interval 10m, initialLookback 24h, stabilizationPeriod 5m"),
                    V(name: "docs", meaning: "interval 150s, initialLookback 24h, stabilizationPeriod 10m"),
                ])
        case .maxRules:
            return AssumptionInfo(
                id: id, summary: "spec.maxRules is not read by the engine", spec: "§2.11", tag: "[I]",
                values: [
                    V(name: "ignored", meaning: "as in every visible engine version"),
                    V(name: "contract-domains", meaning: "above maxRules, Domains rules go to <ns>-egress-domains"),
                ])
        case .learningCutOff:
            return AssumptionInfo(
                id: id, summary: "spec.policiesLearningCutOff is not read by the engine", spec: "§2.11",
                tag: "[I]",
                values: [
                    V(name: "ignored", meaning: "as in every visible engine version"),
                    V(name: "enforced", meaning: "no new recommendation while that many are in Learn"),
                ])
        }
    }
}

/// An `--assume` or `assume:` value that names no assumption or value.
public struct AssumptionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Assumption values given on the command line (`--assume ID=VALUE`), applied over a scenario's own
/// (`assume:`) one by one. Every value is checked when it is added.
public struct AssumptionOverrides: Hashable, Sendable {
    /// The checked values, by assumption.
    public private(set) var values: [AssumptionID: String] = [:]

    public init() {}

    /// Reads `ID=VALUE` assignments; a later one for the same id wins.
    public init(parsing assignments: [String]) throws(AssumptionError) {
        for a in assignments {
            var probe = Assumptions()
            try probe.apply(a)
            let id = AssumptionID(rawValue: String(a[..<a.firstIndex(of: "=")!]))!
            values[id] = probe.value(of: id)
        }
    }

    /// Sets one value, checked.
    public mutating func set(_ id: AssumptionID, to value: String) throws(AssumptionError) {
        var probe = Assumptions()
        try probe.set(id, to: value)
        values[id] = value
    }

    public var isEmpty: Bool { values.isEmpty }

    /// `base` with these values in place of its own.
    public func applied(to base: Assumptions) -> Assumptions {
        var out = base
        for id in values.keys.sorted() {
            // Checked when added, so setting cannot fail.
            try? out.set(id, to: values[id]!)
        }
        return out
    }
}

import CalicoModel
import Simulation

/// The fallback values for scope fields that are absent (nil).
///
/// Calico documents one set of defaults and the current engine uses another (SPEC §1.4). The engine's
/// values are what a fresh install runs with, since the operator-created scope sets none of these fields.
public struct EngineDefaults: Hashable, Sendable {
    public var interval: SimDuration
    public var initialLookback: SimDuration
    public var stabilizationPeriod: SimDuration

    public init(interval: SimDuration, initialLookback: SimDuration, stabilizationPeriod: SimDuration) {
        self.interval = interval; self.initialLookback = initialLookback; self.stabilizationPeriod = stabilizationPeriod
    }

    /// The API comments and docs: 150 s / 24 h / 10 m.
    public static let docs = EngineDefaults(
        interval: .seconds(150), initialLookback: .hours(24), stabilizationPeriod: .minutes(10))
    /// The 2024+ engine's fallback constants (`defaultInterval`, `defaultLookback`, `defaultStabilizationPeriod`):
    /// 10 m / 24 h / 5 m. This is the default profile everywhere in recsim, for fidelity.
    public static let engine = EngineDefaults(
        interval: .minutes(10), initialLookback: .hours(24), stabilizationPeriod: .minutes(5))
}

/// A scope value the engine rejected or replaced, as `updateScope` logs it (SPEC §1.5).
public struct SettingsWarning: Hashable, Sendable, CustomStringConvertible {
    public enum Field: String, Sendable, Hashable {
        case interval, initialLookback, stabilizationPeriod, selector
    }
    public var field: Field
    /// The rejected value as written in the scope.
    public var value: String
    /// What the engine kept or used instead, and why.
    public var message: String

    public init(field: Field, value: String, message: String) {
        self.field = field; self.value = value; self.message = message
    }
    public var description: String { "\(field.rawValue) \"\(value)\": \(message)" }
}

/// The engine's view of the `default` `PolicyRecommendationScope` after validation (SPEC §1.2–1.6).
public struct EngineSettings: Hashable, Sendable {
    /// Calico's `DefaultSelector`, used when the scope's selector does not parse.
    public static let defaultSelectorText =
        #"(!projectcalico.org/name starts with "tigera-" && !projectcalico.org/name starts with "calico-" && !projectcalico.org/name starts with "kube-" && !projectcalico.org/name starts with "openshift-")"#

    /// How often the engine runs (`spec.interval`); at least `minimumInterval`.
    public var interval: SimDuration
    /// Query window while a recommendation has never changed (`spec.initialLookback`).
    public var initialLookback: SimDuration
    /// Unchanged time after which a recommendation is `Stable` (`spec.stabilizationPeriod`).
    public var stabilizationPeriod: SimDuration
    /// `spec.maxRules`; not read by the engine (only by `SpecIntendedOptions.contractDomainsAboveMaxRules`).
    public var maxRules: Int?
    /// `spec.policiesLearningCutOff`; not read by the engine (only by `SpecIntendedOptions.enforceLearningCutOff`).
    public var policiesLearningCutOff: Int?
    /// The namespace selector in effect (the scope's, or `DefaultSelector` if the scope's did not parse).
    public var namespaceSelector: Selector
    /// `namespaceSpec.recStatus == Enabled` (a nil `namespaceSpec` counts as disabled).
    public var isEnabled: Bool
    /// `namespaceSpec.intraNamespacePassThroughTraffic`.
    public var intraNamespacePassThroughTraffic: Bool
    /// `namespaceSpec.tierName` as written. Recorded only: the engine always uses `namespace-isolation`.
    public var tierName: String?
    /// `metadata.uid` of the scope, written into ownerReferences when non-empty.
    public var scopeUID: String?
    /// `minPollInterval` (30 s in `cmd/main.go`).
    public var minimumInterval: SimDuration

    /// Settings before any scope is applied: the given defaults and `DefaultSelector`, disabled.
    public init(defaults: EngineDefaults = .engine, minimumInterval: SimDuration = .seconds(30)) {
        interval = defaults.interval
        initialLookback = defaults.initialLookback
        stabilizationPeriod = defaults.stabilizationPeriod
        maxRules = nil
        policiesLearningCutOff = nil
        namespaceSelector = EngineSettings.parseDefaultSelector()
        isEnabled = false
        intraNamespacePassThroughTraffic = false
        tierName = nil
        scopeUID = nil
        self.minimumInterval = minimumInterval
    }

    /// Settings of a freshly started engine: `defaults` (`.engine` unless told otherwise), then the scope
    /// applied once with validation, as `NewRecommendationEngine` does.
    public init(
        scope: PolicyRecommendationScope, defaults: EngineDefaults = .engine,
        minimumInterval: SimDuration = .seconds(30)
    ) {
        self.init(defaults: defaults, minimumInterval: minimumInterval)
        _ = apply(scope)
    }

    static func parseDefaultSelector() -> Selector {
        do { return try Selector(defaultSelectorText) } catch {
            preconditionFailure("DefaultSelector must parse: \(error)")
        }
    }

    /// True when the namespace selector selects `namespace`, evaluated against the single pseudo-label
    /// `projectcalico.org/name` (SPEC §2.3): real namespace labels are never consulted.
    public func selects(namespace: String) -> Bool {
        namespaceSelector.matches([RecommendationKeys.namespaceNameLabel: namespace])
    }

    /// Applies a scope update the way `recommendationScope.updateScope` does, in its order (SPEC §1.5):
    /// an absent field keeps the current value; an invalid one is ignored with a warning; lookback and
    /// stabilization are checked against the interval as just updated.
    @discardableResult
    public mutating func apply(_ scope: PolicyRecommendationScope) -> [SettingsWarning] {
        var warnings: [SettingsWarning] = []
        let spec = scope.spec
        func parse(_ text: String?, _ field: SettingsWarning.Field) -> SimDuration? {
            guard let text else { return nil }
            do { return try SimDuration(parsing: text) } catch {
                warnings.append(
                    SettingsWarning(field: field, value: text, message: "\(error.reason); keeping the current value"))
                return nil
            }
        }
        if let d = parse(spec.interval, .interval), d != interval {
            if d < minimumInterval {
                warnings.append(
                    SettingsWarning(
                        field: .interval, value: spec.interval!,
                        message:
                            "the interval must be at least \(minimumInterval.goString); keeping \(interval.goString)"))
            } else {
                interval = d
            }
        }
        if let d = parse(spec.initialLookback, .initialLookback), d != initialLookback {
            if d < interval {
                warnings.append(
                    SettingsWarning(
                        field: .initialLookback, value: spec.initialLookback!,
                        message:
                            "the initial lookback must be at least the interval \(interval.goString); keeping \(initialLookback.goString)"
                    ))
            } else {
                initialLookback = d
            }
        }
        if let d = parse(spec.stabilizationPeriod, .stabilizationPeriod), d != stabilizationPeriod {
            if d < interval {
                warnings.append(
                    SettingsWarning(
                        field: .stabilizationPeriod, value: spec.stabilizationPeriod!,
                        message:
                            "the stabilization period must be at least the interval \(interval.goString); keeping \(stabilizationPeriod.goString)"
                    ))
            } else {
                stabilizationPeriod = d
            }
        }
        maxRules = spec.maxRules ?? maxRules
        policiesLearningCutOff = spec.policiesLearningCutOff ?? policiesLearningCutOff
        let ns = spec.namespaceSpec
        isEnabled = ns?.recStatus == .enabled
        intraNamespacePassThroughTraffic = ns?.intraNamespacePassThroughTraffic ?? false
        tierName = ns?.tierName
        // A nil namespaceSpec reads as an empty selector in Go (the struct was a value until 2026-03).
        let text = ns?.selector ?? ""
        do {
            namespaceSelector = try Selector(text)
        } catch {
            warnings.append(
                SettingsWarning(
                    field: .selector, value: text,
                    message:
                        "does not parse (\(error)); using DefaultSelector"))
            namespaceSelector = EngineSettings.parseDefaultSelector()
        }
        scopeUID = scope.metadata.uid
        return warnings
    }
}

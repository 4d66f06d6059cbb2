import CalicoModel
import Foundation
import Simulation

/// What a run actually ran with: the engine's settings after its own validation of the scope (SPEC §1.2–1.5),
/// the model's options, the generated flow logs' settings and the simulated duration, with the engine's warnings
/// about any scope value it rejected or replaced. The seed is the run's own column (`RunInfo.seed`).
///
/// Stored as canonical JSON (`canonicalJSON`: sorted keys, durations as Go text) in `run.settings`; runs with
/// equal settings have byte-identical JSON, which sweeps, resumes and merges use as their identity. Reports and
/// `--json` documents read it back as this value.
public struct RunSettings: Codable, Hashable, Sendable {
    /// The engine's view of the `default` `PolicyRecommendationScope` (field names as in the scope's spec).
    public struct Engine: Codable, Hashable, Sendable {
        public var interval: SimDuration
        public var initialLookback: SimDuration
        public var stabilizationPeriod: SimDuration
        /// `namespaceSpec.selector` in effect: the scope's, or Calico's `DefaultSelector` when it gave none or
        /// one that does not parse.
        public var selector: String
        /// `namespaceSpec.recStatus` in effect.
        public var recStatus: PolicyRecommendationScope.RecStatus
        public var intraNamespacePassThroughTraffic: Bool

        public init(
            interval: SimDuration, initialLookback: SimDuration, stabilizationPeriod: SimDuration, selector: String,
            recStatus: PolicyRecommendationScope.RecStatus, intraNamespacePassThroughTraffic: Bool
        ) {
            self.interval = interval; self.initialLookback = initialLookback
            self.stabilizationPeriod = stabilizationPeriod; self.selector = selector; self.recStatus = recStatus
            self.intraNamespacePassThroughTraffic = intraNamespacePassThroughTraffic
        }
    }

    /// The model's own options.
    public struct Options: Codable, Hashable, Sendable {
        /// Which fallback values the engine uses for absent scope fields (SPEC §1.4).
        public enum Defaults: String, Codable, Hashable, Sendable { case engine, docs }
        public var defaults: Defaults
        /// `--spec-intended-max-rules`: `spec.maxRules` honoured as the API documents it.
        public var specIntendedMaxRules: Bool
        /// `--spec-intended-learning-cutoff`: `spec.policiesLearningCutOff` honoured as the API documents it.
        public var specIntendedPoliciesLearningCutOff: Bool

        public init(defaults: Defaults, specIntendedMaxRules: Bool, specIntendedPoliciesLearningCutOff: Bool) {
            self.defaults = defaults; self.specIntendedMaxRules = specIntendedMaxRules
            self.specIntendedPoliciesLearningCutOff = specIntendedPoliciesLearningCutOff
        }
    }

    /// The generated flow logs (Felix's `flowLogsFlushInterval` and aggregation level).
    public struct FlowLogs: Codable, Hashable, Sendable {
        public var flushInterval: SimDuration
        public var aggregation: Int

        public init(flushInterval: SimDuration, aggregation: Int) {
            self.flushInterval = flushInterval; self.aggregation = aggregation
        }
    }

    /// A point of a capacity study (`recsim capacity`): which study, and the cluster size and load it ran at.
    public struct CapacityPoint: Codable, Hashable, Sendable {
        public var study: String
        public var namespaces: Int
        /// The requested connections per second; nil: the scenario's own rates.
        public var flowsPerSecond: Double?

        public init(study: String, namespaces: Int, flowsPerSecond: Double?) {
            self.study = study; self.namespaces = namespaces; self.flowsPerSecond = flowsPerSecond
        }
    }

    public var engine: Engine
    public var options: Options
    public var flowLogs: FlowLogs
    /// Simulated time from the scenario's start to the run's end.
    public var duration: SimDuration
    /// The engine's warnings about scope values it rejected or replaced (`field "value": why`), in its order.
    public var warnings: [String]
    /// Set for the runs of a capacity study; absent (not stored) otherwise.
    public var capacity: CapacityPoint?

    public init(engine: Engine, options: Options, flowLogs: FlowLogs, duration: SimDuration, warnings: [String] = []) {
        self.engine = engine; self.options = options; self.flowLogs = flowLogs; self.duration = duration
        self.warnings = warnings
    }

    /// The stored form: JSON with sorted keys and durations as Go text, the same bytes for equal settings.
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(self), as: UTF8.self) } catch {
            preconditionFailure("RunSettings always encodes: \(error)")
        }
    }

    /// Reads stored settings: the current form, or the flat form of recsim 0.13 and earlier.
    public static func decode(json: String) throws(SettingsDecodeError) -> RunSettings {
        let data = Data(json.utf8)
        do { return try JSONDecoder().decode(RunSettings.self, from: data) } catch {
            if let flat = try? JSONDecoder().decode([String: String].self, from: data), flat["interval"] != nil {
                return legacy(flat)
            }
            throw SettingsDecodeError(message: "not a run's settings: \(error)")
        }
    }

    /// Settings stored by recsim 0.13 and earlier: a flat object of strings holding the scope's values as written
    /// (before the engine's validation), with `""` for an absent selector.
    static func legacy(_ flat: [String: String]) -> RunSettings {
        var warnings = ["recorded by recsim 0.13 or earlier: the scope's values as written, not as validated"]
        func duration(_ key: String) -> SimDuration {
            let text = flat[key] ?? ""
            if let d = try? SimDuration(parsing: text, allowDays: true) { return d }
            warnings.append("\(key) \"\(text)\": not a duration")
            return .zero
        }
        let engine = Engine(
            interval: duration("interval"), initialLookback: duration("initialLookback"),
            stabilizationPeriod: duration("stabilizationPeriod"), selector: flat["selector"] ?? "",
            recStatus: flat["recStatus"] == "Enabled" ? .enabled : .disabled,
            intraNamespacePassThroughTraffic: flat["intraNamespacePassThroughTraffic"] == "true")
        let options = Options(
            defaults: flat["defaults"] == "docs" ? .docs : .engine,
            specIntendedMaxRules: flat["specIntended.maxRules"] == "true",
            specIntendedPoliciesLearningCutOff: flat["specIntended.policiesLearningCutOff"] == "true")
        let flowLogs = FlowLogs(
            flushInterval: duration("flushInterval"), aggregation: Int(flat["aggregation"] ?? "") ?? 0)
        return RunSettings(
            engine: engine, options: options, flowLogs: flowLogs, duration: duration("duration"), warnings: warnings)
    }

    /// Name and value of each setting, for reports, in a fixed order (scope fields first, under their Calico names).
    public var entries: [(name: String, value: String)] {
        [
            ("interval", engine.interval.goString),
            ("initialLookback", engine.initialLookback.goString),
            ("stabilizationPeriod", engine.stabilizationPeriod.goString),
            ("selector", engine.selector),
            ("recStatus", engine.recStatus.rawValue),
            ("intraNamespacePassThroughTraffic", String(engine.intraNamespacePassThroughTraffic)),
            ("defaults", options.defaults.rawValue),
            ("specIntended.maxRules", String(options.specIntendedMaxRules)),
            ("specIntended.policiesLearningCutOff", String(options.specIntendedPoliciesLearningCutOff)),
            ("flushInterval", flowLogs.flushInterval.goString),
            ("aggregation", String(flowLogs.aggregation)),
            ("duration", duration.compact),
        ] + warnings.map { ("warning", $0) }
            + (capacity.map {
                [
                    ("capacity.study", $0.study), ("capacity.namespaces", String($0.namespaces)),
                    ("capacity.flowsPerSecond", $0.flowsPerSecond.map { "\($0)" } ?? "scenario"),
                ]
            } ?? [])
    }
}

/// Stored settings that are neither the current form nor recsim 0.13's.
public struct SettingsDecodeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

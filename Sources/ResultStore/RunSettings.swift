import CalicoModel
import Foundation
import RecommendationEngine
import Scenario
import Simulation

/// What a run actually ran with: the engine's settings after its own validation of the scope (SPEC §1.2–1.5),
/// the model's options, the generated flow logs' settings and the simulated duration, with the engine's warnings
/// about any scope value it rejected or replaced. The seed is the run's own column (`RunInfo.seed`).
///
/// Stored in `run.settings` as one flat JSON object of strings with sorted keys (`canonicalJSON`), the form recsim
/// has always written — `{"aggregation":"2","defaults":"engine","duration":"2d","flushInterval":"5m0s",…}` — so
/// files written before this type existed read as it, and runs with equal settings have byte-identical text,
/// which sweeps, resumes and merges use as their identity. Durations are Go's `time.Duration` text, the run's
/// duration recsim's compact form (`14d`). Reports and `--json` documents read it back as this value.
public struct RunSettings: Codable, Hashable, Sendable {
    /// The engine's view of the `default` `PolicyRecommendationScope` (field names as in the scope's spec).
    ///
    /// A duration is nil when the engine runs with its defaults profile's value (`options.defaults`, SPEC §1.4):
    /// the scope left it out, or gave a value the engine rejected (see `warnings`).
    public struct Engine: Hashable, Sendable {
        public var interval: SimDuration?
        public var initialLookback: SimDuration?
        public var stabilizationPeriod: SimDuration?
        /// `namespaceSpec.selector` in effect, as written: the scope's, or Calico's `DefaultSelector` when the
        /// scope's does not parse (an absent selector is `""`, which selects every namespace).
        public var selector: String
        /// `namespaceSpec.recStatus` as the scope gives it (nil: absent, which the engine treats as disabled).
        public var recStatus: PolicyRecommendationScope.RecStatus?
        public var intraNamespacePassThroughTraffic: Bool

        public init(
            interval: SimDuration?, initialLookback: SimDuration?, stabilizationPeriod: SimDuration?, selector: String,
            recStatus: PolicyRecommendationScope.RecStatus?, intraNamespacePassThroughTraffic: Bool
        ) {
            self.interval = interval; self.initialLookback = initialLookback
            self.stabilizationPeriod = stabilizationPeriod; self.selector = selector; self.recStatus = recStatus
            self.intraNamespacePassThroughTraffic = intraNamespacePassThroughTraffic
        }
    }

    /// The generated flow logs (Felix's `flowLogsFlushInterval` and aggregation level).
    public struct FlowLogs: Hashable, Sendable {
        public var flushInterval: SimDuration
        public var aggregation: Int
        /// Delay from flush to searchable (the delivery model); stored as `ingestionLatency` only when not none.
        public var ingestionLatency: IngestionLatency = .none
        /// Fraction of flow logs never searchable; stored as `loss` only when not zero.
        public var loss: Double = 0
        /// Each node's flush instants; stored as `flushPhase` only when not aligned.
        public var flushPhase: FlushPhase = .aligned
        /// The flow-log store's retention; stored as `retention` only when set.
        public var retention: SimDuration?

        /// The delivery model in one line (`ingestion latency 2m0s, loss 0.1, …`); "immediate" when every flow
        /// log is searchable at its flush, as before the model existed.
        public var deliveryDescription: String {
            var parts: [String] = []
            if !ingestionLatency.isNone { parts.append("ingestion latency \(ingestionLatency)") }
            if loss > 0 { parts.append("loss \(loss)") }
            if flushPhase != .aligned { parts.append("flush phase \(flushPhase.rawValue)") }
            if let retention { parts.append("retention \(retention.compact)") }
            return parts.isEmpty
                ? "immediate (searchable at each \(flushInterval.compact) flush)"
                : "flush every \(flushInterval.compact), " + parts.joined(separator: ", ")
        }

        public init(flushInterval: SimDuration, aggregation: Int) {
            self.flushInterval = flushInterval; self.aggregation = aggregation
        }
    }

    /// A point of a capacity study (`recsim capacity`): which study, and the cluster size and load it ran at.
    public struct CapacityPoint: Hashable, Sendable {
        public var study: String
        public var namespaces: Int
        /// The requested connections per second; nil: the scenario's own rates.
        public var flowsPerSecond: Double?

        public init(study: String, namespaces: Int, flowsPerSecond: Double?) {
            self.study = study; self.namespaces = namespaces; self.flowsPerSecond = flowsPerSecond
        }
    }

    public var engine: Engine
    /// The engine model's named assumptions in force (`recsim assumptions`). Stored as `defaults`,
    /// `specIntended.maxRules` and `specIntended.policiesLearningCutOff` (their names before the registry),
    /// and `assume.<id>` for any other assumption not at its default, so settings written before the registry
    /// keep their bytes.
    public var assumptions: Assumptions
    public var flowLogs: FlowLogs
    /// Simulated time from the scenario's start to the run's end.
    public var duration: SimDuration
    /// The warm start: how long traffic ran before the engine was enabled (`recommendation.engineStart`). Stored
    /// only when not zero.
    public var engineStart: SimDuration = .zero
    /// The engine's warnings about scope values it rejected or replaced (`field "value": why`), in its order.
    public var warnings: [String]
    /// Set for the runs of a capacity study; absent (not stored) otherwise.
    public var capacity: CapacityPoint?
    /// The engine faults injected (`FaultSettings.description`); nil (not stored) when none.
    public var faults: String?

    public init(
        engine: Engine, assumptions: Assumptions, flowLogs: FlowLogs, duration: SimDuration, warnings: [String] = []
    ) {
        self.engine = engine; self.assumptions = assumptions; self.flowLogs = flowLogs; self.duration = duration
        self.warnings = warnings
    }

    /// The stored form: the flat object of strings with sorted keys, the same bytes for equal settings.
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(self), as: UTF8.self) } catch {
            preconditionFailure("RunSettings always encodes: \(error)")
        }
    }

    /// Reads stored settings.
    public static func decode(json: String) throws(SettingsDecodeError) -> RunSettings {
        do { return try JSONDecoder().decode(RunSettings.self, from: Data(json.utf8)) } catch {
            throw SettingsDecodeError(message: "not a run's settings: \(error)")
        }
    }

    /// Assumptions stored under their own older keys rather than `assume.<id>`.
    static let legacyAssumptionKeys: Set<AssumptionID> = [.defaults, .maxRules, .learningCutOff]
    static let assumptionKeyPrefix = "assume."

    /// The stored keys (`capacity.…`, `specIntended.…` and `assume.…` only when set, `warnings` only when
    /// there are some).
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Name and value of every stored setting but the `warnings` list, by name: the settings table of a report.
    public var entries: [(name: String, value: String)] {
        var out: [(name: String, value: String)] = [
            ("aggregation", String(flowLogs.aggregation)),
            ("defaults", assumptions.defaults.rawValue),
            ("duration", duration.compact),
            ("flushInterval", flowLogs.flushInterval.goString),
            ("initialLookback", engine.initialLookback?.goString ?? ""),
            ("interval", engine.interval?.goString ?? ""),
            ("intraNamespacePassThroughTraffic", String(engine.intraNamespacePassThroughTraffic)),
            ("recStatus", engine.recStatus?.rawValue ?? ""),
            ("selector", engine.selector),
            ("stabilizationPeriod", engine.stabilizationPeriod?.goString ?? ""),
        ]
        if assumptions.maxRules == .contractDomains { out.append(("specIntended.maxRules", "true")) }
        if assumptions.learningCutOff == .enforced { out.append(("specIntended.policiesLearningCutOff", "true")) }
        for id in assumptions.changed where !RunSettings.legacyAssumptionKeys.contains(id) {
            out.append(("\(RunSettings.assumptionKeyPrefix)\(id.rawValue)", assumptions.value(of: id)))
        }
        if engineStart > .zero { out.append(("engineStart", engineStart.compact)) }
        if !flowLogs.ingestionLatency.isNone { out.append(("ingestionLatency", flowLogs.ingestionLatency.description)) }
        if flowLogs.loss > 0 { out.append(("loss", "\(flowLogs.loss)")) }
        if flowLogs.flushPhase != .aligned { out.append(("flushPhase", flowLogs.flushPhase.rawValue)) }
        if let r = flowLogs.retention { out.append(("retention", r.compact)) }
        if let f = faults { out.append(("faults", f)) }
        if let c = capacity {
            out += [
                ("capacity.study", c.study), ("capacity.namespaces", String(c.namespaces)),
                ("capacity.flowsPerSecond", c.flowsPerSecond.map { "\($0)" } ?? ""),
            ]
        }
        return out.sorted { $0.name < $1.name }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (name, value) in entries { try c.encode(value, forKey: Key(name)) }
        if !warnings.isEmpty { try c.encode(warnings, forKey: Key("warnings")) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func text(_ key: String) throws -> String { try c.decode(String.self, forKey: Key(key)) }
        func optionalText(_ key: String) throws -> String? { try c.decodeIfPresent(String.self, forKey: Key(key)) }
        func optionalSpan(_ key: String) throws -> SimDuration? {
            try text(key).isEmpty ? nil : try span(key)
        }
        func span(_ key: String) throws -> SimDuration {
            let t = try text(key)
            do { return try SimDuration(parsing: t, allowDays: true) } catch {
                throw DecodingError.dataCorruptedError(forKey: Key(key), in: c, debugDescription: error.description)
            }
        }
        func flag(_ key: String) throws -> Bool {
            switch try optionalText(key) {
            case nil, "false": return false
            case "true": return true
            case let other?:
                throw DecodingError.dataCorruptedError(
                    forKey: Key(key), in: c, debugDescription: "expected true or false, got \(other)")
            }
        }
        let recStatusText = try text("recStatus")
        let recStatus = PolicyRecommendationScope.RecStatus(rawValue: recStatusText)
        guard recStatus != nil || recStatusText.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: Key("recStatus"), in: c, debugDescription: "expected Enabled, Disabled or empty")
        }
        engine = Engine(
            interval: try optionalSpan("interval"), initialLookback: try optionalSpan("initialLookback"),
            stabilizationPeriod: try optionalSpan("stabilizationPeriod"), selector: try text("selector"),
            recStatus: recStatus, intraNamespacePassThroughTraffic: try flag("intraNamespacePassThroughTraffic"))
        var assumptions = Assumptions()
        func assume(_ key: String, _ id: AssumptionID, _ value: String) throws {
            do { try assumptions.set(id, to: value) } catch {
                throw DecodingError.dataCorruptedError(forKey: Key(key), in: c, debugDescription: error.message)
            }
        }
        try assume("defaults", .defaults, try text("defaults"))
        if try flag("specIntended.maxRules") { assumptions.maxRules = .contractDomains }
        if try flag("specIntended.policiesLearningCutOff") { assumptions.learningCutOff = .enforced }
        for key in c.allKeys where key.stringValue.hasPrefix(RunSettings.assumptionKeyPrefix) {
            let name = String(key.stringValue.dropFirst(RunSettings.assumptionKeyPrefix.count))
            guard let id = AssumptionID(rawValue: name), !RunSettings.legacyAssumptionKeys.contains(id) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "no assumption is stored under this key")
            }
            try assume(key.stringValue, id, try text(key.stringValue))
        }
        self.assumptions = assumptions
        guard let aggregation = Int(try text("aggregation")) else {
            throw DecodingError.dataCorruptedError(
                forKey: Key("aggregation"), in: c, debugDescription: "expected an aggregation level")
        }
        flowLogs = FlowLogs(flushInterval: try span("flushInterval"), aggregation: aggregation)
        duration = try span("duration")
        engineStart = try optionalText("engineStart") == nil ? .zero : try span("engineStart")
        if let text = try optionalText("ingestionLatency") {
            do { flowLogs.ingestionLatency = try IngestionLatency(parsing: text) } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: Key("ingestionLatency"), in: c, debugDescription: error.message)
            }
        }
        if let text = try optionalText("loss") {
            guard let v = Double(text), (0...1).contains(v) else {
                throw DecodingError.dataCorruptedError(
                    forKey: Key("loss"), in: c, debugDescription: "expected a fraction between 0 and 1")
            }
            flowLogs.loss = v
        }
        if let text = try optionalText("flushPhase") {
            guard let p = FlushPhase(rawValue: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: Key("flushPhase"), in: c, debugDescription: "expected aligned, spread or random")
            }
            flowLogs.flushPhase = p
        }
        if try optionalText("retention") != nil { flowLogs.retention = try span("retention") }
        faults = try optionalText("faults")
        warnings = try c.decodeIfPresent([String].self, forKey: Key("warnings")) ?? []
        if let study = try optionalText("capacity.study") {
            guard let namespaces = Int(try text("capacity.namespaces")) else {
                throw DecodingError.dataCorruptedError(
                    forKey: Key("capacity.namespaces"), in: c, debugDescription: "expected a count")
            }
            let rate = try optionalText("capacity.flowsPerSecond") ?? ""
            capacity = CapacityPoint(study: study, namespaces: namespaces, flowsPerSecond: Double(rate))
        } else {
            capacity = nil
        }
    }
}

/// Stored settings that do not read as `RunSettings`.
public struct SettingsDecodeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

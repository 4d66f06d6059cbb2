import CalicoModel
import Foundation
import RecommendationEngine
import Simulation
import Yams

extension Scenario {
    /// Reads a scenario file; `file:` and `scopeFile:` references resolve relative to its directory.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let text = try ScenarioLoader.readFile(path, referencedFrom: nil)
        return try parse(text, file: path, baseDirectory: (path as NSString).deletingLastPathComponent)
    }

    /// Parses scenario text. `file` names it in errors; `baseDirectory` resolves relative file references.
    public static func parse(
        _ text: String, file: String = "-", baseDirectory: String = "."
    ) throws(ScenarioError) -> Scenario {
        var loader = ScenarioLoader(file: file, baseDirectory: baseDirectory)
        return try loader.load(text)
    }
}

/// Turns scenario YAML into a `Scenario`, checking keys, types and references as it goes.
struct ScenarioLoader {
    let file: String
    let baseDirectory: String

    static let topLevelKeys = [
        "name", "description", "seed", "start", "duration", "flowLogs", "clusterDomain", "cluster",
        "generate", "traffic", "events", "recommendation", "faults", "expect",
    ]

    static func readFile(_ path: String, referencedFrom cursor: YAMLCursor?) throws(ScenarioError) -> String {
        do { return try TextFile.read(path) } catch {
            if let cursor { throw cursor.fail("\(error.description) (a file relative to the scenario)") }
            throw ScenarioError(file: path, line: error.line, key: "", message: error.message)
        }
    }

    func resolve(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (baseDirectory as NSString).appendingPathComponent(relative)
    }

    mutating func load(_ text: String) throws(ScenarioError) -> Scenario {
        do { try YAMLInputGuard.check(text) } catch {
            throw ScenarioError(file: file, line: error.line, key: "", message: error.message)
        }
        let root: Node
        do {
            guard let n = try Yams.compose(yaml: text) else {
                throw ScenarioError(
                    file: file, line: 0, key: "", message: "empty scenario; expected a mapping with name and cluster")
            }
            root = n
        } catch let e as ScenarioError { throw e } catch let e as YamlError {
            throw ScenarioError(file: file, line: e.markLine, key: "", message: "not valid YAML: \(e)")
        } catch {
            throw ScenarioError(file: file, line: 0, key: "", message: "not valid YAML: \(error)")
        }
        let top = YAMLCursor(node: root, file: file)
        try top.checkKeys(Self.topLevelKeys)

        let name = try top.required("name", "the scenario's name").name(.dns1123Subdomain)
        var seed = Scenario.defaultSeed
        if let s = try top.optional("seed") {
            guard let v = UInt64(try s.string().replacingUnderscores) else {
                throw s.fail("expected a non-negative integer seed")
            }
            seed = v
        }
        var start = Scenario.defaultStart
        if let s = try top.optional("start") {
            guard let t = SimInstant(rfc3339: try s.string()) else {
                throw s.fail("expected an RFC 3339 UTC time such as 2026-01-05T00:00:00Z")
            }
            start = t
        }
        var duration = SimDuration.days(30)
        if let d = try top.optional("duration") {
            duration = try d.duration()
            guard duration <= .days(Int64(InputLimits.maxSimulatedDays)) else {
                throw d.fail("expected a duration of at most \(InputLimits.maxSimulatedDays)d")
            }
        }
        var flowLogs = FlowLogSettings()
        if let f = try top.optional("flowLogs") {
            try f.checkKeys([
                "flushInterval", "aggregation", "legacyPolicyNames", "ingestionLatency", "loss", "flushPhase",
                "retention",
            ])
            if let p = try f.optional("flushPhase") { flowLogs.flushPhase = try p.oneOf(FlushPhase.self) }
            if let r = try f.optional("retention") { flowLogs.retention = try r.duration() }
            if let l = try f.optional("ingestionLatency") {
                let text = try l.string("a latency: 2m, uniform:30s..3m or exponential:1m")
                do { flowLogs.ingestionLatency = try IngestionLatency(parsing: text) } catch {
                    throw l.fail(error.message)
                }
            }
            if let l = try f.optional("loss") {
                let v = try l.double("a fraction between 0 and 1")
                guard (0...1).contains(v) else { throw l.fail("expected a fraction between 0 and 1, got \(v)") }
                flowLogs.loss = v
            }
            if let i = try f.optional("flushInterval") { flowLogs.flushInterval = try i.duration() }
            if let a = try f.optional("aggregation") {
                let v = try a.int("an aggregation level 0, 1, 2 or 3")
                guard (0...3).contains(v) else { throw a.fail("expected an aggregation level 0, 1, 2 or 3, got \(v)") }
                flowLogs.aggregation = Int(v)
            }
            if let l = try f.optional("legacyPolicyNames") { flowLogs.legacyPolicyNames = try l.bool() }
        }
        let clusterDomain = try top.optional("clusterDomain")?.string() ?? "cluster.local"

        var cluster = ClusterSpec()
        if let c = try top.optional("cluster") { cluster = try parseCluster(c) }
        var traffic: [TrafficPattern] = []
        if let g = try top.optional("generate") {
            try ClusterGenerator.parse(g).expand(into: &cluster, traffic: &traffic, line: g.line)
        }
        var cursors: [(TrafficPattern, YAMLCursor)] = []
        if let t = try top.optional("traffic") {
            for item in try t.items() {
                for p in try parsePattern(item, cluster: cluster) { cursors.append((p, item)) }
            }
        }
        traffic += cursors.map(\.0)
        try validate(cluster: cluster, patterns: cursors)
        var ids = Set<String>()
        for (p, c) in cursors where !ids.insert(p.id).inserted {
            throw c.fail("duplicate traffic pattern id \"\(p.id)\"; ids must be unique")
        }

        var events: [ScenarioEvent] = []
        if let e = try top.optional("events") {
            for item in try e.items() { events.append(try parseEvent(item, cluster: cluster, traffic: traffic)) }
        }
        events = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)

        var recommendation = RecommendationSettings()
        if let r = try top.optional("recommendation") {
            recommendation = try parseRecommendation(r)
            if let s = try r.optional("engineStart"), recommendation.engineStart >= duration {
                throw s.fail(
                    "expected a warm start shorter than the scenario's duration \(duration.compact), got \(recommendation.engineStart.compact)"
                )
            }
        }
        var faults = FaultSettings()
        if let f = try top.optional("faults") { faults = try parseFaults(f, cluster: cluster) }
        let expect = try top.optional("expect").map { ExpectBlock(node: $0.node) }
        return Scenario(
            name: name, file: file, seed: seed, start: start, duration: duration, flowLogs: flowLogs,
            clusterDomain: clusterDomain, cluster: cluster, traffic: traffic, events: events,
            recommendation: recommendation, faults: faults, expect: expect)
    }

    // MARK: events

    func parseEvent(
        _ c: YAMLCursor, cluster: ClusterSpec, traffic: [TrafficPattern]
    ) throws(ScenarioError) -> ScenarioEvent {
        let kinds = [
            "namespaceAppears", "namespaceDeleted", "workloadAppears", "workloadDeleted", "patternStarts",
            "patternStops",
        ]
        try c.checkKeys(["at"] + kinds)
        let at = try c.required("at", "a time offset such as 3d or 36h").duration(allowZero: true)
        let present = kinds.filter { c.has($0) }
        guard present.count == 1, let kind = present.first else {
            throw c.fail("expected exactly one of \(kinds.joined(separator: ", ")) besides `at`")
        }
        let v = try c.required(kind, "a name")
        let text = try v.string()
        func namespace() throws(ScenarioError) -> String {
            guard cluster.namespaces.contains(where: { $0.name == text }) else {
                throw v.fail("unknown namespace \"\(text)\"; expected one declared under cluster.namespaces")
            }
            return text
        }
        func workload() throws(ScenarioError) -> (String, String) {
            let (ns, name) = try splitQualified(text, v)
            guard let ns, cluster.workloads.contains(where: { $0.namespace == ns && $0.name == name }) else {
                throw v.fail("unknown workload \"\(text)\"; expected namespace/name of one under cluster.workloads")
            }
            return (ns, name)
        }
        func pattern() throws(ScenarioError) -> String {
            guard traffic.contains(where: { $0.id == text || $0.groupID == text }) else {
                throw v.fail("unknown traffic pattern \"\(text)\"; expected the id of one under traffic")
            }
            return text
        }
        let change: ScenarioEvent.Change
        switch kind {
        case "namespaceAppears": change = .namespaceAppears(try namespace())
        case "namespaceDeleted": change = .namespaceDeleted(try namespace())
        case "workloadAppears": let (n, w) = try workload(); change = .workloadAppears(n, w)
        case "workloadDeleted": let (n, w) = try workload(); change = .workloadDeleted(n, w)
        case "patternStarts": change = .patternStarts(try pattern())
        default: change = .patternStops(try pattern())
        }
        return ScenarioEvent(at: at, change: change)
    }

    // MARK: recommendation

    func parseRecommendation(_ r: YAMLCursor) throws(ScenarioError) -> RecommendationSettings {
        try r.checkKeys(["scope", "scopeFile", "actions", "scopeChanges", "automation", "assume", "engineStart"])
        var out = RecommendationSettings()
        if let a = try r.optional("assume") {
            guard a.isMapping else { throw a.fail("expected a mapping of assumption ids to values") }
            for (key, value) in try a.entries() {
                guard let id = AssumptionID(rawValue: key) else {
                    throw value.fail(
                        "unknown assumption \"\(key)\"; known: "
                            + AssumptionID.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let text = try value.string("a value of \(key)")
                do { try out.assumptions.set(id, to: text) } catch { throw value.fail(error.message) }
            }
        }
        if let s = try r.optional("engineStart") { out.engineStart = try s.duration(allowZero: true) }
        if let s = try r.optional("scope") {
            out.scope = try decodeScope(s.node, cursor: s, file: file, lineOffset: 0)
        } else if let f = try r.optional("scopeFile") {
            let path = resolve(try f.string("a path relative to the scenario"))
            let text = try Self.readFile(path, referencedFrom: f)
            let resources: [LocatedResource]
            do { resources = try ResourceYAML.decode(text, file: path) } catch {
                throw ScenarioError(file: path, line: error.line, key: error.field, message: error.message)
            }
            guard
                let scope = resources.compactMap({ r -> PolicyRecommendationScope? in
                    if case .scope(let s) = r.resource { return s }; return nil
                }).first
            else {
                throw f.fail("\(path) holds no PolicyRecommendationScope; expected one")
            }
            out.scope = scope
        }
        if let a = try r.optional("actions") {
            for item in try a.items() {
                try item.checkKeys(["at", "namespace", "action"])
                out.actions.append(
                    RecommendationAction(
                        at: try item.required("at", "a time offset such as 3d").duration(allowZero: true),
                        namespace: try item.required("namespace", "a namespace name").string(),
                        action: try item.required("action", "activate, dismiss, reactivate, enforce or deleteEnforced")
                            .oneOf(RecommendationAction.Kind.self)))
            }
        }
        if let a = try r.optional("scopeChanges") {
            for item in try a.items() {
                try item.checkKeys([
                    "at", "interval", "stabilizationPeriod", "initialLookback", "selector", "recStatus",
                ])
                out.scopeChanges.append(
                    ScopeChange(
                        at: try item.required("at", "a time offset such as 2d").duration(allowZero: true),
                        interval: try item.optional("interval")?.duration(),
                        stabilizationPeriod: try item.optional("stabilizationPeriod")?.duration(),
                        initialLookback: try item.optional("initialLookback")?.duration(),
                        selector: try item.optional("selector")?.string(),
                        recStatus: try recStatus(try item.optional("recStatus"))))
            }
        }
        if let a = try r.optional("automation") {
            try a.checkKeys(["activateWhenStable", "enforceAfter"])
            out.automation = AutomationSpec(
                activateWhenStable: try a.optional("activateWhenStable")?.bool() ?? false,
                enforceAfter: try a.optional("enforceAfter")?.duration())
        }
        return out
    }

    func recStatus(_ c: YAMLCursor?) throws(ScenarioError) -> PolicyRecommendationScope.RecStatus? {
        guard let c else { return nil }
        let s = try c.string()
        guard let v = PolicyRecommendationScope.RecStatus(rawValue: s) else {
            throw c.fail("expected Enabled or Disabled, got \"\(s)\"")
        }
        return v
    }

    /// An inline scope: a whole `PolicyRecommendationScope` resource, or just its `spec`.
    func decodeScope(
        _ node: Node, cursor: YAMLCursor, file: String, lineOffset: Int
    ) throws(ScenarioError) -> PolicyRecommendationScope {
        if cursor.has("kind") {
            let resources = try decodeInlineManifest(cursor)
            guard resources.count == 1, case .scope(let s) = resources[0] else {
                throw cursor.fail("expected a PolicyRecommendationScope resource or its spec")
            }
            return s
        }
        // The durations are metav1.Duration text: the API server rejects what Go cannot parse.
        for field in ["interval", "initialLookback", "stabilizationPeriod"] {
            if let c = try cursor.optional(field), let text = c.node.string {
                do { _ = try SimDuration(parsing: text) } catch {
                    throw c.fail("expected a Go duration such as 150s, 2m30s or 24h: \(error)")
                }
            }
        }
        do {
            let spec = try YAMLDecoder().decode(PolicyRecommendationScope.Spec.self, from: node)
            return PolicyRecommendationScope(spec: spec)
        } catch let e as DecodingError {
            let (path, msg) = describeDecoding(e)
            throw ScenarioError(
                file: file, line: cursor.line, key: cursor.path + (path.isEmpty ? "" : "." + path), message: msg)
        } catch {
            throw cursor.fail("expected a PolicyRecommendationScope spec: \(error)")
        }
    }

    /// Decodes a resource written inline in the scenario, mapping its error lines back into the scenario.
    func decodeInlineManifest(_ c: YAMLCursor) throws(ScenarioError) -> [Resource] {
        let text: String
        do { text = try Yams.serialize(node: c.node) } catch { throw c.fail("cannot re-read this manifest: \(error)") }
        do { return try ResourceYAML.decode(text, file: file).map(\.resource) } catch {
            throw ScenarioError(
                file: file, line: c.line + max(0, error.line - 1),
                key: c.path + (error.field.isEmpty ? "" : "." + error.field), message: error.message)
        }
    }

    func describeDecoding(_ error: DecodingError) -> (String, String) {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let t, let c): return (path(c.codingPath), "expected \(t)")
        case .valueNotFound(let t, let c): return (path(c.codingPath), "expected \(t), found nothing")
        case .keyNotFound(let k, let c): return (path(c.codingPath + [k]), "required key is missing")
        case .dataCorrupted(let c): return (path(c.codingPath), c.debugDescription)
        @unknown default: return ("", "\(error)")
        }
    }

    /// `ns/name` → (ns, name); a bare `name` → (nil, name).
    func splitQualified(_ text: String, _ c: YAMLCursor) throws(ScenarioError) -> (String?, String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1 where !parts[0].isEmpty: return (nil, parts[0])
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty: return (parts[0], parts[1])
        default: throw c.fail("expected namespace/name, got \"\(text)\"")
        }
    }
}

extension YamlError {
    var markLine: Int {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 0
        }
    }
}

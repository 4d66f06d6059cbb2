import CalicoModel
import Simulation
import Yams

/// A YAML node with its file and key path, so every read can fail with file, line, key and expectation.
struct YAMLCursor {
    let node: Node
    let file: String
    let path: String

    init(node: Node, file: String, path: String = "") { self.node = node; self.file = file; self.path = path }

    var line: Int { node.mark?.line ?? 0 }

    func fail(_ message: String) -> ScenarioError { ScenarioError(file: file, line: line, key: path, message: message) }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    var isNull: Bool {
        if case .scalar(let s) = node {
            return s.style == .plain && (s.string.isEmpty || s.string == "~" || s.string == "null")
        }
        return false
    }
    var isMapping: Bool { node.mapping != nil }
    var isSequence: Bool { node.sequence != nil }
    var isScalar: Bool { node.scalar != nil }

    /// The value of `key` in this mapping, or nil when absent (or null).
    func optional(_ key: String) throws(ScenarioError) -> YAMLCursor? {
        guard let m = node.mapping else { throw fail("expected a mapping") }
        guard let v = m[Node(key)] else { return nil }
        let c = YAMLCursor(node: v, file: file, path: childPath(key))
        return c.isNull ? nil : c
    }

    func required(_ key: String, _ expected: String) throws(ScenarioError) -> YAMLCursor {
        guard let c = try optional(key) else {
            throw ScenarioError(
                file: file, line: line, key: childPath(key), message: "required key is missing; expected \(expected)")
        }
        return c
    }

    func has(_ key: String) -> Bool { node.mapping?[Node(key)] != nil }

    /// Rejects keys outside `allowed`, naming the unknown key and the accepted ones.
    func checkKeys(_ allowed: [String]) throws(ScenarioError) {
        guard let m = node.mapping else {
            throw fail("expected a mapping with keys \(allowed.joined(separator: ", "))")
        }
        for (k, v) in m {
            let name = k.string ?? "?"
            if !allowed.contains(name) {
                throw ScenarioError(
                    file: file, line: k.mark?.line ?? v.mark?.line ?? line, key: childPath(name),
                    message: "unknown key; expected one of \(allowed.joined(separator: ", "))")
            }
        }
    }

    /// Entries of a mapping in file order.
    func entries() throws(ScenarioError) -> [(key: String, value: YAMLCursor)] {
        guard let m = node.mapping else { throw fail("expected a mapping") }
        return m.map { (k, v) in ((k.string ?? ""), YAMLCursor(node: v, file: file, path: childPath(k.string ?? ""))) }
    }

    /// Items of a sequence (a null value reads as empty).
    func items() throws(ScenarioError) -> [YAMLCursor] {
        if isNull { return [] }
        guard let s = node.sequence else { throw fail("expected a list") }
        return s.enumerated().map { YAMLCursor(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    func string(_ expected: String = "a string") throws(ScenarioError) -> String {
        guard let s = node.scalar else { throw fail("expected \(expected)") }
        return s.string
    }

    func int(_ expected: String = "an integer") throws(ScenarioError) -> Int64 {
        guard let s = node.scalar, let v = Int64(s.string.replacingUnderscores) else {
            throw fail("expected \(expected), got \(describe)")
        }
        return v
    }

    func double(_ expected: String = "a number") throws(ScenarioError) -> Double {
        guard let s = node.scalar, let v = Double(s.string.replacingUnderscores), v.isFinite else {
            throw fail("expected \(expected), got \(describe)")
        }
        return v
    }

    func bool() throws(ScenarioError) -> Bool {
        guard let s = node.scalar else { throw fail("expected true or false") }
        switch s.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail("expected true or false, got \(describe)")
        }
    }

    /// A duration such as `300s`, `5m`, `36h`, `7d`, `2w` (Go syntax plus days and weeks).
    func duration(allowZero: Bool = false) throws(ScenarioError) -> SimDuration {
        let (d, text) = try parsedDuration("a duration such as 300s, 5m, 36h, 7d or 2w")
        if d.seconds < 0 || (!allowZero && d.seconds == 0) {
            throw fail("expected a \(allowZero ? "non-negative" : "positive") duration, got \(text)")
        }
        return d
    }

    /// A non-negative offset from the scenario start, described as `what` in errors.
    func offset(_ what: String) throws(ScenarioError) -> SimDuration {
        let (d, text) = try parsedDuration(what)
        guard d.seconds >= 0 else { throw fail("expected \(what), got a negative duration \(text)") }
        return d
    }

    /// The scalar parsed as a duration (days and weeks allowed), and its text; `expected` names it in errors.
    private func parsedDuration(_ expected: String) throws(ScenarioError) -> (SimDuration, String) {
        let text = try string(expected)
        do { return (try SimDuration(parsing: text, allowDays: true), text) } catch {
            throw fail("expected \(expected); \(error.description)")
        }
    }

    func stringList(_ expected: String = "a list of strings") throws(ScenarioError) -> [String] {
        if isScalar { return [try string(expected)] }
        var out: [String] = []
        for i in try items() { out.append(try i.string(expected)) }
        return out
    }

    /// A name Kubernetes would accept as `kind` (the one check for every name read from a scenario).
    func name(_ kind: KubernetesName.Kind) throws(ScenarioError) -> String {
        let s = try string("a \(kind.rawValue)")
        if let problem = KubernetesName.problem(s, as: kind) { throw fail(problem) }
        return s
    }

    /// A `{key: value}` mapping of strings (labels), kept sorted by key; keys and values checked as
    /// Kubernetes checks labels.
    func labels() throws(ScenarioError) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in try entries() {
            if let problem = KubernetesName.problem(k, as: .labelKey) { throw v.fail(problem) }
            out[k] = try v.name(.labelValue)
        }
        return out
    }

    func oneOf<E: RawRepresentable & CaseIterable>(_ type: E.Type) throws(ScenarioError) -> E
    where E.RawValue == String {
        let s = try string()
        guard let e = E(rawValue: s) else {
            throw fail("expected one of \(E.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(s)\"")
        }
        return e
    }

    var describe: String {
        if let s = node.scalar { return "\"\(s.string)\"" }
        if node.mapping != nil { return "a mapping" }
        return "a list"
    }
}

extension String {
    var replacingUnderscores: String { String(filter { $0 != "_" }) }
}

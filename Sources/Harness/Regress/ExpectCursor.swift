import Simulation
import TrafficGeneration
import Yams

/// A node of an `expect:` block with its file, line and key path, so every read can fail precisely.
struct ExpectCursor {
    let node: Node
    let file: String
    let path: String
    /// Added to the node's own line (when the block was parsed from its re-serialised text).
    let lineOffset: Int

    var line: Int { (node.mark?.line ?? 0) + lineOffset }

    func fail(_ message: String) -> ScenarioError { ScenarioError(file: file, line: line, key: path, message: message) }

    private func child(_ node: Node, _ key: String) -> ExpectCursor {
        ExpectCursor(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)", lineOffset: lineOffset)
    }

    var isNull: Bool {
        if case .scalar(let s) = node {
            return s.style == .plain && (s.string.isEmpty || s.string == "~" || s.string == "null")
        }
        return false
    }

    func checkKeys(_ allowed: [String]) throws(ScenarioError) {
        guard let m = node.mapping else {
            throw fail("expected a mapping with keys \(allowed.joined(separator: ", "))")
        }
        for (k, v) in m where !allowed.contains(k.string ?? "") {
            throw ScenarioError(
                file: file, line: (k.mark?.line ?? v.mark?.line ?? node.mark?.line ?? 0) + lineOffset,
                key: path.isEmpty ? (k.string ?? "?") : "\(path).\(k.string ?? "?")",
                message: "unknown key; expected one of \(allowed.joined(separator: ", "))")
        }
    }

    func optional(_ key: String) throws(ScenarioError) -> ExpectCursor? {
        guard let m = node.mapping else { throw fail("expected a mapping") }
        guard let v = m[Node(key)] else { return nil }
        let c = child(v, key)
        return c.isNull ? nil : c
    }

    func required(_ key: String, _ expected: String) throws(ScenarioError) -> ExpectCursor {
        guard let c = try optional(key) else {
            throw ScenarioError(
                file: file, line: line, key: path.isEmpty ? key : "\(path).\(key)",
                message: "required key is missing; expected \(expected)")
        }
        return c
    }

    func items() throws(ScenarioError) -> [ExpectCursor] {
        if isNull { return [] }
        guard let s = node.sequence else { throw fail("expected a list") }
        return s.enumerated().map { ExpectCursor(node: $1, file: file, path: "\(path)[\($0)]", lineOffset: lineOffset) }
    }

    func string(_ expected: String = "a string") throws(ScenarioError) -> String {
        guard let s = node.scalar else { throw fail("expected \(expected)") }
        return s.string
    }

    func bool() throws(ScenarioError) -> Bool {
        switch try string("true or false").lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail("expected true or false, got \"\(node.scalar?.string ?? "")\"")
        }
    }

    func duration(_ what: String) throws(ScenarioError) -> SimDuration {
        let text = try string(what)
        let d: SimDuration
        do { d = try SimDuration(parsing: text, allowDays: true) } catch {
            throw fail("expected \(what); \(error.description)")
        }
        guard d.seconds >= 0 else { throw fail("expected \(what), got a negative duration \(text)") }
        return d
    }
}

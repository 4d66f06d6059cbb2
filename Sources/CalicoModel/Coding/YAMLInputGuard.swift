import CYaml

/// Checks a YAML text before anything builds a tree from it, streaming libyaml's events (no recursion, memory
/// proportional to the nesting), so hostile input fails with a line instead of exhausting memory or the stack:
///
/// - nesting deeper than `maxDepth` (building the tree recurses once per level);
/// - more than `maxExpandedNodes` nodes once aliases are expanded (an "alias bomb": each alias stands for its
///   anchor's whole subtree, so a few lines can stand for billions of nodes);
/// - a key repeated in one mapping (YAML forbids it; the message names the key and both lines).
///
/// Every YAML reader (scenarios, `expect:` blocks, manifests, scope and cluster files) calls `check` first.
public enum YAMLInputGuard {
    public static let maxDepth = 100
    public static let maxExpandedNodes = 1_000_000

    /// What is wrong and where (1-based line; 0 when unknown).
    public struct Violation: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { line > 0 ? "line \(line): \(message)" : message }
    }

    /// Throws the first violation, or the first syntax error (one line: libyaml's problem and its position).
    public static func check(_ text: String) throws(Violation) {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return }
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(Violation) in try scan(buffer) }
    }

    private struct Frame {
        var isMapping: Bool
        var anchor: String?
        /// Expanded nodes inside, so far.
        var size = 0
        /// Mappings: items seen (keys at even positions) and the scalar keys with their lines.
        var items = 0
        var keys: [String: Int] = [:]
    }

    private static func scan(_ buffer: UnsafeMutableBufferPointer<UInt8>) throws(Violation) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)

        var stack: [Frame] = []
        var anchors: [String: Int] = [:]
        var total = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError(parser) }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            var completed: (size: Int, anchor: String?)?
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                if let top = stack.last, top.isMapping, top.items % 2 == 0 {
                    let key = String(decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
                    if let first = top.keys[key] {
                        throw Violation(
                            line: line,
                            message:
                                "duplicate key \(KubernetesName.display(key)) in one mapping (first at line \(first))")
                    }
                    stack[stack.count - 1].keys[key] = line
                }
                completed = (1, string(s.anchor))
            case YAML_ALIAS_EVENT:
                let name = string(event.data.alias.anchor) ?? ""
                completed = (anchors[name] ?? 1, nil)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard stack.count < maxDepth else {
                    throw Violation(line: line, message: "nested deeper than \(maxDepth) levels")
                }
                let mapping = event.type == YAML_MAPPING_START_EVENT
                stack.append(
                    Frame(
                        isMapping: mapping,
                        anchor: string(mapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                if let frame = stack.popLast() { completed = (frame.size + 1, frame.anchor) }
            default:
                break
            }
            guard let (size, anchor) = completed else { continue }
            if let anchor { anchors[anchor] = size }
            if stack.isEmpty {
                total += size
            } else {
                stack[stack.count - 1].size += size
                stack[stack.count - 1].items += 1
            }
            if total + stack.reduce(0, { $0 + $1.size }) > maxExpandedNodes {
                throw Violation(
                    line: line,
                    message: "more than \(maxExpandedNodes) nodes once aliases are expanded "
                        + "(an alias stands for a copy of its anchor's whole value)")
            }
        }
    }

    private static func syntaxError(_ parser: yaml_parser_t) -> Violation {
        var problem = parser.problem.map { String(cString: $0) } ?? "unreadable"
        if problem.hasPrefix("Maximum nesting level reached") { problem = "nested too deeply" }
        var message = "not valid YAML: \(problem) at column \(parser.problem_mark.column + 1)"
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " (\(context) at line \(parser.context_mark.line + 1))"
        }
        return Violation(line: Int(parser.problem_mark.line) + 1, message: message)
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
    }
}

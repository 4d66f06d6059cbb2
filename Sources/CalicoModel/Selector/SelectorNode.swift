/// The parsed form of a selector, mirroring Calico's AST node for node (so that the canonical
/// string comes out the same). Evaluation uses the compiled `SelectorProgram` instead.
indirect enum SelectorNode: Sendable, Equatable {
    /// A comparison of one label's value with a string.
    enum Comparison: Sendable, Equatable {
        case equals, notEquals, contains, startsWith, endsWith

        var symbol: String {
            switch self {
            case .equals: "=="
            case .notEquals: "!="
            case .contains: "contains"
            case .startsWith: "starts with"
            case .endsWith: "ends with"
            }
        }
    }

    case all
    case global
    case has(String)
    case compare(String, Comparison, String)
    /// `values` sorted bytewise and de-duplicated, as Calico's `StringSet` keeps them.
    case inSet(String, values: [String], negated: Bool)
    case not(SelectorNode)
    /// Two or more operands, in source order (Calico does not flatten nested groups).
    case and([SelectorNode])
    case or([SelectorNode])

    /// The label Calico's `global()` stands for in a namespaceSelector: present only on namespaced
    /// resources.
    static let namespaceLabel = "projectcalico.org/namespace"

    var containsGlobal: Bool {
        switch self {
        case .global: true
        case .all, .has, .compare, .inSet: false
        case .not(let operand): operand.containsGlobal
        case .and(let operands), .or(let operands): operands.contains { $0.containsGlobal }
        }
    }

    /// `global()` replaced by `!has(projectcalico.org/namespace)` (SPEC 4.2).
    func replacingGlobal() -> SelectorNode {
        switch self {
        case .global: .not(.has(Self.namespaceLabel))
        case .all, .has, .compare, .inSet: self
        case .not(let operand): .not(operand.replacingGlobal())
        case .and(let operands): .and(operands.map { $0.replacingGlobal() })
        case .or(let operands): .or(operands.map { $0.replacingGlobal() })
        }
    }

    /// Calico's `String()` form: single spaces around operators, `&&`/`||` groups always
    /// parenthesised, `!` written directly before its operand, values in double quotes unless they
    /// contain one.
    var canonical: String {
        var out = ""
        appendCanonical(to: &out)
        return out
    }

    func appendCanonical(to out: inout String) {
        switch self {
        case .all:
            out += "all()"
        case .global:
            out += "global()"
        case .has(let label):
            out += "has(\(label))"
        case .compare(let label, let comparison, let value):
            out += "\(label) \(comparison.symbol) "
            Self.appendQuoted(value, to: &out)
        case .inSet(let label, let values, let negated):
            out += negated ? "\(label) not in {" : "\(label) in {"
            for (i, value) in values.enumerated() {
                if i > 0 { out += ", " }
                Self.appendQuoted(value, to: &out)
            }
            out += "}"
        case .not(let operand):
            out += "!"
            operand.appendCanonical(to: &out)
        case .and(let operands):
            Self.appendGroup(operands, separator: " && ", to: &out)
        case .or(let operands):
            Self.appendGroup(operands, separator: " || ", to: &out)
        }
    }

    private static func appendGroup(_ operands: [SelectorNode], separator: String, to out: inout String) {
        out += "("
        for (i, operand) in operands.enumerated() {
            if i > 0 { out += separator }
            operand.appendCanonical(to: &out)
        }
        out += ")"
    }

    /// Literals cannot contain their own quote character (there are no escapes), so a value holding
    /// `"` must be printed in single quotes.
    private static func appendQuoted(_ value: String, to out: inout String) {
        let quote = value.utf8.contains(UInt8(ascii: "\"")) ? "'" : "\""
        out += quote
        out += value
        out += quote
    }
}

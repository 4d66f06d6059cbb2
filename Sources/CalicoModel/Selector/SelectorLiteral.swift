/// The one place where recsim turns a value into Calico selector text.
///
/// Calico's selector strings have no escapes: a literal is `'…'` or `"…"` and ends at the next quote of the
/// same kind (SPEC §4.3). A value is therefore quoted with the quote character it does not contain; a value
/// that contains both, or a control character, has no literal and is refused. Whatever the value, the result
/// parses as exactly one string literal, so a name read from input can never add a term to a selector.
public enum SelectorLiteral {
    /// Why a value cannot become a selector literal.
    public struct Unrepresentable: Error, Equatable, Sendable, CustomStringConvertible {
        public var value: String
        public var description: String {
            "\(KubernetesName.display(value)) cannot be written as a Calico selector string "
                + "(a selector literal cannot contain both ' and \", nor control characters)"
        }
    }

    /// `'value'`, or `"value"` when the value contains `'`; nil when it cannot be represented.
    public static func quoted(_ value: String) -> String? {
        var hasSingle = false, hasDouble = false
        for b in value.utf8 {
            switch b {
            case UInt8(ascii: "'"): hasSingle = true
            case UInt8(ascii: "\""): hasDouble = true
            case 0..<0x20, 0x7F: return nil
            default: break
            }
        }
        if hasSingle && hasDouble { return nil }
        return hasSingle ? "\"\(value)\"" : "'\(value)'"
    }

    /// `quoted(value)`, throwing when it cannot be represented.
    public static func quote(_ value: String) throws(Unrepresentable) -> String {
        guard let q = quoted(value) else { throw Unrepresentable(value: value) }
        return q
    }

    /// `label == 'value'` (nil when the value has no literal). `label` must be a valid label key (checked:
    /// an invalid key also gives nil), so neither side can change the shape of the expression.
    public static func equals(_ label: String, _ value: String) -> String? {
        guard KubernetesName.isValid(label, as: .labelKey), let q = quoted(value) else { return nil }
        return "\(label) == \(q)"
    }

    /// `label == 'value'` for a value already validated as a Kubernetes name; a value that somehow is not
    /// representable yields a term that matches nothing (`!all()`), so a policy fails closed rather than open.
    public static func equalsOrNothing(_ label: String, _ value: String) -> String {
        equals(label, value) ?? "!all()"
    }
}

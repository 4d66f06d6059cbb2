/// Kubernetes' own name and label syntax (apimachinery `validation.IsDNS1123Label`, `IsDNS1123Subdomain`,
/// `IsDNS1035Label`, `IsQualifiedName`, `IsValidLabelValue`), checked wherever a name or label enters recsim:
/// scenario and cluster files, policy files, flow logs. A value that passes can be placed in a selector
/// literal and in a manifest without changing its meaning.
///
/// Each check returns nil when the value is valid, else what was expected (for an error message).
public enum KubernetesName {
    /// The kinds of name Kubernetes distinguishes.
    public enum Kind: String, Sendable {
        /// Namespaces and Services' DNS labels: at most 63 of `a-z 0-9 -`, alphanumeric at both ends.
        case dns1123Label = "RFC 1123 label"
        /// Most object names (network sets, policies, pods): dot-separated parts of `a-z 0-9 -`, at most 253.
        case dns1123Subdomain = "RFC 1123 subdomain"
        /// Service names: an RFC 1123 label that starts with a letter.
        case dns1035Label = "RFC 1035 label"
        /// A label key: `[prefix/]name`, prefix a subdomain, name at most 63 of `A-Z a-z 0-9 - _ .`.
        case labelKey = "label key"
        /// A label value: empty, or at most 63 of `A-Z a-z 0-9 - _ .`, alphanumeric at both ends.
        case labelValue = "label value"
    }

    public static let maxLabelLength = 63
    public static let maxSubdomainLength = 253

    /// Nil when `value` is a valid name of `kind`; otherwise the reason, e.g.
    /// `"x'y" is not a valid RFC 1123 label (at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit)`.
    public static func problem(_ value: String, as kind: Kind) -> String? {
        let ok: Bool
        switch kind {
        case .dns1123Label: ok = isDNS1123Label(value.utf8[...])
        case .dns1123Subdomain: ok = isDNS1123Subdomain(value)
        case .dns1035Label: ok = isDNS1123Label(value.utf8[...]) && value.utf8.first.map(isLower) == true
        case .labelKey: ok = isLabelKey(value)
        case .labelValue: ok = value.isEmpty || isQualifiedNamePart(value.utf8[...])
        }
        return ok ? nil : "\(Self.display(value)) is not a valid \(kind.rawValue) (\(Self.rule(kind)))"
    }

    /// True when `value` is a valid name of `kind`.
    public static func isValid(_ value: String, as kind: Kind) -> Bool { problem(value, as: kind) == nil }

    static func rule(_ kind: Kind) -> String {
        switch kind {
        case .dns1123Label: "at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit"
        case .dns1123Subdomain:
            "at most 253 characters of a-z, 0-9, '-' and '.', each dot-separated part starting and ending with a letter or digit"
        case .dns1035Label:
            "at most 63 characters of a-z, 0-9 and '-', starting with a letter and ending with a letter or digit"
        case .labelKey:
            "an optional RFC 1123 subdomain prefix and '/', then at most 63 characters of A-Z, a-z, 0-9, '-', '_' and '.', "
                + "starting and ending with a letter or digit"
        case .labelValue:
            "empty, or at most 63 characters of A-Z, a-z, 0-9, '-', '_' and '.', starting and ending with a letter or digit"
        }
    }

    /// The value for a message: quoted, with control characters and quotes escaped, cut after 80 characters.
    public static func display(_ value: String) -> String {
        var out = "\""
        for (i, scalar) in value.unicodeScalars.enumerated() {
            if i == 80 { out += "…"; break }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isAlnum(_ b: UInt8) -> Bool { isLower(b) || isDigit(b) || (b >= 0x41 && b <= 0x5A) }

    private static func isDNS1123Label(_ s: Substring.UTF8View) -> Bool {
        guard let first = s.first, let last = s.last, s.count <= maxLabelLength else { return false }
        guard isLower(first) || isDigit(first), isLower(last) || isDigit(last) else { return false }
        return s.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
    }

    private static func isDNS1123Subdomain(_ value: String) -> Bool {
        guard !value.isEmpty, value.utf8.count <= maxSubdomainLength else { return false }
        // As apimachinery's regex: dot-separated labels; only the whole name is length-limited.
        return value.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { part in
            guard let first = part.first, let last = part.last else { return false }
            return (isLower(first) || isDigit(first)) && (isLower(last) || isDigit(last))
                && part.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isQualifiedNamePart(_ s: Substring.UTF8View) -> Bool {
        guard let first = s.first, let last = s.last, s.count <= maxLabelLength, isAlnum(first), isAlnum(last) else {
            return false
        }
        return s.allSatisfy {
            isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    private static func isLabelKey(_ value: String) -> Bool {
        let parts = value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            return isDNS1123Subdomain(String(parts[0])) && isQualifiedNamePart(parts[1].utf8)
        }
        return isQualifiedNamePart(value[...].utf8)
    }
}

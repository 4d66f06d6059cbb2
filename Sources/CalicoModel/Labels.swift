/// A label set (`key=value` pairs) of a workload, namespace, network set or pseudo-resource.
public typealias Labels = [String: String]

/// Anything a selector can be evaluated against: a plain label map, or a composite view such as an
/// endpoint's own labels plus its namespace's labels under the `pcns.` prefix.
public protocol LabelLookup {
    func value(forLabel key: String) -> String?
}

extension Dictionary: LabelLookup where Key == String, Value == String {
    @inlinable public func value(forLabel key: String) -> String? { self[key] }
}

extension Labels {
    /// Parses `k=v[,k=v…]` (the CLI's `--labels` form). Returns nil on an entry without `=`.
    public init?(commaSeparated text: String) {
        self.init()
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            guard let eq = part.firstIndex(of: "=") else { return nil }
            self[String(part[..<eq]).trimmingSpaces] = String(part[part.index(after: eq)...]).trimmingSpaces
        }
    }

    /// Entries sorted by key, for deterministic output.
    public var sortedPairs: [(key: String, value: String)] { sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

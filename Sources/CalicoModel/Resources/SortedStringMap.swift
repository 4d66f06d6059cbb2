import Yams

/// Encodes a `[String: String]` with keys in sorted order, so YAML and JSON output never depends on
/// `Dictionary` iteration order.
public struct SortedStringMap: Encodable {
    public var map: [String: String]
    public init(_ map: [String: String]) { self.map = map }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for k in map.keys.sorted() { try c.encode(map[k]!, forKey: Key(stringValue: k)) }
    }
}

extension KeyedEncodingContainer {
    /// Encodes an optional string map with sorted keys; omits it when nil or empty.
    mutating func encodeSortedIfPresent(_ map: [String: String]?, forKey key: Key) throws {
        if let m = map, !m.isEmpty { try encode(SortedStringMap(m), forKey: key) }
    }
}

/// A policy or tier `order`: written as an integer when it has no fractional part (`10000`, not `1e+4`).
public struct PolicyOrder: Codable, YAMLEncodable, Hashable, Sendable, Comparable, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral
{
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public init(floatLiteral value: Double) { self.value = value }
    public init(integerLiteral value: Int) { self.value = Double(value) }
    public static func < (a: PolicyOrder, b: PolicyOrder) -> Bool { a.value < b.value }
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int.self) { value = Double(i) } else { value = try c.decode(Double.self) }
    }
    private var isIntegral: Bool { value.rounded() == value && abs(value) < 1e15 }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if isIntegral { try c.encode(Int64(value)) } else { try c.encode(value) }
    }
    /// YAML: `10000` and `10.5` (Swift's shortest round-trip form), never Yams's default `1.05e+1`.
    public func box() -> Node {
        isIntegral ? Node(String(Int64(value)), Tag(.int)) : Node(value.description, Tag(.float))
    }
}

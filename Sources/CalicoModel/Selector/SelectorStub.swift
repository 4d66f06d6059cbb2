// TEMPORARY stub until the selector branch is merged.
public struct SelectorParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var selector: String
    public var position: Int
    public var message: String
    public var description: String { message }
}
public struct Selector: Sendable, Hashable, CustomStringConvertible {
    public init(_ text: String) throws(SelectorParseError) { canonical = text }
    public func matches<L: LabelLookup>(_ labels: L) -> Bool { true }
    public var canonical: String
    public var uniqueID: String { "" }
    public var isAll: Bool { canonical.isEmpty }
    public var containsGlobal: Bool { false }
    public func rewritingGlobalForNamespaceSelector() -> Selector { self }
    public static let all = try! Selector("")
    public var description: String { canonical }
}

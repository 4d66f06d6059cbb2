import Simulation

/// A Calico label selector (SPEC 4.3), parsed once and compiled for fast matching.
///
/// Equality and hashing go by the canonical form, so `a=='x'` and `a == "x"` are the same selector.
/// Copies share one immutable storage object.
public struct Selector: Sendable, Hashable, CustomStringConvertible {
    @usableFromInline let storage: Storage

    /// Parses Calico selector syntax; an empty or all-whitespace string is `all()`.
    public init(_ text: String) throws(SelectorParseError) {
        self.init(node: try SelectorParser.parse(text))
    }

    init(node: SelectorNode) {
        storage = Storage(node)
    }

    /// Matches every label set.
    public static let all = Selector(node: .all)

    /// Whether the labels satisfy the selector.
    @inlinable
    public func matches<L: LabelLookup>(_ labels: L) -> Bool {
        storage.program.evaluate(labels)
    }

    /// Calico's `String()` form, e.g. `!(has(b) || !has(a))`, `(a == "x" && b in {"p", "q"})`.
    public var canonical: String { storage.canonical }

    /// Calico's `UniqueID()`: `s:` + base64url-raw(SHA-224(`s:` + canonical)).
    public var uniqueID: String {
        "s:" + BaseEncoding.base64URLRaw(SHA2.hash("s:" + canonical, .sha224))
    }

    /// True for `all()` (and the empty selector), not for other always-true expressions.
    public var isAll: Bool {
        if case .all = storage.node { return true }
        return false
    }

    /// Whether `global()` appears anywhere in the selector.
    public var containsGlobal: Bool { storage.node.containsGlobal }

    /// The selector with global() rewritten as `!has(projectcalico.org/namespace)`, for use as a namespaceSelector (SPEC 4.2).
    ///
    /// Calico substitutes into the canonical string and parses the result again, so a negated
    /// `global()` (`!global()`, printed `!!has(…)`) collapses to `has(projectcalico.org/namespace)`,
    /// as does any other `!!` in the canonical form. This does the same, but on the tree, so a
    /// `"global()"` inside a string literal is left alone.
    public func rewritingGlobalForNamespaceSelector() -> Selector {
        let text = storage.node.replacingGlobal().canonical
        do {
            return try Selector(text)
        } catch {
            preconditionFailure("a selector's canonical form must parse again: \(error)")
        }
    }

    public var description: String { canonical }

    public static func == (lhs: Selector, rhs: Selector) -> Bool {
        lhs.storage === rhs.storage || lhs.canonical == rhs.canonical
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonical)
    }

    /// Everything derived from one parse; immutable, so shared freely between copies and threads.
    @usableFromInline
    final class Storage: Sendable {
        let node: SelectorNode
        let canonical: String
        @usableFromInline let program: SelectorProgram

        init(_ node: SelectorNode) {
            self.node = node
            canonical = node.canonical
            program = SelectorProgram(node)
        }
    }
}

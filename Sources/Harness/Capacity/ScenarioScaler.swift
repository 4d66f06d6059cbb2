import Foundation
import Scenario
import TrafficGeneration
import Yams

/// Why a scenario could not be scaled to a requested size.
public struct CapacityError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Derives the scenario of a capacity point from a base scenario: N namespaces, and optionally a total
/// connection rate.
///
/// - A scenario with a `generate:` block is re-read with `generate.namespaces` set to N (the expansion's
///   own seed is kept, so every size is the same kind of cluster, drawn afresh). Its explicit `cluster:`
///   items are kept as written.
/// - A scenario without one has its namespace set *replicated*: copy k (k = 2, 3, …) of namespace `x` is
///   `x-k`, with its workloads, services, namespaced network sets and policies, traffic, events and
///   scripted actions; every reference into a copied namespace is renamed to the copy (pattern ids get
///   `@k`). Cluster-wide items (externals, global sets and policies, tiers, scope changes) exist once.
///   N need not be a multiple: copies are filled in namespace order, and N below the scenario's own count
///   keeps the first N namespaces. Items referring to a namespace that is not kept are dropped.
/// - `flowsPerSecond` then rescales the rates of steady and burst patterns so that the expected total
///   (`TrafficRate`) equals it; periodic, one-shot and attack traffic keep their rates.
public enum ScenarioScaler {
    /// The scenario at `namespaces` namespaces (and `flowsPerSecond` expected connections per second when
    /// given). `text` is the base scenario's YAML, needed only for a `generate:` block (read from
    /// `base.file` when nil).
    public static func scaled(
        _ base: Scenario, namespaces: Int, flowsPerSecond: Double? = nil,
        text: String? = nil
    ) throws -> Scenario {
        precondition(namespaces > 0, "a scaled scenario needs at least one namespace")
        var s: Scenario
        if let generated = try regenerated(base, namespaces: namespaces, text: text) {
            s = generated
        } else {
            s = try replicated(base, namespaces: namespaces)
        }
        if let flowsPerSecond { s = try TrafficRate.rescaled(s, to: flowsPerSecond) }
        return s
    }

    /// True when the scenario's file has a `generate:` block (scaling changes its namespace count).
    public static func hasGenerateBlock(_ base: Scenario, text: String? = nil) -> Bool {
        guard let text = text ?? (try? String(contentsOfFile: base.file, encoding: .utf8)),
            let root = try? Yams.compose(yaml: text), let mapping = root.mapping
        else { return false }
        return mapping.contains { $0.key.string == "generate" }
    }

    /// Re-reads the scenario with `generate.namespaces` replaced; nil when it has no `generate:` block.
    static func regenerated(_ base: Scenario, namespaces: Int, text: String?) throws -> Scenario? {
        let source: String
        if let text {
            source = text
        } else {
            guard base.file != "-", let t = try? String(contentsOfFile: base.file, encoding: .utf8) else { return nil }
            source = t
        }
        guard let root = try Yams.compose(yaml: source), let mapping = root.mapping,
            let generate = mapping.first(where: { $0.key.string == "generate" })?.value
        else { return nil }
        guard let block = generate.mapping else {
            throw CapacityError("\(base.file): `generate` must be a mapping to scale its namespace count")
        }
        var pairs = block.filter { $0.key.string != "namespaces" }.map { ($0.key, $0.value) }
        pairs.insert((Node("namespaces"), Node(String(namespaces))), at: 0)
        let newBlock = Node.mapping(Node.Mapping(pairs))
        let top = mapping.map { ($0.key, $0.key.string == "generate" ? newBlock : $0.value) }
        let yaml = try Yams.serialize(node: Node.mapping(Node.Mapping(top)))
        let directory = (base.file as NSString).deletingLastPathComponent
        do {
            return try Scenario.parse(yaml, file: base.file, baseDirectory: directory.isEmpty ? "." : directory)
        } catch {
            throw CapacityError("\(base.file) at \(namespaces) namespaces: \(error)")
        }
    }
}

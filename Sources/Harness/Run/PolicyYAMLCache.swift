import CalicoModel
import Foundation

/// YAML of policy versions, shared by the run sessions of one sweep seed: grid points that differ only in their
/// stabilization period often store the same version (same rules, name and annotations), and encoding YAML is the
/// costliest part of recording one. The text is a pure function of the policy, so sharing never changes a row.
public final class PolicyYAMLCache: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [CalicoPolicy: String] = [:]
    static let limit = 20_000

    public init() {}

    func yaml(_ policy: CalicoPolicy) -> String {
        lock.lock()
        if let t = texts[policy] { lock.unlock(); return t }
        lock.unlock()
        let t = Self.encode(policy)
        lock.lock()
        if texts.count >= Self.limit { texts.removeAll(keepingCapacity: true) }
        texts[policy] = t
        lock.unlock()
        return t
    }

    static func encode(_ policy: CalicoPolicy) -> String { (try? ResourceYAML.encode(.policy(policy))) ?? "" }
}

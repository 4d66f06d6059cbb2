/// A version counter for each namespace's policies, for memos of verdicts.
///
/// A reporter's verdict depends only on the policies that apply to its endpoint: its namespace's policies and the
/// cluster-wide ones. A memo entry stamped with the reporting namespace's `stamp` therefore stays valid until that
/// namespace's policies change (`changed([ns])`), or until any may have (`changed(nil)`).
public struct NamespacePolicyVersions: Sendable {
    private var ids: [String: Int32] = [:]
    private var versions: [UInt32] = []
    private var all: UInt32 = 0

    public init() {}

    /// A dense id for a namespace (-1 for none: an endpoint outside any namespace, whose stamp changes only with
    /// `changed(nil)`).
    public mutating func id(_ namespace: String?) -> Int32 {
        guard let namespace else { return -1 }
        if let id = ids[namespace] { return id }
        let id = Int32(versions.count)
        ids[namespace] = id
        versions.append(0)
        return id
    }

    /// The current stamp of a namespace id; it changes whenever that namespace's policies may have.
    @inline(__always)
    public func stamp(_ id: Int32) -> UInt64 { UInt64(all) << 32 | UInt64(id < 0 ? 0 : versions[Int(id)]) }

    /// Records a change of the policies of `namespaces` (nil: of any namespace).
    public mutating func changed(_ namespaces: Set<String>?) {
        guard let namespaces else { all &+= 1; return }
        for ns in namespaces { if let id = ids[ns] { versions[Int(id)] &+= 1 } }
    }
}

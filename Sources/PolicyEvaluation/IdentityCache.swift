import CalicoModel
import Foundation

/// Identities by endpoint, built on first use. Looked up first by (namespace, name) with a check of kind,
/// service account and labels (cheap when the caller reuses its label dictionary), then by the full label
/// set, so every pod of a workload shares one identity.
final class IdentityCache: @unchecked Sendable {
    private struct LabelKey: Hashable {
        var kind: FlowEndpoint.Kind
        var namespace: String?
        var name: String?  // network sets are identified by name too
        var serviceAccount: String?
        var labels: Labels
    }

    private let lock = NSLock()
    private var byName = NameTable()
    private var byLabels: [LabelKey: EndpointIdentity] = [:]
    private var verdicts = MemoTable()

    func memoizedVerdict(_ key: MemoKey) -> Verdict? {
        lock.lock()
        defer { lock.unlock() }
        return verdicts.find(key)
    }

    func memoize(_ key: MemoKey, _ verdict: Verdict) {
        lock.lock()
        defer { lock.unlock() }
        verdicts.insert(key, verdict)
    }

    /// Identities of both ends of a connection (nil for `pub`/`pvt` networks, which have no labels).
    func identities(
        _ a: FlowEndpoint, _ b: FlowEndpoint, set: CompiledPolicySet
    ) -> (EndpointIdentity?, EndpointIdentity?) {
        lock.lock()
        defer { lock.unlock() }
        return (lookup(a, set), lookup(b, set))
    }

    /// The identity of one endpoint.
    func identity(_ e: FlowEndpoint, set: CompiledPolicySet) -> EndpointIdentity? {
        lock.lock()
        defer { lock.unlock() }
        return lookup(e, set)
    }

    private func lookup(_ e: FlowEndpoint, _ set: CompiledPolicySet) -> EndpointIdentity? {
        if e.kind == .network { return nil }
        let hash = NameTable.hash(e.name)
        if let found = byName.find(e, hash: hash) { return found }
        let labelKey = LabelKey(
            kind: e.kind, namespace: e.namespace, name: e.kind == .networkSet ? e.name : nil,
            serviceAccount: e.serviceAccount, labels: e.labels)
        let identity: EndpointIdentity
        if let found = byLabels[labelKey] {
            identity = found
        } else {
            identity = EndpointIdentity(endpoint: e, set: set)
            byLabels[labelKey] = identity
        }
        byName.insert(e, hash: hash, identity: identity)
        return identity
    }
}

/// An open-addressing table from endpoint (namespace, name) to identity, hashed with FNV-1a over the name:
/// the lookup runs twice per evaluation, and `Hasher`'s seeded SipHash costs more than the rest of it.
struct NameTable {
    private struct Entry {
        var hash: UInt64
        var kind: FlowEndpoint.Kind
        var namespace: String?
        var name: String
        var serviceAccount: String?
        var labels: Labels
        var identity: EndpointIdentity
    }
    /// Index into `entries` + 1; 0 = empty. Capacity is a power of two, at most half full.
    private var slots = [Int32](repeating: 0, count: 64)
    private var entries: [Entry] = []

    static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    private func slot(for hash: UInt64, _ e: FlowEndpoint) -> (index: Int, entry: Int?) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[i] != 0 {
            let k = Int(slots[i] - 1)
            if entries[k].hash == hash && entries[k].name == e.name && entries[k].namespace == e.namespace {
                return (i, k)
            }
            i = (i + 1) & mask
        }
        return (i, nil)
    }

    func find(_ e: FlowEndpoint, hash: UInt64) -> EndpointIdentity? {
        guard let k = slot(for: hash, e).entry,
            entries[k].kind == e.kind, entries[k].serviceAccount == e.serviceAccount, entries[k].labels == e.labels
        else { return nil }
        return entries[k].identity
    }

    /// Adds the endpoint, or replaces what its (namespace, name) mapped to.
    mutating func insert(_ e: FlowEndpoint, hash: UInt64, identity: EndpointIdentity) {
        let entry = Entry(
            hash: hash, kind: e.kind, namespace: e.namespace, name: e.name, serviceAccount: e.serviceAccount,
            labels: e.labels, identity: identity)
        let (i, existing) = slot(for: hash, e)
        if let k = existing { entries[k] = entry; return }
        entries.append(entry)
        slots[i] = Int32(entries.count)
        if entries.count * 2 > slots.count { rehash(slots.count * 2) }
    }

    private mutating func rehash(_ capacity: Int) {
        slots = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (k, entry) in entries.enumerated() {
            var i = Int(truncatingIfNeeded: entry.hash ^ (entry.hash >> 29)) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(k + 1)
        }
    }
}

/// Memoised verdicts by decision path, in an open-addressing table with a multiply-xor hash of the key's
/// words (a `Dictionary` would spend more on seeded hashing than the lookup saves).
struct MemoTable {
    /// Bounds the memo; past it, verdicts are simply rebuilt.
    static let limit = 200_000
    private var slots = [Int32](repeating: 0, count: 256)
    private var keys: [MemoKey] = []
    private var values: [Verdict] = []

    static func hash(_ k: MemoKey) -> Int {
        @inline(__always) func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
            let m = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
            return m ^ (m >> 31)
        }
        var h = UInt64(ObjectIdentifier.bits(k.identity))
        h = mix(h, k.enforced.low)
        h = mix(h, k.enforced.high)
        h = mix(h, k.pending.low)
        h = mix(h, k.pending.high)
        h = mix(
            h,
            UInt64(k.enforced.count) | UInt64(k.pending.count) << 8 | UInt64(k.profileMode) << 16
                | (k.egress ? 1 << 24 : 0))
        return Int(truncatingIfNeeded: h)
    }

    func find(_ k: MemoKey) -> Verdict? {
        let mask = slots.count - 1
        var i = MemoTable.hash(k) & mask
        while slots[i] != 0 {
            let j = Int(slots[i] - 1)
            if keys[j] == k { return values[j] }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(_ k: MemoKey, _ v: Verdict) {
        guard keys.count < MemoTable.limit, find(k) == nil else { return }
        keys.append(k); values.append(v)
        if keys.count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for j in keys.indices { place(j) }
        } else {
            place(keys.count - 1)
        }
    }

    private mutating func place(_ j: Int) {
        let mask = slots.count - 1
        var i = MemoTable.hash(keys[j]) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = Int32(j + 1)
    }
}

extension ObjectIdentifier {
    /// The identifier's address bits, for hashing without `Hasher`.
    static func bits(_ id: ObjectIdentifier) -> UInt { UInt(bitPattern: id) }
}

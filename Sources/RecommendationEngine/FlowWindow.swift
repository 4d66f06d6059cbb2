import CalicoModel
import Simulation

/// The aggregation key of Linseed's `L3Flow` (SPEC §5.3): the fields of its composite aggregation
/// (`linseed/pkg/backend/legacy/flows/flows.go`) that a `FlowLog` carries.
///
/// The source port is not part of Linseed's key and `process_name` is not modelled.
public struct L3FlowKey: Hashable, Sendable {
    public var action: FlowAction
    public var reporter: Reporter
    public var proto: String
    public var sourceType: EndpointType
    public var sourceNameAggr: String
    public var sourceNamespace: String
    public var destType: EndpointType
    public var destNameAggr: String
    public var destNamespace: String
    public var destPort: Int64?
    public var destServiceNamespace: String
    public var destServiceName: String
    public var destServicePortName: String
    public var destServicePortNum: Int64?

    /// Hashes the fields that usually tell keys apart; equality still compares every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(sourceNamespace)
        hasher.combine(destNamespace)
        hasher.combine(destNameAggr)
        hasher.combine(sourceNameAggr)
        hasher.combine(destPort)
    }

    public init(_ log: FlowLog) {
        action = log.action; reporter = log.reporter; proto = log.proto
        sourceType = log.sourceType; sourceNameAggr = log.sourceNameAggr; sourceNamespace = log.sourceNamespace
        destType = log.destType; destNameAggr = log.destNameAggr; destNamespace = log.destNamespace;
        destPort = log.destPort
        destServiceNamespace = log.destServiceNamespace; destServiceName = log.destServiceName
        destServicePortName = log.destServicePort; destServicePortNum = log.destServicePortNum
    }
}

/// One aggregated flow as the engine's query returns it: the key and the union of `dest_domains`.
public struct L3Flow: Hashable, Sendable {
    public var key: L3FlowKey
    /// Sorted; at most `FlowWindow.domainTermsLimit` entries (Elasticsearch's default `terms` size).
    public var destDomains: [String]
    public init(key: L3FlowKey, destDomains: [String] = []) { self.key = key; self.destDomains = destDomains }
}

/// Which trace answered a flow query (SPEC §2.4).
public enum FlowQueryTrace: String, Sendable, Hashable {
    /// `pending_policies` contained a `__PROFILE__` allow hit.
    case pending
    /// The fallback: `enforced_policies` (or legacy `all_policies`) contained one, after the pending query was empty.
    case enforced
    /// Either trace did (`query-fallback=all-unprotected`).
    case either
}

/// The result of `FlowWindow.query`.
public struct FlowQueryResult: Hashable, Sendable {
    public var flows: [L3Flow]
    /// The trace whose query produced `flows`; `.enforced` also when both were empty.
    public var trace: FlowQueryTrace
}

/// The flow logs Linseed holds, reduced to what the engine's query can return, indexed by namespace.
///
/// Flow logs are pre-aggregated per flush (`end_time`) and per namespace, keeping only records the engine's
/// query could ever match: a `__PROFILE__` allow hit in the pending or in the enforced/legacy trace. Data older
/// than `retention` is dropped, so memory is bounded by the traffic of one retention period.
public struct FlowWindow: Sendable {
    /// Elasticsearch's default `terms` aggregation size, which caps `dest_domains` per L3 flow
    /// (`domain-terms=10`).
    public static let domainTermsLimit = 10

    /// Buckets with `end_time <= now - retention` are dropped. The engine keeps this at least as large as the
    /// largest query window it can issue (`max(initialLookback, 2 × interval)`).
    public var retention: SimDuration
    /// Linseed's composite aggregation has no `missing_bucket` for `dest_port`, so flow logs without a
    /// destination port (ICMP, aggregation level 3) are absent from its L3 flows. True reproduces that
    /// (`portless-flows=dropped`). Fixed at creation, like the other assumptions the window reads.
    public var dropsFlowsWithoutDestPort: Bool { assumptions.portlessFlows == .dropped }
    /// The query's assumptions: `portless-flows`, `domain-terms`, `query-time-field`, `query-fallback`.
    public let assumptions: Assumptions
    /// The flow-log store's own retention (the delivery model): records whose time is at or before
    /// `now - storeRetention` are gone from every query, whatever its lookback. nil: kept longer than any lookback.
    public var storeRetention: SimDuration?

    struct EntryID: Hashable { var key: Int32; var mask: UInt8 }
    struct Entry { var key: Int32; var mask: UInt8; var domainCounts: [String: Int] }
    /// The (key, mask) entries of one namespace and flush, in first-seen order.
    struct Bucket {
        var endTime: Int64
        var entries: [Entry] = []
        /// The union of the entries' masks: which traces the bucket can answer.
        var masks: UInt8 = 0
        /// Position of each entry, kept only for out-of-order ingest (`entry(key:mask:)`); synced lazily.
        var index: [EntryID: Int] = [:]

        mutating func append(key: Int32, mask: UInt8) -> Int {
            entries.append(Entry(key: key, mask: mask, domainCounts: [:]))
            masks |= mask
            return entries.count - 1
        }

        /// The position of the entry for (key, mask), appended if absent.
        mutating func entry(key: Int32, mask: UInt8) -> Int {
            // Few entries: a linear scan beats hashing until the index pays off.
            if entries.count <= 32 {
                if let i = entries.firstIndex(where: { $0.key == key && $0.mask == mask }) { return i }
                return append(key: key, mask: mask)
            }
            for j in index.count..<entries.count { index[EntryID(key: entries[j].key, mask: entries[j].mask)] = j }
            if let i = index[EntryID(key: key, mask: mask)] { return i }
            let i = append(key: key, mask: mask)
            index[EntryID(key: key, mask: mask)] = i
            return i
        }

        /// One count per document and domain, as a terms aggregation counts.
        mutating func count(domains: [String], at i: Int) {
            for d in Set(domains) { entries[i].domainCounts[d, default: 0] += 1 }
        }
    }
    struct Series {
        var buckets: [Bucket] = []
        var head = 0
        mutating func prune(upTo cutoff: Int64) {
            while head < buckets.count, buckets[head].endTime <= cutoff { head += 1 }
            if head == buckets.count {
                buckets = []; head = 0
            } else if head > 64, head * 2 > buckets.count {
                buckets.removeFirst(head); head = 0
            }
        }
    }

    static let pendingBit: UInt8 = 1, enforcedBit: UInt8 = 2

    /// Interned L3 flow keys; a key's id is its position.
    var keys: [L3FlowKey] = []
    var keyIDs: [L3FlowKey: Int32] = [:]
    /// Per key id: where it is stored, and where in the newest flush.
    var keyStates: [KeyState] = []
    /// Namespace name → id; `series[id]` holds its flushes.
    var namespaceIDs: [String: Int32] = [:]
    var series: [Series] = []
    var ingestCache = IngestCache()
    var newestEndTime: Int64 = .min
    /// Distinct flow keys ignored because a name in them is not a valid Kubernetes name (`FlowWindow+Names`).
    public internal(set) var ignoredInvalidNameKeys = 0
    var lastPruneCutoff: Int64 = .min / 2

    public init(retention: SimDuration = .hours(24), assumptions: Assumptions = Assumptions()) {
        self.retention = retention
        self.assumptions = assumptions
    }

    /// Drops everything that `retention` no longer needs at `now`. Cheap when called often: the scan runs
    /// at most once per simulated hour.
    public mutating func prune(at now: SimInstant) {
        let cutoff = now.unixSeconds - retention.seconds
        guard cutoff >= lastPruneCutoff + 3600 || cutoff < lastPruneCutoff else { return }
        lastPruneCutoff = cutoff
        for i in series.indices { series[i].prune(upTo: cutoff) }
        // Stamps of dropped flushes no longer vouch for a stored entry.
        for i in keyStates.indices where keyStates[i].flush <= cutoff { keyStates[i].flush = .min }
    }

    /// Number of stored (namespace, flush, key) entries; for tests and capacity reports.
    public var storedEntryCount: Int {
        series.reduce(0) { total, s in total + s.buckets[s.head...].reduce(0) { $0 + $1.entries.count } }
    }

    /// The engine's flow query for `namespace` over `(now - lookback, now]` on `end_time` (SPEC §2.4):
    /// L3 flows whose source or destination namespace is `namespace` and whose pending trace has a
    /// `__PROFILE__` allow hit; only if there are none, the same with the enforced (or legacy all) trace.
    /// `query-fallback=all-unprotected` returns both at once; `query-time-field=start_time` files each
    /// flow log under its `start_time` instead.
    public func query(namespace: String, lookback: SimDuration, now: SimInstant) -> FlowQueryResult {
        let w = window(namespace: namespace, lookback: lookback, now: now)
        return FlowQueryResult(flows: collect(w).map(\.flow), trace: w.trace)
    }

    /// The buckets a query covers and the trace that answers it, without aggregating anything yet.
    struct Window {
        var buckets: ArraySlice<Bucket>
        var bit: UInt8
        var trace: FlowQueryTrace
        var isEmpty: Bool
    }

    func window(namespace: String, lookback: SimDuration, now: SimInstant) -> Window {
        guard let id = namespaceIDs[namespace] else {
            return Window(buckets: [], bit: FlowWindow.enforcedBit, trace: .enforced, isEmpty: true)
        }
        let s = series[Int(id)]
        let span = storeRetention.map { min($0, lookback) } ?? lookback
        let from = now.unixSeconds - span.seconds, to = now.unixSeconds
        // Buckets are sorted by end time: find the first with end_time > from.
        var lo = s.head, hi = s.buckets.count
        while lo < hi { let mid = (lo + hi) / 2; if s.buckets[mid].endTime > from { hi = mid } else { lo = mid + 1 } }
        var end = lo
        while end < s.buckets.count, s.buckets[end].endTime <= to { end += 1 }
        let slice = s.buckets[lo..<end]
        func has(_ bit: UInt8) -> Bool { slice.contains { $0.masks & bit != 0 } }
        if assumptions.queryFallback == .allUnprotected {
            let both = FlowWindow.pendingBit | FlowWindow.enforcedBit
            return Window(buckets: slice, bit: both, trace: .either, isEmpty: !has(both))
        }
        if has(FlowWindow.pendingBit) {
            return Window(buckets: slice, bit: FlowWindow.pendingBit, trace: .pending, isEmpty: false)
        }
        return Window(
            buckets: slice, bit: FlowWindow.enforcedBit, trace: .enforced, isEmpty: !has(FlowWindow.enforcedBit))
    }

    /// The L3 flows of a window, with their interned key ids, in first-seen order.
    func collect(_ w: Window) -> [(id: Int32, flow: L3Flow)] {
        var order: [Int32] = []
        var domains: [Int32: [String: Int]] = [:]
        var seen = Set<Int32>()
        for bucket in w.buckets {
            for e in bucket.entries where e.mask & w.bit != 0 {
                if seen.insert(e.key).inserted { order.append(e.key) }
                if !e.domainCounts.isEmpty { domains[e.key, default: [:]].merge(e.domainCounts, uniquingKeysWith: +) }
            }
        }
        return order.map { id in
            (
                id,
                L3Flow(
                    key: keys[Int(id)],
                    destDomains: domains[id].map { FlowWindow.topDomains($0, limit: domainTermsLimit) } ?? [])
            )
        }
    }

    /// The cap on an L3 flow's domains under `domain-terms`.
    var domainTermsLimit: Int { assumptions.domainTerms == .ten ? FlowWindow.domainTermsLimit : Int.max }

    /// The domains a terms aggregation returns (top `domainTermsLimit` by document count, ties by name),
    /// sorted by name as Linseed's `getDestDomainsFromAggregation` does.
    static func topDomains(_ counts: [String: Int], limit: Int = domainTermsLimit) -> [String] {
        var pairs = counts.map { ($0.key, $0.value) }
        if pairs.count > limit {
            pairs.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            pairs = Array(pairs.prefix(limit))
        }
        return pairs.map(\.0).sorted()
    }

    /// True for a hit string `idx|__PROFILE__|…|allow|…` (modern or legacy name part), the match
    /// `{tier: "__PROFILE__", action: "allow"}` of the engine's query.
    static func isProfileAllow(_ hit: String) -> Bool {
        var hit = hit
        return hit.withUTF8 { b -> Bool in
            var field = 0, start = 0
            for i in 0...b.count where i == b.count || b[i] == UInt8(ascii: "|") {
                let f = UnsafeBufferPointer(rebasing: b[start..<i])
                if field == 1 && !f.elementsEqual(profileTierBytes) { return false }
                if field == 3 { return f.elementsEqual(allowBytes) }
                field += 1
                start = i + 1
            }
            return false
        }
    }
    private static let profileTierBytes = Array("__PROFILE__".utf8)
    private static let allowBytes = Array("allow".utf8)
}

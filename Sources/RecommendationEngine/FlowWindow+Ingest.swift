import CalicoModel
import Simulation

/// Ingest: each record is resolved to an interned key id and query mask once per distinct record shape
/// (`IngestCache`), then stored at most once per (namespace, flush, key, mask). The generator copies records
/// from earlier windows, and copies share their text box, so after the first windows almost every record
/// is a cache hit, and a record of a (key, mask) already stored in its flush costs nothing more.
extension FlowWindow {
    /// Where a key is stored, and its entries in the buckets of the newest flush.
    struct KeyState: Sendable {
        /// The series holding the key: its source namespace, and its destination namespace when that differs;
        /// -1 for none (`-` or empty).
        var sourceNamespace: Int32
        var destNamespace: Int32
        /// The flush (`end_time`) that `entries` describe; `.min` when none. Only the newest flush is tracked.
        var flush: Int64 = .min
        /// Positions in that flush's buckets, at `mask - 1` (source series) and `3 + mask - 1` (destination
        /// series); -1 when absent.
        var entries = SIMD8<Int32>(repeating: -1)
    }

    /// Adds flow logs as they are flushed. Records in any order are accepted; in `end_time` order is fastest.
    public mutating func ingest<S: Sequence>(_ logs: S) where S.Element == FlowLog {
        for log in logs { ingest(log) }
    }

    /// Adds one flow log.
    ///
    /// Memory stays bounded even when no query runs (engine stopped): data older than `retention` before the
    /// newest `end_time` is dropped, assuming a log is ingested no earlier than its `end_time`.
    public mutating func ingest(_ log: borrowing FlowLog) {
        let cacheKey = IngestCache.Key(log)
        let value: IngestCache.Value
        if let cacheKey {
            value = ingestCache.value(for: cacheKey) ?? cacheMiss(log, cacheKey)
        } else {
            value = classify(log)
        }
        guard value.key >= 0 else { return }
        let end = assumptions.queryTimeField == .endTime ? log.endTime : log.startTime
        if end > newestEndTime {
            newestEndTime = end
            prune(at: SimInstant(unixSeconds: end))
        }
        let id = Int(value.key)
        let domains = value.hasDomains ? log.destDomains ?? [] : []
        guard end == newestEndTime else {
            // Out of order: find the flush's bucket and entry the slow way.
            let state = keyStates[id]
            for ns in [state.sourceNamespace, state.destNamespace] where ns >= 0 {
                series[Int(ns)].withBucket(end) { b in
                    let i = b.entry(key: value.key, mask: value.mask)
                    if !domains.isEmpty { b.count(domains: domains, at: i) }
                }
            }
            return
        }
        var state = keyStates[id]
        let slot = Int(value.mask) - 1
        if state.flush == end && !value.hasDomains
            && (state.sourceNamespace < 0 || state.entries[slot] >= 0)
            && (state.destNamespace < 0 || state.entries[3 + slot] >= 0)
        {
            return  // already stored in this flush, nothing to count
        }
        if state.flush != end { state.flush = end; state.entries = SIMD8(repeating: -1) }
        if state.sourceNamespace >= 0 {
            state.entries[slot] = store(
                value, domains, namespace: state.sourceNamespace, flush: end, at: state.entries[slot])
        }
        if state.destNamespace >= 0 {
            state.entries[3 + slot] = store(
                value, domains, namespace: state.destNamespace, flush: end, at: state.entries[3 + slot])
        }
        keyStates[id] = state
    }

    /// Adds a record to the newest flush of a namespace's series, at entry `position` (-1: a new entry);
    /// returns the entry's position.
    private mutating func store(
        _ value: IngestCache.Value, _ domains: [String], namespace: Int32, flush: Int64,
        at position: Int32
    ) -> Int32 {
        var i = Int(position)
        series[Int(namespace)].withNewestBucket(flush) { b in
            if i < 0 { i = b.append(key: value.key, mask: value.mask) }
            if !domains.isEmpty { b.count(domains: domains, at: i) }
        }
        return Int32(i)
    }

    /// Classifies a record not in the cache and caches the result.
    private mutating func cacheMiss(_ log: FlowLog, _ cacheKey: IngestCache.Key) -> IngestCache.Value {
        let value = classify(log)
        ingestCache.insert(cacheKey, value: value, token: log.textToken)
        return value
    }

    /// The key id, query mask and domain presence of a record; id -1 when the engine's queries never return it.
    private mutating func classify(_ log: FlowLog) -> IngestCache.Value {
        let ignored = IngestCache.Value(key: -1, mask: 0, hasDomains: false)
        var mask: UInt8 = 0
        if log.policies.pendingPolicies.contains(where: FlowWindow.isProfileAllow) { mask |= FlowWindow.pendingBit }
        if log.policies.enforcedPolicies.contains(where: FlowWindow.isProfileAllow)
            || (log.policies.allPolicies ?? []).contains(where: FlowWindow.isProfileAllow)
        {
            mask |= FlowWindow.enforcedBit
        }
        guard mask != 0 else { return ignored }
        if dropsFlowsWithoutDestPort && log.destPort == nil { return ignored }
        let key = L3FlowKey(log)
        if FlowWindow.invalidName(in: key) != nil { ignoredInvalidNameKeys += 1; return ignored }
        let id: Int32
        if let known = keyIDs[key] {
            id = known
        } else {
            id = Int32(keys.count)
            keys.append(key)
            keyIDs[key] = id
            let source = namespaceID(key.sourceNamespace)
            keyStates.append(
                KeyState(
                    sourceNamespace: source,
                    destNamespace: key.destNamespace == key.sourceNamespace ? -1 : namespaceID(key.destNamespace)))
        }
        return IngestCache.Value(key: id, mask: mask, hasDomains: !(log.destDomains ?? []).isEmpty)
    }

    /// The id of a namespace's series, created on first use; -1 for `-` and empty names (no namespace).
    private mutating func namespaceID(_ name: String) -> Int32 {
        guard name != "-", !name.isEmpty else { return -1 }
        if let id = namespaceIDs[name] { return id }
        let id = Int32(series.count)
        namespaceIDs[name] = id
        series.append(Series())
        return id
    }
}

extension FlowWindow.Series {
    /// Runs `body` on the bucket of `endTime`, which must be the newest flush: the last bucket, or a new one.
    mutating func withNewestBucket(_ endTime: Int64, _ body: (inout FlowWindow.Bucket) -> Void) {
        if let last = buckets.indices.last, last >= head, buckets[last].endTime == endTime {
            body(&buckets[last])
        } else {
            var b = FlowWindow.Bucket(endTime: endTime)
            body(&b)
            buckets.append(b)
        }
    }

    /// Runs `body` on the bucket of `endTime`, inserted in order if absent.
    mutating func withBucket(_ endTime: Int64, _ body: (inout FlowWindow.Bucket) -> Void) {
        if buckets.count == head || buckets[buckets.count - 1].endTime < endTime {
            withNewestBucket(endTime, body)
            return
        }
        var lo = head, hi = buckets.count
        while lo < hi { let mid = (lo + hi) / 2; if buckets[mid].endTime < endTime { lo = mid + 1 } else { hi = mid } }
        if lo < buckets.count, buckets[lo].endTime == endTime { body(&buckets[lo]); return }
        var b = FlowWindow.Bucket(endTime: endTime); body(&b); buckets.insert(b, at: lo)
    }
}

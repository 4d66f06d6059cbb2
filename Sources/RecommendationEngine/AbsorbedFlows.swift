/// The L3 flows (by interned key id) known to leave a recommendation's rebuilt rules unchanged, with the
/// domains each was seen with. A bit per key id, so the per-tick check of a window costs a few loads.
struct AbsorbedFlows: Sendable {
    private var bits: [UInt64] = []
    /// Domains of absorbed flows that had some; a flow absorbed without domains has none here.
    private var domains: [Int32: Set<String>] = [:]

    /// Records that the flow `id`, seen with `domains`, changes nothing. Domains accumulate: if the flow
    /// with either of two domain sets leaves the rules unchanged, all those domains are already covered
    /// (or filtered out), so any subset of their union does too.
    mutating func insert(_ id: Int32, domains flowDomains: [String]) {
        let word = Int(id) >> 6
        if word >= bits.count { bits.append(contentsOf: repeatElement(0, count: word - bits.count + 1)) }
        bits[word] |= 1 << UInt64(id & 63)
        if !flowDomains.isEmpty { domains[id, default: []].formUnion(flowDomains) }
    }

    /// True if flow `id` is absorbed and was seen with every domain counted in `domainCounts`.
    func contains(_ id: Int32, domains domainCounts: [String: Int]) -> Bool {
        let word = Int(id) >> 6
        guard word < bits.count, bits[word] & (1 << UInt64(id & 63)) != 0 else { return false }
        if domainCounts.isEmpty { return true }
        guard let known = domains[id] else { return false }
        return domainCounts.keys.allSatisfy(known.contains)
    }
}

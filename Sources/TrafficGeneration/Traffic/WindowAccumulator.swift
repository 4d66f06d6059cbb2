import CalicoModel
import PolicyEvaluation

/// Collects one window's connections into classes keyed by (source, destination, template) indices.
struct WindowAccumulator: Sendable {
    struct Key: Hashable { var src: Int32, dst: Int32, template: Int32 }
    struct Entry {
        var key: Key
        var count: Int64 = 0
        var bytesSent: Int64 = 0, bytesReceived: Int64 = 0, packetsSent: Int64 = 0, packetsReceived: Int64 = 0
        var truth: [(pattern: Int, count: Int64)] = []
    }
    var index: [Key: Int] = [:]
    var entries: [Entry] = []

    mutating func add(src: Int, dst: Int, template: Int, pattern: Int, count: Int, size: FlowSize) {
        let key = Key(src: Int32(src), dst: Int32(dst), template: Int32(template))
        let i: Int
        if let existing = index[key] { i = existing } else {
            i = entries.count
            entries.append(Entry(key: key))
            index[key] = i
        }
        let n = Int64(count)
        entries[i].count += n
        entries[i].bytesSent += n * size.sent
        entries[i].bytesReceived += n * size.received
        entries[i].packetsSent += n * (2 + (size.sent + 1399) / 1400)
        entries[i].packetsReceived += n * (1 + (size.received + 1399) / 1400)
        if let last = entries[i].truth.indices.last, entries[i].truth[last].pattern == pattern {
            entries[i].truth[last].count += n
        } else if let j = entries[i].truth.firstIndex(where: { $0.pattern == pattern }) {
            entries[i].truth[j].count += n
        } else {
            entries[i].truth.append((pattern, n))
        }
    }

    /// The window's classes in first-seen order; resets for the next window.
    mutating func drain(endpoints: [FlowEndpoint], nodes: [String?], nodeIndex: [Int32], groups: [Int32],
                        templates: [ConnectionTemplate], patterns: [CompiledPattern]) -> [ConnectionClass] {
        var out: [ConnectionClass] = []
        out.reserveCapacity(entries.count)
        for e in entries {
            let t = templates[Int(e.key.template)]
            let src = Int(e.key.src), dst = Int(e.key.dst)
            let connection = Connection(source: endpoints[src], destination: endpoints[dst], protocol: t.proto,
                                        destinationPort: t.port, service: t.service, destinationDomains: t.domains)
            var c = ConnectionClass(
                connection: connection, sourceNode: nodes[src], destinationNode: nodes[dst], count: e.count,
                bytesSent: e.bytesSent, bytesReceived: e.bytesReceived, packetsSent: e.packetsSent, packetsReceived: e.packetsReceived,
                truth: e.truth.map { let s = patterns[$0.pattern].spec
                    return PatternCount(patternID: s.id, rarity: s.rarity, truth: s.truth, count: $0.count) })
            c.identity = ClassIdentity(source: e.key.src, destination: e.key.dst, sourceGroup: groups[src], destinationGroup: groups[dst],
                                       template: e.key.template, sourceNode: nodeIndex[src], destinationNode: nodeIndex[dst])
            out.append(c)
        }
        entries.removeAll(keepingCapacity: true)
        index.removeAll(keepingCapacity: true)
        return out
    }
}

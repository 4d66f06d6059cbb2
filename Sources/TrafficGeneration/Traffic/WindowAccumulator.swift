import CalicoModel
import PolicyEvaluation
import Scenario
import Simulation

/// Collects one window's connections into classes keyed by (source, destination, template) indices.
struct WindowAccumulator: Sendable {
    struct Key: FastHashable, Sendable {
        var src: Int32, dst: Int32, template: Int32
        var fastHash: UInt64 {
            fastMix(
                UInt64(UInt32(bitPattern: src)) << 32 | UInt64(UInt32(bitPattern: dst)) ^ UInt64(
                    UInt32(bitPattern: template)) &* 0x9E37_79B9_7F4A_7C15)
        }
    }
    struct Entry {
        var key: Key
        var count: Int64 = 0
        var bytesSent: Int64 = 0, bytesReceived: Int64 = 0, packetsSent: Int64 = 0, packetsReceived: Int64 = 0
        var first = TruthEntry(pattern: -1, count: 0)
        var more: [TruthEntry] = []
    }
    var index = FastIndex<Key>()
    var entries: [Entry] = []

    mutating func add(src: Int, dst: Int, template: Int, pattern: Int, count: Int, size: FlowSize) {
        let key = Key(src: Int32(src), dst: Int32(dst), template: Int32(template))
        let i: Int
        if let existing = index.find(key) {
            i = existing
        } else {
            i = index.insert(key)
            entries.append(Entry(key: key))
        }
        let n = Int64(count), p = Int32(pattern)
        entries[i].count += n
        entries[i].bytesSent += n * size.sent
        entries[i].bytesReceived += n * size.received
        entries[i].packetsSent += n * (2 + (size.sent + 1399) / 1400)
        entries[i].packetsReceived += n * (1 + (size.received + 1399) / 1400)
        if entries[i].first.pattern == p || entries[i].first.pattern < 0 {
            entries[i].first.pattern = p
            entries[i].first.count += n
        } else if let j = entries[i].more.firstIndex(where: { $0.pattern == p }) {
            entries[i].more[j].count += n
        } else {
            entries[i].more.append(TruthEntry(pattern: p, count: n))
        }
    }

    /// The window's classes in first-seen order; resets for the next window.
    mutating func drain(table: ConnectionTables, nodeIndex: [Int32]) -> [ConnectionClass] {
        var out: [ConnectionClass] = []
        out.reserveCapacity(entries.count)
        for e in entries {
            let src = Int(e.key.src), dst = Int(e.key.dst)
            let id = ClassIdentity(
                source: e.key.src, destination: e.key.dst, sourceGroup: table.groups[src],
                destinationGroup: table.groups[dst], template: e.key.template,
                sourceNode: nodeIndex[src], destinationNode: nodeIndex[dst])
            out.append(
                ConnectionClass(
                    table: table, identity: id, count: e.count, bytesSent: e.bytesSent,
                    bytesReceived: e.bytesReceived, packetsSent: e.packetsSent,
                    packetsReceived: e.packetsReceived, firstTruth: e.first, moreTruth: e.more))
        }
        entries.removeAll(keepingCapacity: true)
        index.removeAll()
        return out
    }
}

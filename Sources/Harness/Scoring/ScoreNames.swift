import Simulation

/// Dense ids for the strings the scorer keys on (namespaces, flow classes, patterns, rarities), so that scoring an
/// observation hashes no string: ids are assigned where an observation's parts are first built (once per memoised
/// connection), and names are looked up again only when results are written.
public struct ScoreNames: Sendable {
    private var ids: [String: Int32] = [:]
    public private(set) var names: [String] = []

    public init() {}

    /// The id of `name`, assigned on first sight.
    public mutating func id(_ name: String) -> Int32 {
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        ids[name] = id
        names.append(name)
        return id
    }

    public subscript(id: Int32) -> String { names[Int(id)] }
    public var count: Int { names.count }

    /// Each id's position in the names' sorted order (for sorting ids as their names would sort).
    public func ranks() -> [Int32] {
        var rank = [Int32](repeating: 0, count: names.count)
        for (r, i) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() { rank[i] = Int32(r) }
        return rank
    }
}

/// A growable set of small non-negative integers.
struct BitSet: Sendable, Hashable {
    private var words: [UInt64] = []

    @inline(__always)
    mutating func insert(_ i: Int32) {
        let w = Int(i) >> 6
        if w >= words.count { words.append(contentsOf: repeatElement(0, count: w - words.count + 1)) }
        words[w] |= 1 << UInt64(Int(i) & 63)
    }

    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// The members, ascending.
    var members: [Int32] {
        var out: [Int32] = []
        for (w, word) in words.enumerated() where word != 0 {
            for b in 0..<64 where word & (1 << UInt64(b)) != 0 { out.append(Int32(w * 64 + b)) }
        }
        return out
    }
}

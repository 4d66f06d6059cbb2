import CalicoModel
import Simulation

/// Ingest's memo: a record's text box (shared by records copied from one another) plus the numeric fields
/// outside it → the record's interned key id, query mask and whether it carries domains.
///
/// At tens of millions of records a month the cost of a lookup is its cache misses, not the arithmetic, so
/// entries are small (16-byte keys) and probes read a tag before an entry. Two generations
/// keep the table about the size of what recent flushes use: when the current generation is full it becomes
/// the previous one, and entries still in use are copied forward on their next lookup; the rest are
/// forgotten. The generation size doubles while most entries of a generation are copies (the working set is
/// larger than a generation).
struct IngestCache: Sendable {
    struct Key: Equatable, Sendable {
        var text: ObjectIdentifier
        /// action, reporter, source and destination types, and the two ports with a presence bit each.
        var fields: UInt64

        /// Nil when a port lies outside 0...65535 (such records are classified without the cache).
        init?(_ log: borrowing FlowLog) {
            var f = UInt64(log.action == .allow ? 0 : 1)
            f |= UInt64(Key.code(log.reporter)) << 1
            f |= UInt64(Key.code(log.sourceType)) << 3
            f |= UInt64(Key.code(log.destType)) << 5
            guard let port = Key.port(log.destPort), let servicePort = Key.port(log.destServicePortNum) else { return nil }
            f |= port << 8 | servicePort << 32
            text = log.textIdentity
            fields = f
        }

        var hash: UInt64 { fastMix(UInt64(UInt(bitPattern: text)) ^ fastMix(fields)) }

        /// A port in 17 bits: `1 << 16 | port`, or 0 for none.
        static func port(_ p: Int64?) -> UInt64? {
            guard let p else { return 0 }
            guard (0...0xFFFF).contains(p) else { return nil }
            return 1 << 16 | UInt64(p)
        }
        static func code(_ r: Reporter) -> UInt8 { switch r { case .src: 0; case .dst: 1; case .fwd: 2 } }
        static func code(_ t: EndpointType) -> UInt8 { switch t { case .wep: 0; case .hep: 1; case .ns: 2; case .net: 3 } }
    }

    struct Value: Sendable {
        /// Interned L3 flow key; -1 when the engine's queries never return the record.
        var key: Int32
        var mask: UInt8
        var hasDomains: Bool
    }

    private var current = Table()
    private var previous = Table()
    /// Entries per generation.
    private(set) var generationSize = 1 << 15
    private var copiedForward = 0
    static let maximumGenerationSize = 1 << 20
    /// The entry of the previous lookup in `current`, or -1.
    private var last: Int32 = -1

    /// Number of entries in both generations.
    var count: Int { current.count + previous.count }

    /// The cached value of `key`, if any.
    ///
    /// Each entry remembers the entry looked up after it last time: records often arrive in the same order
    /// as in the previous flush, and a right guess skips hashing and probing.
    mutating func value(for key: Key) -> Value? {
        if last >= 0 {
            let guess = current.entries[Int(last)].next
            if guess >= 0 && current.entries[Int(guess)].key == key {
                last = guess
                return current.entries[Int(guess)].value
            }
        }
        let hash = key.hash
        if let i = current.find(key, hash: hash) {
            follow(Int32(i))
            return current.entries[i].value
        }
        guard let i = previous.find(key, hash: hash) else { return nil }
        let entry = previous.entries[i]
        copiedForward += 1
        insert(key, hash: hash, value: entry.value, token: previous.tokens[i])
        return entry.value
    }

    /// Caches `value` for `key`; `token` is the record's text box, held so that its identity is not reused.
    mutating func insert(_ key: Key, value: Value, token: any AnyObject & Sendable) {
        insert(key, hash: key.hash, value: value, token: token)
    }

    private mutating func insert(_ key: Key, hash: UInt64, value: Value, token: any AnyObject & Sendable) {
        if current.count >= generationSize {
            if copiedForward * 2 > generationSize && generationSize < IngestCache.maximumGenerationSize { generationSize *= 2 }
            copiedForward = 0
            swap(&current, &previous)
            current.removeAll()
            last = -1
        }
        current.insert(key, hash: hash, value: value, token: token)
        follow(Int32(current.count - 1))
    }

    /// Records that entry `i` was looked up right after `last`.
    private mutating func follow(_ i: Int32) {
        if last >= 0 { current[next: Int(last)] = i }
        last = i
    }

    /// One generation: entries in insertion order, found through open-addressing slots that carry a hash
    /// tag, so that a probe reads only the entry that matches.
    private struct Table: Sendable {
        struct Entry: Sendable {
            var key: Key
            var value: Value
            /// The entry looked up after this one last time, or -1.
            var next: Int32 = -1
        }
        /// `(index + 1) << 32 | tag`; 0 is empty.
        private var slots = [UInt64](repeating: 0, count: 64)
        private(set) var entries: [Entry] = []
        private(set) var tokens: [any AnyObject & Sendable] = []
        private var mask = 63
        var count: Int { entries.count }

        func find(_ key: Key, hash: UInt64) -> Int? {
            let tag = hash >> 32
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let s = slots[i]
                if s == 0 { return nil }
                if s & 0xFFFF_FFFF == tag {
                    let e = Int(s >> 32) - 1
                    if entries[e].key == key { return e }
                }
                i = (i + 1) & mask
            }
        }

        subscript(next i: Int) -> Int32 {
            get { entries[i].next }
            set { entries[i].next = newValue }
        }

        mutating func insert(_ key: Key, hash: UInt64, value: Value, token: any AnyObject & Sendable) {
            if (entries.count + 1) * 2 > slots.count { grow() }
            entries.append(Entry(key: key, value: value))
            tokens.append(token)
            place(entries.count - 1, hash: hash)
        }

        mutating func removeAll() {
            entries.removeAll(keepingCapacity: true)
            tokens.removeAll(keepingCapacity: true)
            for i in slots.indices { slots[i] = 0 }
        }

        private mutating func place(_ index: Int, hash: UInt64) {
            var i = Int(truncatingIfNeeded: hash) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = UInt64(index + 1) << 32 | hash >> 32
        }

        private mutating func grow() {
            slots = [UInt64](repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for i in entries.indices { place(i, hash: entries[i].key.hash) }
        }
    }
}


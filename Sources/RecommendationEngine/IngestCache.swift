import CalicoModel
import Simulation

/// Ingest's memo: a record's text box (shared by records copied from one another) plus the numeric fields
/// outside it → the record's interned key id, query mask and whether it carries domains.
///
/// At tens of millions of records a month the cost of a lookup is its cache misses, not the arithmetic, so
/// keys are small (16 bytes) and `FastIndex` probes compare hash tags before keys. Two generations
/// keep the table about the size of what recent flushes use: when the current generation is full it becomes
/// the previous one, and entries still in use are copied forward on their next lookup; the rest are
/// forgotten. The generation size doubles while most entries of a generation are copies (the working set is
/// larger than a generation).
struct IngestCache: Sendable {
    struct Key: FastHashable, Sendable {
        var text: ObjectIdentifier
        /// action, reporter, source and destination types, and the two ports with a presence bit each.
        var fields: UInt64

        /// Nil when a port lies outside 0...65535 (such records are classified without the cache).
        init?(_ log: borrowing FlowLog) {
            var f = UInt64(log.action == .allow ? 0 : 1)
            f |= UInt64(Key.code(log.reporter)) << 1
            f |= UInt64(Key.code(log.sourceType)) << 3
            f |= UInt64(Key.code(log.destType)) << 5
            guard let port = Key.port(log.destPort), let servicePort = Key.port(log.destServicePortNum) else {
                return nil
            }
            f |= port << 8 | servicePort << 32
            text = log.textIdentity
            fields = f
        }

        var fastHash: UInt64 { fastMix(UInt64(UInt(bitPattern: text)) ^ fastMix(fields)) }

        /// A port in 17 bits: `1 << 16 | port`, or 0 for none.
        static func port(_ p: Int64?) -> UInt64? {
            guard let p else { return 0 }
            guard (0...0xFFFF).contains(p) else { return nil }
            return 1 << 16 | UInt64(p)
        }
        static func code(_ r: Reporter) -> UInt8 {
            switch r {
            case .src: 0;
            case .dst: 1;
            case .fwd: 2
            }
        }
        static func code(_ t: EndpointType) -> UInt8 {
            switch t {
            case .wep: 0;
            case .hep: 1;
            case .ns: 2;
            case .net: 3
            }
        }
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
            let guess = current.next[Int(last)]
            if guess >= 0 && current.index[Int(guess)] == key {
                last = guess
                return current.values[Int(guess)]
            }
        }
        let hash = key.fastHash
        if let i = current.index.find(key, hash: hash) {
            follow(Int32(i))
            return current.values[i]
        }
        guard let i = previous.index.find(key, hash: hash) else { return nil }
        copiedForward += 1
        let value = previous.values[i]
        insert(key, hash: hash, value: value, token: previous.tokens[i])
        return value
    }

    /// Caches `value` for `key`; `token` is the record's text box, held so that its identity is not reused.
    mutating func insert(_ key: Key, value: Value, token: any AnyObject & Sendable) {
        insert(key, hash: key.fastHash, value: value, token: token)
    }

    private mutating func insert(_ key: Key, hash: UInt64, value: Value, token: any AnyObject & Sendable) {
        if current.count >= generationSize {
            if copiedForward * 2 > generationSize && generationSize < IngestCache.maximumGenerationSize {
                generationSize *= 2
            }
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
        if last >= 0 { current.next[Int(last)] = i }
        last = i
    }

    /// One generation: keys by dense index, with their values, successor guesses and text boxes alongside.
    private struct Table: Sendable {
        var index = FastIndex<Key>()
        var values: [Value] = []
        /// The entry looked up after this one last time, or -1.
        var next: [Int32] = []
        var tokens: [any AnyObject & Sendable] = []
        var count: Int { index.count }

        mutating func insert(_ key: Key, hash: UInt64, value: Value, token: any AnyObject & Sendable) {
            _ = index.insert(key, hash: hash)
            values.append(value)
            next.append(-1)
            tokens.append(token)
        }

        mutating func removeAll() {
            index.removeAll()
            values.removeAll(keepingCapacity: true)
            next.removeAll(keepingCapacity: true)
            tokens.removeAll(keepingCapacity: true)
        }
    }
}

import CLineScan
import Foundation
import Simulation

/// Lines that repeat an earlier line's bytes except for its numbers, recognised without parsing them again.
///
/// A flow-log writer emits the same keys in the same order, and the same text for the same flow, window after
/// window; only counts and times change. So once the fast path has read a line, its bytes become a template:
/// literal pieces with number slots between them (every integer field, and every number-valued unknown field).
/// A later line matches the template when each literal piece is byte-for-byte equal and each slot holds a
/// number of the same kind (an integer of at most 18 digits without fraction or exponent for a field recsim
/// reads; any JSON number for another). Such a line has the same keys, the same text and the same nulls as the
/// template's line, so the fast path would read it to the same text and differ only in the integers: the
/// decoder copies the template's resolved record and sets the integers read from the slots.
///
/// A template is found by a key: the hash of the line with every run of number bytes that follows a colon left
/// out. The key only picks candidates (a bucket of at most `maxPerBucket`, most recently matched first); the byte
/// comparison decides, so a colliding key or a colon inside a string costs a comparison, never a wrong record.
///
/// A template keeps its line as parts: a literal piece, then a slot (or the end of the line). Pieces are interned:
/// the templates of one writer share most of them (keys, names, labels, policy hits), so the distinct pieces of a
/// 200-namespace cluster's logs take about a tenth of the bytes its templates' lines hold, and the bytes a
/// comparison reads stay in the processor's cache.
struct LineTemplates {
    /// A number in a line: bytes `start..<end`; `field` is the decoder's field index, -1 for a number-valued field
    /// recsim does not read (checked to be a JSON number, then skipped).
    struct Slot {
        var start: Int32
        var end: Int32
        var field: Int32
    }
    /// A literal piece (in `pieces`) and the slot after it (`recsim_template_match`).
    typealias Part = recsim_part

    struct Template {
        /// Its parts in `parts`, the last one ending the line.
        var partStart: Int32
        var partCount: Int32
        /// Fields present (not null) in the line.
        var present: UInt64
        var resolved: FlowLogDecoder.Resolved
        /// The next template of the same key (-1: none).
        var next: Int32
        /// Memory the decoder reads after a match (its prototype record and text), fetched while the line is
        /// compared. Only an address: it may have moved since, which costs nothing but the prefetch.
        var prefetch: (UnsafeRawPointer?, UnsafeRawPointer?)
    }

    static let maxPerBucket = 8

    /// Buckets by key, open addressing with linear probing: the key and the bucket's first template (-1: an
    /// empty slot) side by side, so a lookup reads one slot.
    private var table = [Bucket](repeating: Bucket(key: 0, head: -1), count: 1024)
    private var buckets = 0
    struct Bucket {
        var key: UInt64
        var head: Int32
    }
    private var templates: [Template] = []
    private var parts: [Part] = []
    private var pieces = ByteTable()
    /// The key of the line last looked up, and the slot `match` stopped at (its bucket, or the empty slot for
    /// it), for `add`.
    private var lastKey: UInt64 = 0
    private var lastBucket = -1

    var count: Int { templates.count }
    /// Lines read from a template so far (tests check that the path is taken).
    private(set) var hits = 0
    /// Bytes held by the templates: their pieces and parts.
    var bytes: Int { pieces.bytes + parts.count * MemoryLayout<Part>.stride }

    mutating func removeAll() {
        table = [Bucket](repeating: Bucket(key: 0, head: -1), count: 1024)
        buckets = 0
        templates.removeAll(keepingCapacity: true); parts.removeAll(keepingCapacity: true)
        pieces.removeAll()
        lastBucket = -1
    }

    /// The template `line` matches, with its integers written to `ints` by field; nil when none does.
    mutating func match(
        _ line: UnsafePointer<UInt8>, _ n: Int, ints: FieldSlots<Int64>
    ) -> (present: UInt64, resolved: FlowLogDecoder.Resolved)? {
        let key = Self.key(line, n)
        lastKey = key
        let bucket = slot(for: key)
        lastBucket = bucket
        guard table[bucket].head >= 0 else { return nil }
        var t = table[bucket].head, previous: Int32 = -1
        while t >= 0 {
            let template = templates[Int(t)]
            recsim_prefetch(template.prefetch.0)
            recsim_prefetch(template.prefetch.1)
            if matches(template, line, n, ints: ints) {
                if previous >= 0 {  // most recently matched first
                    templates[Int(previous)].next = template.next
                    templates[Int(t)].next = table[bucket].head
                    table[bucket].head = t
                }
                hits &+= 1
                return (template.present, template.resolved)
            }
            previous = t
            t = template.next
        }
        return nil
    }

    /// Adds the line last passed to `match` (which found no template) as a template.
    mutating func add(
        _ line: UnsafePointer<UInt8>, _ n: Int, slots lineSlots: [Slot], present: UInt64,
        resolved: FlowLogDecoder.Resolved, prefetch: (UnsafeRawPointer?, UnsafeRawPointer?)
    ) {
        let id = Int32(templates.count)
        let partStart = parts.count
        var q = 0
        for slot in lineSlots {
            parts.append(part(line + q, Int(slot.start) - q, then: slot.field))
            q = Int(slot.end)
        }
        parts.append(part(line + q, n - q, then: RECSIM_PART_END))
        templates.append(
            Template(
                partStart: Int32(partStart), partCount: Int32(parts.count - partStart), present: present,
                resolved: resolved, next: -1, prefetch: prefetch))
        if lastBucket < 0 { lastBucket = slot(for: lastKey) }  // the table changed since `match`
        if table[lastBucket].head < 0 {  // a new bucket, in the empty slot `match` stopped at
            table[lastBucket] = Bucket(key: lastKey, head: id)
            buckets += 1
            if buckets * 2 > table.count { grow() }
            return
        }
        // First in its bucket; the bucket keeps its `maxPerBucket` most recent templates.
        templates[Int(id)].next = table[lastBucket].head
        table[lastBucket].head = id
        var t = id, kept = 1
        while templates[Int(t)].next >= 0 {
            if kept == Self.maxPerBucket { templates[Int(t)].next = -1; break }
            t = templates[Int(t)].next
            kept += 1
        }
    }

    /// The part for `count` literal bytes at `bytes` (interned) followed by `field`'s slot.
    private mutating func part(_ bytes: UnsafePointer<UInt8>, _ count: Int, then field: Int32) -> Part {
        let piece = pieces.id(UnsafeRawBufferPointer(start: bytes, count: count)).id
        return Part(offset: UInt32(pieces.start(of: piece)), length: UInt32(count), field: field)
    }

    /// The slot of `key`'s bucket, or the empty slot where it would go.
    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        let mask = table.count - 1
        var i = Int(truncatingIfNeeded: key >> 7) & mask
        while table[i].head >= 0 && table[i].key != key { i = (i + 1) & mask }
        return i
    }

    private mutating func grow() {
        let old = table
        table = [Bucket](repeating: Bucket(key: 0, head: -1), count: old.count * 2)
        for b in old where b.head >= 0 { table[slot(for: b.key)] = b }  // keys are distinct: an empty slot
        lastBucket = -1
    }

    /// Whether `line` is the template's line with other numbers in its slots; the integers go to `ints`
    /// (`recsim_template_match`).
    @inline(__always)
    private func matches(_ t: Template, _ line: UnsafePointer<UInt8>, _ n: Int, ints: FieldSlots<Int64>) -> Bool {
        pieces.withArena { a in
            parts.withUnsafeBufferPointer { p in
                recsim_template_match(
                    line, n, a.baseAddress, p.baseAddress! + Int(t.partStart), Int(t.partCount), ints.pointer)
            }
        }
    }

    // MARK: - Key

    /// The hash of a line without the runs of number bytes that follow a colon (`recsim_line_key`, in C for SSE2).
    @inline(__always)
    static func key(_ b: UnsafePointer<UInt8>, _ n: Int) -> UInt64 { recsim_line_key(b, n) }
}

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
struct LineTemplates {
    /// A number in the template's line: bytes `start..<end`; `field` is the decoder's field index, -1 for a
    /// number-valued field recsim does not read (checked to be a JSON number, then skipped).
    typealias Slot = recsim_slot

    struct Template {
        /// The template's line in `arena`.
        var start: Int
        var count: Int
        /// Its slots in `slots`.
        var slotStart: Int32
        var slotCount: Int32
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
    private var slots: [Slot] = []
    private var arena: [UInt8] = []
    /// The key of the line last looked up, and the slot `match` stopped at (its bucket, or the empty slot for
    /// it), for `add`.
    private var lastKey: UInt64 = 0
    private var lastBucket = -1

    var count: Int { templates.count }
    /// Lines read from a template so far (tests check that the path is taken).
    private(set) var hits = 0
    /// Bytes held by the templates' lines.
    var bytes: Int { arena.count }

    mutating func removeAll() {
        table = [Bucket](repeating: Bucket(key: 0, head: -1), count: 1024)
        buckets = 0
        templates.removeAll(keepingCapacity: true); slots.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
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
        let start = arena.count
        arena.append(contentsOf: UnsafeBufferPointer(start: line, count: n))
        templates.append(
            Template(
                start: start, count: n, slotStart: Int32(slots.count), slotCount: Int32(lineSlots.count),
                present: present, resolved: resolved, next: -1, prefetch: prefetch))
        slots.append(contentsOf: lineSlots)
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
        arena.withUnsafeBufferPointer { a in
            slots.withUnsafeBufferPointer { s in
                recsim_template_match(
                    line, n, a.baseAddress! + t.start, t.count, s.baseAddress! + Int(t.slotStart), Int(t.slotCount),
                    ints.pointer)
            }
        }
    }

    // MARK: - Key

    /// The hash of a line without the runs of number bytes that follow a colon (`recsim_line_key`, in C for SSE2).
    @inline(__always)
    static func key(_ b: UnsafePointer<UInt8>, _ n: Int) -> UInt64 { recsim_line_key(b, n) }
}

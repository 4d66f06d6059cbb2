import HeapModule

/// A priority queue of events ordered by (time, insertion sequence).
///
/// `Heap` alone does not order ties; the sequence number makes equal-time events pop in the order they
/// were scheduled, so runs are deterministic.
public struct EventQueue<Event>: Sendable where Event: Sendable {
    private struct Entry: Comparable, Sendable {
        var time: SimInstant
        var sequence: UInt64
        var event: Event
        static func < (a: Entry, b: Entry) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }
        static func == (a: Entry, b: Entry) -> Bool { a.time == b.time && a.sequence == b.sequence }
    }

    private var heap = Heap<Entry>()
    private var nextSequence: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }
    /// Time of the earliest pending event.
    public var nextTime: SimInstant? { heap.min?.time }

    public mutating func schedule(_ event: Event, at time: SimInstant) {
        heap.insert(Entry(time: time, sequence: nextSequence, event: event))
        nextSequence += 1
    }

    /// Removes and returns the earliest event.
    public mutating func pop() -> (time: SimInstant, event: Event)? {
        guard let e = heap.popMin() else { return nil }
        return (e.time, e.event)
    }
}

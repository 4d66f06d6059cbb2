/// When each node flushes within the flush interval (the delivery model). Felix on every node flushes every
/// `flowLogsFlushInterval` from its own start (SPEC §5.2), so real nodes are not aligned.
public enum FlushPhase: String, CaseIterable, Hashable, Sendable {
    /// Every node flushes at the same instants (the behaviour before the delivery model).
    case aligned
    /// Node i of N flushes i/N of an interval after the aligned instants.
    case spread
    /// Each node's offset is drawn once, uniformly within the interval, from a stream of the run's seed.
    case random
}

import CalicoModel
import PolicyEvaluation
import Scenario
import Simulation

/// Produces a scenario's connection attempts, one flush window at a time, under a virtual clock.
///
/// Connection attempts do not depend on policies, so one simulation can feed any number of evaluators
/// (see `FlowLogAggregator`). Memory stays bounded by one window: call `nextWindow()` until it returns nil.
///
/// Randomness: every pattern draws from streams derived from the run seed and the pattern id, and from
/// there per window (rate-based shapes) or per period (periodic shapes), so adding a pattern or an event
/// never shifts another pattern's traffic.
public struct TrafficSimulator: Sendable {
    public let scenario: Scenario
    public let cluster: Cluster
    public let seed: UInt64
    /// Start of the window `nextWindow()` returns next.
    public private(set) var now: SimInstant
    public let end: SimInstant

    var patterns: [CompiledPattern] = []
    var ratePatterns: [Int] = []
    var endpoints: [FlowEndpoint] = []
    var endpointNodes: [String?] = []
    /// Per endpoint: index of its node in `cluster.nodes` (-1 for none).
    var endpointNodeIndex: [Int32] = []
    /// Endpoints, templates and patterns, shared by every window's classes.
    var table = ConnectionTables(endpoints: [], nodes: [], templates: [], patterns: [], workloadOfEndpoint: [])
    var podEndpoints: [[Int]] = []
    var workloadNamespace: [Int] = []
    var templates: [ConnectionTemplate] = []
    var namespacePresent: [Bool] = []
    var workloadPresent: [Bool] = []
    var topologyVersion = 0
    var queue = EventQueue<SimEvent>()
    var windowIndex = 0
    var accumulator = WindowAccumulator()
    var pendingChanges: [TopologyChange] = []
    /// Index of the next `scenario.events` entry to apply (they are sorted by time).
    var nextScenarioEvent = 0

    /// - Parameters:
    ///   - seed: the run's seed (default: the scenario's `seed`).
    ///   - duration: overrides the scenario's duration (e.g. `--days 1` in CI).
    public init(scenario: Scenario, cluster: Cluster? = nil, seed: UInt64? = nil, duration: SimDuration? = nil) {
        self.scenario = scenario
        self.cluster = cluster ?? Cluster(scenario: scenario)
        self.seed = seed ?? scenario.seed
        now = scenario.start
        end = scenario.start + (duration ?? scenario.duration)
        compile()
    }

    /// Number of windows the run has in total.
    public var windowCount: Int {
        let f = scenario.flowLogs.flushInterval.seconds
        return Int((end.unixSeconds - scenario.start.unixSeconds + f - 1) / f)
    }

    /// The next flush window's connection attempts, or nil once the simulated span is over.
    public mutating func nextWindow() -> ConnectionWindow? {
        guard now < end else { return nil }
        let windowStart = now
        let windowEnd = min(end, now + scenario.flowLogs.flushInterval)
        for i in ratePatterns {
            rateGenerators[i] = SeededGenerator(
                seed: SplitMix64.subSeed(patterns[i].seed, StreamSalt.rateWindow, Int64(windowIndex)))
        }
        var t = windowStart
        // Only scenario events (topology, pattern start/stop) split the window into segments, so the
        // rate-based draws of a pattern never depend on other patterns' firings.
        while t < windowEnd {
            while nextScenarioEvent < scenario.events.count, scenario.start + scenario.events[nextScenarioEvent].at <= t
            {
                handle(.scenario(nextScenarioEvent), at: scenario.start + scenario.events[nextScenarioEvent].at)
                nextScenarioEvent += 1
            }
            var segmentEnd = windowEnd
            if nextScenarioEvent < scenario.events.count {
                segmentEnd = min(segmentEnd, scenario.start + scenario.events[nextScenarioEvent].at)
            }
            while let nt = queue.nextTime, nt < segmentEnd, let (time, event) = queue.pop() { handle(event, at: time) }
            for i in ratePatterns { rateTraffic(pattern: i, from: t, to: segmentEnd) }
            t = segmentEnd
        }
        var window = ConnectionWindow(
            index: windowIndex, start: windowStart, end: windowEnd,
            connections: accumulator.drain(table: table, nodeIndex: endpointNodeIndex),
            topologyChanges: pendingChanges,
            presentNamespaces: cluster.namespaces.indices.filter { namespacePresent[$0] }.map {
                cluster.namespaces[$0].name
            })
        window.table = table
        pendingChanges.removeAll(keepingCapacity: true)
        windowIndex += 1
        now = windowEnd
        return window
    }

    var rateGenerators: [SeededGenerator] = []
}

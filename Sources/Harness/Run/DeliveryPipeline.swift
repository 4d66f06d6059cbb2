import CalicoModel
import Scenario
import Simulation
import TrafficGeneration

/// The delivery model between Felix's flushes and the engine's query (issue 17): each node flushes at its own
/// phase, a flushed batch becomes searchable an ingestion latency later, a fraction is lost. It counts, by rarity,
/// the flows the engine's steady query can never see: lost ones, and late ones (searchable only after the steady
/// lookback, 2 × interval, had passed their `end_time`, SPEC §2.2).
///
/// Draws come from a stream of the run's seed of its own (latency per batch, loss per record), and phases of
/// random nodes from one stream per node, so every session of a sweep seed draws the same.
struct DeliveryPipeline {
    let latency: IngestionLatency
    let loss: Double
    let flushPhase: FlushPhase
    let flushInterval: SimDuration
    let nodes: [String]
    let seed: UInt64
    private var stream: SeededGenerator
    private var phases: [String: SimDuration] = [:]
    /// Batches not searchable yet, in searchable order; `head` is the next to deliver.
    private var batches: [Batch] = []
    private var head = 0
    /// Flows by `Rarity.allCases` index.
    private(set) var lostFlows = [Int](repeating: 0, count: Rarity.allCases.count)
    private(set) var lateFlows = [Int](repeating: 0, count: Rarity.allCases.count)
    /// Patterns with at least one lost or late flow: the traffic whose false denies delivery may have caused.
    private(set) var missedPatterns: Set<String> = []

    struct Batch {
        var searchableAt: SimInstant
        var endTime: Int64
        var logs: [FlowLog]
        var flows: [Int]
        var patterns: Set<String>
    }

    init(
        latency: IngestionLatency, loss: Double, flushPhase: FlushPhase, flushInterval: SimDuration, nodes: [String],
        seed: UInt64
    ) {
        self.latency = latency; self.loss = loss; self.flushPhase = flushPhase; self.flushInterval = flushInterval
        self.nodes = nodes; self.seed = seed
        stream = SeededGenerator(seed: seed).derived("delivery")
    }

    /// False when every flow log is searchable at its flush: the engine ingests each window at once.
    var isActive: Bool { !latency.isNone || loss > 0 || flushPhase != .aligned }

    /// The offset of `host`'s flushes after the aligned instants.
    mutating func phase(of host: String) -> SimDuration {
        switch flushPhase {
        case .aligned: return .zero
        case .spread:
            guard let i = nodes.firstIndex(of: host), !nodes.isEmpty else { return .zero }
            return .seconds(flushInterval.seconds * Int64(i) / Int64(nodes.count))
        case .random:
            if let p = phases[host] { return p }
            var g = SeededGenerator(seed: seed).derived("flush-phase").derived(host)
            let p = SimDuration.seconds(g.int(in: 0...max(0, flushInterval.seconds - 1)))
            phases[host] = p
            return p
        }
    }

    /// Moves each record to its node's flush: start and end time (and `@timestamp`) shifted by the node's phase.
    /// The record keeps the traffic of the aligned window.
    mutating func shiftToNodeFlushes(_ logs: inout [GeneratedFlowLog]) {
        guard flushPhase != .aligned else { return }
        for i in logs.indices {
            let p = phase(of: logs[i].log.host).seconds
            guard p > 0 else { continue }
            logs[i].log.startTime += p
            logs[i].log.endTime += p
            logs[i].log.timestamp += p * 1000
        }
    }

    /// Queues a window's records: one batch per flush instant, searchable a drawn latency after it; lost records
    /// are dropped (and counted).
    mutating func enqueue(_ logs: inout [GeneratedFlowLog], windowEnd: SimInstant) {
        var groups: [Int64: [Int]] = [:]
        for i in logs.indices { groups[logs[i].log.endTime, default: []].append(i) }
        for end in groups.keys.sorted() {
            let flushedAt = SimInstant(unixSeconds: max(end, windowEnd.unixSeconds))
            let at = flushedAt + latency.sample(&stream)
            var batch = Batch(
                searchableAt: at, endTime: end, logs: [], flows: Array(repeating: 0, count: lostFlows.count),
                patterns: [])
            batch.logs.reserveCapacity(groups[end]!.count)
            for i in groups[end]! {
                let lost = loss > 0 && stream.chance(loss)
                for t in logs[i].truth {
                    let r = Self.rarityIndex[t.rarity]!
                    if lost {
                        lostFlows[r] += Int(t.count)
                        missedPatterns.insert(t.patternID)
                    } else {
                        batch.flows[r] += Int(t.count)
                        batch.patterns.insert(t.patternID)
                    }
                }
                if !lost { batch.logs.append(logs[i].log) }
            }
            var position = batches.count
            while position > head, batches[position - 1].searchableAt > at { position -= 1 }
            batches.insert(batch, at: position)
        }
    }

    /// The batches searchable by a query at `t`, oldest first; those whose `end_time` is already outside a
    /// steady query's `lookback` at `t` are counted late (the engine's next query is at `t`).
    mutating func due(at t: SimInstant, lookback: SimDuration) -> [[FlowLog]] {
        var out: [[FlowLog]] = []
        while head < batches.count, batches[head].searchableAt <= t {
            if batches[head].endTime <= t.unixSeconds - lookback.seconds {
                for r in lateFlows.indices { lateFlows[r] += batches[head].flows[r] }
                missedPatterns.formUnion(batches[head].patterns)
            }
            out.append(batches[head].logs)
            batches[head].logs = []
            batches[head].patterns = []
            head += 1
        }
        if head > 64, head * 2 > batches.count {
            batches.removeFirst(head)
            head = 0
        }
        return out
    }

    static let rarityIndex: [Rarity: Int] = Dictionary(
        uniqueKeysWithValues: Rarity.allCases.enumerated().map { ($0.element, $0.offset) })
}

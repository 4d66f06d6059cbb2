import CalicoModel
import Simulation

/// Which namespaces' flow queries fail on one tick (an injected fault): their `update` returns false
/// (SPEC §2.2: `if error: return false`), so the recommendation stays as it is until the next tick.
public enum QueryFailures: Hashable, Sendable {
    case none
    case all
    case namespaces(Set<String>)

    func contains(_ namespace: String) -> Bool {
        switch self {
        case .none: false
        case .all: true
        case .namespaces(let s): s.contains(namespace)
        }
    }
}

/// Injected datastore write failures: scripted ones (`failNext`) and a probability per write attempt, drawn from
/// a stream of the run's seed.
public struct WriteFaults: Sendable {
    /// Writes still to fail, by namespace; the key `""` stands for any namespace.
    public var failNext: [String: Int] = [:]
    /// Probability that a write attempt fails.
    public var probability: Double = 0
    /// The draws of `probability`.
    public var stream = SeededGenerator(seed: 0)

    public init() {}

    /// Whether the next write attempt of `namespace` fails; consumes a scripted failure or one draw.
    mutating func fails(_ namespace: String) -> Bool {
        for key in [namespace, ""] {
            if let n = failNext[key], n > 0 {
                failNext[key] = n > 1 ? n - 1 : nil
                return true
            }
        }
        return probability > 0 && stream.chance(probability)
    }
}

/// A failed write waiting for its retry.
struct PendingWrite: Sendable {
    var retryAt: SimInstant
    var attempts: Int
}

extension RecommendationEngine {
    /// The controller's resync period (SPEC §2.9): a failed write is tried again this long after it failed.
    public static let resyncPeriod = SimDuration.seconds(10)

    /// The engine's pod dies: the ticker stops, and the in-memory cache and the queue of failed writes are lost.
    /// The datastore (staged policies) and Linseed's flow logs are untouched. Nothing happens until `restart(at:)`.
    public mutating func crash() {
        isDown = true
        isRunning = false
        hasStarted = false
        nextTickTime = nil
        delayedFrom = nil
        records = [:]
        unbornCaches = [:]
        pendingWrites = [:]
    }

    /// A new pod starts at `now`: the engine is created afresh as at the first start (SPEC §2.1–§2.2): settings
    /// from the defaults and the latest scope, the cache warmed up from the stored staged policies (their
    /// `lastUpdated` and status included), the first tick one interval later. A disabled scope leaves it stopped.
    @discardableResult
    public mutating func restart(at now: SimInstant) -> [RecommendationChange] {
        isDown = false
        guard scope.metadata.name == RecommendationKeys.scopeName, scope.spec.namespaceSpec?.recStatus == .enabled
        else {
            updateRetention()
            return []
        }
        return start(at: now)
    }

    /// The tick due at `nextTickTime` does not run (the ticker dropped it); the next is one interval later.
    public mutating func skipTick() {
        guard let next = nextTickTime else { return }
        nextTickTime = next + settings.interval
    }

    /// The tick due at `nextTickTime` runs `delay` late. The ticker keeps its phase: the tick after it is the
    /// first scheduled one after the late run (a Go ticker drops ticks its receiver is too slow for).
    public mutating func delayTick(by delay: SimDuration) {
        guard let next = nextTickTime, delay > .zero else { return }
        delayedFrom = delayedFrom ?? next
        nextTickTime = next + delay
    }

    /// When the sync retries a failed write next; nil when none is waiting.
    public var nextRetryTime: SimInstant? { pendingWrites.values.map(\.retryAt).min() }

    /// Retries the failed writes due at `now`, in namespace order: each writes the engine's current cached
    /// recommendation (the latest version, not the one that failed), or fails again and waits another resync.
    public mutating func retryWrites(at now: SimInstant) -> [RecommendationChange] {
        var changes: [RecommendationChange] = []
        for ns in pendingWrites.keys.sorted() {
            guard var pending = pendingWrites[ns], pending.retryAt <= now else { continue }
            if writeFaults.fails(ns) {
                pending.attempts += 1
                pending.retryAt = now + RecommendationEngine.resyncPeriod
                pendingWrites[ns] = pending
                changes.append(.writeFailed(namespace: ns, attempt: pending.attempts))
                continue
            }
            pendingWrites[ns] = nil
            guard let cached = records[ns]?.policy else {
                changes += sync(ns, deletion: .namespaceDeselected)
                continue
            }
            changes += sync(ns, RecommendationEngine.intent(stored: store[ns], cached: cached))
        }
        return changes
    }

    /// The change a delayed write makes, from what is stored and what the cache holds.
    static func intent(stored: CalicoPolicy?, cached: CalicoPolicy) -> RecommendationChange {
        guard let stored else { return .created(cached) }
        let status = { (p: CalicoPolicy) in p.metadata.annotations?[RecommendationKeys.status] }
        let to = RecommendationStatus(rawValue: status(cached) ?? "") ?? .learning
        if stored.spec.egress != cached.spec.egress || stored.spec.ingress != cached.spec.ingress {
            return .rulesUpdated(cached)
        }
        return .statusChanged(cached, previousName: stored.name, from: status(stored), to: to)
    }

    /// The tick's write of one namespace: queued behind a failed write of the same namespace (the retry writes
    /// the latest version), failed by an injected fault, or synced now.
    mutating func write(_ ns: String, _ intent: RecommendationChange, at now: SimInstant) -> [RecommendationChange] {
        if pendingWrites[ns] != nil { return [] }
        if writeFaults.fails(ns) {
            pendingWrites[ns] = PendingWrite(retryAt: now + RecommendationEngine.resyncPeriod, attempts: 1)
            return [.writeFailed(namespace: ns, attempt: 1)]
        }
        return sync(ns, intent)
    }
}

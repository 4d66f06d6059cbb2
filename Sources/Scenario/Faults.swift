import Simulation

/// Engine faults (issue 17): timed events and random processes a run injects into the engine's life.
/// None by default, so a scenario without a `faults:` block runs as before.
public struct FaultSettings: Hashable, Sendable {
    public var events: [FaultEvent] = []
    public var random = RandomFaults()
    public init() {}

    public var isNone: Bool { events.isEmpty && random.isNone }

    /// One line, stored with the run and shown in reports: `events: …; random: …` (only the parts that are set).
    public var description: String {
        var parts: [String] = []
        if !events.isEmpty { parts.append("events: " + events.map(\.description).joined(separator: ", ")) }
        if !random.isNone { parts.append("random: " + random.description) }
        return parts.isEmpty ? "none" : parts.joined(separator: "; ")
    }
}

/// A fault at a time offset from the scenario's start. Tick faults hit the first tick(s) due at or after it.
public struct FaultEvent: Hashable, Sendable {
    public var at: SimDuration
    public var fault: Fault
    public init(at: SimDuration, fault: Fault) { self.at = at; self.fault = fault }
    public var description: String {
        "\(fault.kind.rawValue)@\(at.compact)\(fault.detail.isEmpty ? "" : " \(fault.detail)")"
    }
}

public enum Fault: Hashable, Sendable {
    /// The engine's pod dies and a new one starts `downtime` later (cache lost, warmed up from the datastore).
    case engineRestart(downtime: SimDuration)
    /// The next `count` ticks do not run.
    case missedTicks(count: Int)
    /// The next tick runs `delay` late.
    case delayedTick(delay: SimDuration)
    /// The flow query of `namespace` (nil: every namespace) fails on the next `ticks` ticks.
    case queryError(namespace: String?, ticks: Int)
    /// The next `count` datastore writes of `namespace` (nil: any) fail; the sync retries every resync.
    case writeFailure(namespace: String?, count: Int)

    public enum Kind: String, CaseIterable, Sendable {
        case engineRestart, missedTick, delayedTick, queryError, writeFailure
    }

    public var kind: Kind {
        switch self {
        case .engineRestart: .engineRestart
        case .missedTicks: .missedTick
        case .delayedTick: .delayedTick
        case .queryError: .queryError
        case .writeFailure: .writeFailure
        }
    }

    var detail: String {
        switch self {
        case .engineRestart(let d): d == .zero ? "" : "downtime \(d.compact)"
        case .missedTicks(let n): n == 1 ? "" : "×\(n)"
        case .delayedTick(let d): "by \(d.compact)"
        case .queryError(let ns, let n): "\(ns ?? "all namespaces")\(n == 1 ? "" : " ×\(n)")"
        case .writeFailure(let ns, let n): "\(ns ?? "any namespace")\(n == 1 ? "" : " ×\(n)")"
        }
    }
}

/// Faults as random processes, drawn from a stream of the run's seed.
public struct RandomFaults: Hashable, Sendable {
    /// Mean time between engine restarts (a Poisson process); nil: none.
    public var engineRestart: SimDuration?
    /// How long each random restart keeps the engine down.
    public var restartDowntime: SimDuration = .zero
    /// Probability that a tick does not run.
    public var missedTick: Double = 0
    /// Probability that a tick runs `tickDelay` late.
    public var delayedTick: Double = 0
    public var tickDelay: SimDuration = .minutes(1)
    /// Probability that one namespace's flow query fails on a tick.
    public var queryError: Double = 0
    /// Probability that one datastore write attempt fails.
    public var writeFailure: Double = 0
    public init() {}

    public var isNone: Bool {
        engineRestart == nil && missedTick == 0 && delayedTick == 0 && queryError == 0 && writeFailure == 0
    }

    public var description: String {
        var parts: [String] = []
        if let r = engineRestart {
            parts.append(
                "engineRestart every \(r.compact) on average"
                    + (restartDowntime == .zero ? "" : " (downtime \(restartDowntime.compact))"))
        }
        if missedTick > 0 { parts.append("missedTick \(missedTick)") }
        if delayedTick > 0 { parts.append("delayedTick \(delayedTick) by \(tickDelay.compact)") }
        if queryError > 0 { parts.append("queryError \(queryError)") }
        if writeFailure > 0 { parts.append("writeFailure \(writeFailure)") }
        return parts.joined(separator: ", ")
    }
}

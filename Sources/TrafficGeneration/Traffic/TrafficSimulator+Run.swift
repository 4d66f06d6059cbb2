import CalicoModel
import Foundation
import PolicyEvaluation
import Scenario
import Simulation

extension TrafficSimulator {
    mutating func handle(_ event: SimEvent, at time: SimInstant) {
        switch event {
        case .scenario(let i):
            let change = scenario.events[i].change
            apply(change)
            pendingChanges.append(TopologyChange(at: time, change: change))
        case .onceFire(let p):
            guard case .once(_, let n, let spread) = patterns[p].spec.shape else { return }
            var rng = SeededGenerator(seed: SplitMix64.subSeed(patterns[p].seed, StreamSalt.onceFiring, 0))
            fire(pattern: p, connections: n, spread: spread, at: time, rng: &rng)
        case .periodicFire(let p, let k):
            guard case .periodic(let every, _, let jitter, let n, let spread) = patterns[p].spec.shape else { return }
            var rng = SeededGenerator(seed: SplitMix64.subSeed(patterns[p].seed, StreamSalt.periodicFiring, k))
            if jitter.seconds > 0 { _ = rng.below(UInt64(jitter.seconds)) }
            fire(pattern: p, connections: n, spread: spread, at: time, rng: &rng)
            schedulePeriodic(pattern: p, period: k + every.step)
        case .connection(let p, let salt):
            var rng = SeededGenerator(seed: salt)
            emit(pattern: p, count: 1, rng: &rng)
        }
    }

    /// A firing: `n` connections now, or spread over `[0, spread)` as individual events.
    mutating func fire(
        pattern p: Int, connections n: Int, spread: SimDuration, at time: SimInstant, rng: inout SeededGenerator
    ) {
        if spread.seconds <= 0 { emit(pattern: p, count: n, rng: &rng); return }
        for _ in 0..<n {
            let offset = Int64(rng.below(UInt64(spread.seconds)))
            let at = time + .seconds(offset)
            if at < end { queue.schedule(.connection(pattern: p, salt: rng.next()), at: at) }
        }
    }

    mutating func apply(_ change: ScenarioEvent.Change) {
        let c = cluster
        switch change {
        case .namespaceAppears(let n), .namespaceDeleted(let n):
            if let i = c.namespaces.firstIndex(where: { $0.name == n }) {
                if case .namespaceAppears = change { namespacePresent[i] = true } else { namespacePresent[i] = false }
            }
        case .workloadAppears(let n, let w), .workloadDeleted(let n, let w):
            if let i = c.workloadIndex(namespace: n, name: w) {
                if case .workloadAppears = change { workloadPresent[i] = true } else { workloadPresent[i] = false }
            }
        case .patternStarts(let id), .patternStops(let id):
            var on = false
            if case .patternStarts = change { on = true }
            for i in patterns.indices where patterns[i].spec.id == id || patterns[i].spec.groupID == id {
                patterns[i].active = on
            }
        }
        topologyVersion += 1
    }

    func isPresent(workload w: Int) -> Bool { workloadPresent[w] && namespacePresent[workloadNamespace[w]] }

    /// Connections of a rate-based pattern during `[a, b)`.
    mutating func rateTraffic(pattern p: Int, from a: SimInstant, to b: SimInstant) {
        guard patterns[p].active else { return }
        let seconds = Double(b.unixSeconds - a.unixSeconds)
        var lambda: Double
        switch patterns[p].spec.shape {
        case .steady(let rate, let diurnal):
            lambda = rate * seconds / 3600
            if let d = diurnal {
                let mid = Double((a.unixSeconds + b.unixSeconds) / 2 % 86_400) / 3600
                lambda *= max(0, 1 + d.amplitude * cos(2 * Double.pi * (mid - d.peakHour) / 24))
            }
        case .burst(let on, let off, let rate, let phase, let jitter):
            lambda =
                rate
                * Double(
                    burstOverlap(
                        pattern: p, on: on, off: off, phase: phase, jitter: jitter, a.unixSeconds, b.unixSeconds))
                / 3600
        case .attack(let rate, _, _):
            lambda = rate * seconds / 3600
        default: return
        }
        guard lambda > 0 else { return }
        var rng = rateGenerators[p]
        let n = rng.poisson(lambda)
        if n > 0 { emit(pattern: p, count: n, rng: &rng) }
        rateGenerators[p] = rng
    }

    /// Seconds of `[a, b)` that fall in a burst's on-spans.
    func burstOverlap(
        pattern p: Int, on: SimDuration, off: SimDuration, phase: SimDuration, jitter: SimDuration, _ a: Int64,
        _ b: Int64
    ) -> Int64 {
        let cycle = on.seconds + off.seconds
        let origin = scenario.start.unixSeconds + phase.seconds
        let x = a - origin
        var k = (x >= 0 ? x / cycle : (x - cycle + 1) / cycle) - 1
        var total: Int64 = 0
        while origin + k * cycle < b {
            var start = origin + k * cycle
            if jitter.seconds > 0 {
                var rng = SeededGenerator(seed: SplitMix64.subSeed(patterns[p].seed, StreamSalt.burstJitter, k))
                start += Int64(rng.below(UInt64(jitter.seconds)))
            }
            if start >= scenario.start.unixSeconds || k >= 0 {
                let lo = max(a, start), hi = min(b, start + on.seconds)
                if hi > lo { total += hi - lo }
            }
            k += 1
        }
        return total
    }

    /// Adds `count` connections of pattern `p` to the window, choosing pods and addresses per connection.
    mutating func emit(pattern p: Int, count: Int, rng: inout SeededGenerator) {
        guard patterns[p].active else { return }
        let size = patterns[p].spec.size
        // Source.
        var sourcePods: [Int] = patterns[p].sourceEndpoints
        if let w = patterns[p].sourceWorkload {
            guard isPresent(workload: w) else { return }
            sourcePods = podEndpoints[w]
        }
        guard !sourcePods.isEmpty else { return }
        if case .attack = patterns[p].spec.shape {
            let targets = presentTargets(p)
            guard !targets.isEmpty else { return }
            for _ in 0..<count {
                let w = targets[rng.index(targets.count)]
                let pods = podEndpoints[w]
                let t = patterns[p].attackTemplates[rng.index(patterns[p].attackTemplates.count)]
                accumulator.add(
                    src: sourcePods[rng.index(sourcePods.count)], dst: pods[rng.index(pods.count)], template: t,
                    pattern: p, count: 1, size: size)
            }
            return
        }
        if !patterns[p].destinationEndpoints.isEmpty {
            let dsts = patterns[p].destinationEndpoints
            if sourcePods.count == 1 && dsts.count == 1 {
                accumulator.add(
                    src: sourcePods[0], dst: dsts[0], template: patterns[p].fixedTemplate, pattern: p, count: count,
                    size: size)
                return
            }
            for _ in 0..<count {
                accumulator.add(
                    src: sourcePods[rng.index(sourcePods.count)], dst: dsts[rng.index(dsts.count)],
                    template: patterns[p].fixedTemplate, pattern: p, count: 1, size: size)
            }
            return
        }
        let present = presentTargets(p)
        guard !present.isEmpty else { return }
        if present.count == 1 && sourcePods.count == 1
            && podEndpoints[patterns[p].destinationWorkloads[present[0]]].count == 1
        {
            let d = present[0]
            accumulator.add(
                src: sourcePods[0], dst: podEndpoints[patterns[p].destinationWorkloads[d]][0],
                template: patterns[p].destinationTemplates[d],
                pattern: p, count: count, size: size)
            return
        }
        for _ in 0..<count {
            let d = present[rng.index(present.count)]
            let pods = podEndpoints[patterns[p].destinationWorkloads[d]]
            accumulator.add(
                src: sourcePods[rng.index(sourcePods.count)], dst: pods[rng.index(pods.count)],
                template: patterns[p].destinationTemplates[d], pattern: p, count: 1, size: size)
        }
    }

    /// Present destinations of a pattern (indices into `destinationWorkloads`), or present attack targets
    /// (workload indices), cached until the topology changes.
    mutating func presentTargets(_ p: Int) -> [Int] {
        if patterns[p].presentCacheVersion == topologyVersion { return patterns[p].presentCache }
        var out: [Int] = []
        if case .attack = patterns[p].spec.shape {
            let nss = Set(patterns[p].attackNamespaces)
            out = cluster.workloads.indices.filter { nss.contains(workloadNamespace[$0]) && isPresent(workload: $0) }
        } else {
            out = patterns[p].destinationWorkloads.indices.filter {
                isPresent(workload: patterns[p].destinationWorkloads[$0])
            }
        }
        patterns[p].presentCache = out
        patterns[p].presentCacheVersion = topologyVersion
        return out
    }
}

import CalicoModel
import PolicyEvaluation
import Scenario
import Simulation

/// A connection's port, protocol, service and domains, interned so classes compare as integers.
struct ConnectionTemplate: Hashable {
    var port: UInt16?
    var proto: ProtocolValue
    var service: ServiceReference?
    var domains: [String]
}

/// A pattern resolved against the cluster: endpoint and template indices, its random seed, its state.
struct CompiledPattern {
    var spec: TrafficPattern
    var seed: UInt64
    /// Source workload index, or fixed source endpoints (external / network-set addresses).
    var sourceWorkload: Int?
    var sourceEndpoints: [Int] = []
    /// Destination workloads (a workload, or a service's backends) with the template for each.
    var destinationWorkloads: [Int] = []
    var destinationTemplates: [Int] = []
    /// Fixed destination endpoints (addresses) and their template.
    var destinationEndpoints: [Int] = []
    var fixedTemplate = 0
    /// Attack: one template per probed port; target namespaces (indices).
    var attackTemplates: [Int] = []
    var attackNamespaces: [Int] = []
    var active = true
    /// Cached present destinations (indices into `destinationWorkloads`, or attack target workloads).
    var presentCache: [Int] = []
    var presentCacheVersion = -1

    var isRateBased: Bool {
        switch spec.shape {
        case .steady, .burst, .attack: return true;
        default: return false
        }
    }
}

/// What the simulator's event queue holds.
enum SimEvent: Sendable {
    /// `Scenario.events[i]` (applied from the sorted list at segment boundaries, not queued).
    case scenario(Int)
    case periodicFire(pattern: Int, period: Int64)
    case onceFire(pattern: Int)
    /// One spread-out connection of a firing; `salt` seeds its pod choice.
    case connection(pattern: Int, salt: UInt64)
}

extension Period {
    /// Start of period `k`: fixed spans count from the Unix epoch (weeks from Monday 1970-01-05), months from January 1970.
    func start(_ k: Int64) -> Int64 {
        switch self {
        case .fixed(let d): return origin + k * d.seconds
        case .months:
            let y = Int(k >= 0 ? k / 12 : (k - 11) / 12), m = Int(k - Int64(y) * 12)
            return CivilTime.unixSeconds(year: 1970 + y, month: m + 1, day: 1)
        }
    }

    var step: Int64 { if case .months(let n) = self { return Int64(n) }; return 1 }

    private var origin: Int64 {
        if case .fixed(let d) = self, d.seconds % 604_800 == 0 { return 345_600 }
        return 0
    }

    /// The index of a period that starts at or before `t`, minus one step (a firing of it may land after `t`).
    func firstCandidate(atOrBefore t: Int64) -> Int64 {
        switch self {
        case .fixed(let d):
            let x = t - origin
            return (x >= 0 ? x / d.seconds : (x - d.seconds + 1) / d.seconds) - 1
        case .months(let n):
            let c = CivilTime(unixSeconds: t)
            let k = Int64((c.year - 1970) * 12 + c.month - 1)
            return k - k % Int64(n) - Int64(n)
        }
    }
}

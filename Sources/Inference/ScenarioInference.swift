import CalicoModel
import Foundation
import Scenario
import Simulation
import TrafficGeneration

/// A scenario inferred from flow logs (`recsim infer`): the inventory the records name and one traffic pattern per
/// class with its estimated shape. `yaml()` writes it in the bundled scenario format, with comments saying how each
/// class was estimated and from how many records.
public struct InferredScenario: Sendable {
    public struct Class: Sendable {
        public var key: InferredClassKey
        public var estimate: ClassEstimate
        public var records: Int
        /// The pattern id written (unique, `a-z 0-9 -`).
        public var id: String
        /// Ground-truth pattern ids behind it, when the records carried them (sorted).
        public var truthPatterns: [String]
    }

    public var name: String
    public var sourceFile: String
    public var records: Int
    public var skippedRecords: Int
    /// Classes with only denied records: not traffic the cluster allowed, left out.
    public var deniedOnlyClasses: Int
    public var spanStart: Int64
    public var spanEnd: Int64
    public var flushSeconds: Int64
    public var nodes: Int
    public var classes: [Class]
    /// Sources that look like scanners: many sporadic classes to many ports. Written as `attack` patterns.
    public var scans: [Scan]
    var accumulator: ClassAccumulator
    /// From `--cluster`: namespace labels, workload kinds and labels, network sets' nets.
    public var cluster = InferenceCluster()

    /// A scan-like source: one workload reaching at least `ScanHeuristic.minimumClasses` destinations and ports,
    /// each rarely (under `ScanHeuristic.maximumRate` per hour, no period), on at least
    /// `ScanHeuristic.minimumPorts` distinct ports — what a compromised workload's probing looks like, and not
    /// what a learned policy should wait for.
    public struct Scan: Sendable {
        public var source: InferredEndpoint
        public var id: String
        public var classes: [Class]
        public var ports: [Int]
        public var namespaces: [String]
        public var ratePerHour: Double
    }

    public enum ScanHeuristic {
        public static let minimumClasses = 8
        public static let minimumPorts = 4
        public static let maximumRate = 1.0
    }

    /// Infers from an accumulator that has seen every record.
    public init(name: String, sourceFile: String, accumulator a: ClassAccumulator) throws(InferenceError) {
        guard a.records > 0, a.spanEnd > a.spanStart else {
            throw InferenceError("\(sourceFile): no flow-log records to infer from")
        }
        // What a scenario can hold: times from 1970 to 9999, a span of at most InputLimits.maxSimulatedDays, a
        // positive flush interval.
        guard a.spanStart >= 0, a.spanEnd < 253_402_300_800 else {
            throw InferenceError("\(sourceFile): record times outside 1970–9999 (start_time/end_time are Unix seconds)")
        }
        guard a.spanEnd - a.spanStart <= Int64(InputLimits.maxSimulatedDays) * 86_400 else {
            throw InferenceError(
                "\(sourceFile): the records span \(SimDuration.seconds(a.spanEnd - a.spanStart).compact); at most \(InputLimits.maxSimulatedDays) days can be inferred at once"
            )
        }
        guard a.flushSeconds > 0 && a.flushSeconds <= 86_400 else {
            throw InferenceError(
                "\(sourceFile): the records' windows (end_time - start_time) are mostly \(a.flushSeconds) s; expected a flush interval of 1 s to 1 day"
            )
        }
        self.name = name; self.sourceFile = sourceFile; accumulator = a
        records = a.records; skippedRecords = a.skippedRecords
        spanStart = a.spanStart; spanEnd = a.spanEnd; flushSeconds = a.flushSeconds
        nodes = max(1, a.hosts.count)
        var denied = 0
        var out: [Class] = []
        var used: Set<String> = []
        for (key, index) in a.classIDs.sorted(by: { $0.key < $1.key }) {
            let data = a.classes[index]
            guard data.allowed else { denied += 1; continue }
            guard
                let e = ClassEstimator.estimate(
                    bins: data.bins, start: a.spanStart, end: a.spanEnd, bin: a.flushSeconds)
            else { continue }
            var id = InferredScenario.slug(key)
            if used.contains(id) {
                var n = 2
                while used.contains("\(id)-\(n)") { n += 1 }
                id = "\(id)-\(n)"
            }
            used.insert(id)
            out.append(
                Class(key: key, estimate: e, records: data.records, id: id, truthPatterns: data.patterns.sorted()))
        }
        deniedOnlyClasses = denied
        (classes, scans) = Self.separateScans(out, used: &used)
        guard !classes.isEmpty || !scans.isEmpty else {
            throw InferenceError(
                "\(sourceFile): no traffic to infer from \(a.records) records (\(a.skippedRecords) with names Kubernetes would not accept or host endpoints, \(denied) classes only denied)"
            )
        }
    }

    /// Splits off the classes of scan-like sources (`ScanHeuristic`).
    static func separateScans(_ all: [Class], used: inout Set<String>) -> ([Class], [Scan]) {
        func sporadic(_ c: Class) -> Bool {
            guard case .steady(let rate, _, _) = c.estimate.shape else { return false }
            if case .workload = c.key.destination {} else { return false }
            return rate < ScanHeuristic.maximumRate && c.key.port.flatMap { Int($0) } != nil
        }
        var bySource: [InferredEndpoint: [Class]] = [:]
        for c in all where sporadic(c) {
            if case .workload = c.key.source { bySource[c.key.source, default: []].append(c) }
        }
        var scans: [Scan] = []
        var scanned: Set<String> = []
        for source in bySource.keys.sorted() {
            let cs = bySource[source]!
            let ports = Set(cs.compactMap { $0.key.port.flatMap { Int($0) } })
            guard cs.count >= ScanHeuristic.minimumClasses, ports.count >= ScanHeuristic.minimumPorts else { continue }
            var namespaces: Set<String> = []
            for c in cs { if case .workload(let ns, _) = c.key.destination { namespaces.insert(ns) } }
            var id = "\(slugText(source.label))-scan"
            while used.contains(id) { id += "-x" }
            used.insert(id)
            scans.append(
                Scan(
                    source: source, id: id, classes: cs, ports: ports.sorted(), namespaces: namespaces.sorted(),
                    ratePerHour: cs.map(\.estimate.ratePerHour).reduce(0, +)))
            for c in cs { scanned.insert(c.id) }
        }
        return (all.filter { !scanned.contains($0.id) }, scans)
    }

    /// Reads a flow-log file (any format `flows import` reads) and infers its scenario.
    public static func infer(
        path: String, name: String, skipInvalid: Bool, l3FlowWindow: (start: Int64, end: Int64)? = nil,
        cluster: InferenceCluster = InferenceCluster()
    ) throws -> InferredScenario {
        var accumulator = ClassAccumulator()
        _ = try FlowLogImport.read(path: path, skipInvalid: skipInvalid, l3FlowWindow: l3FlowWindow) {
            accumulator.add($0)
        }
        var inferred = try InferredScenario(name: name, sourceFile: path, accumulator: accumulator)
        inferred.cluster = cluster
        return inferred
    }

    /// `web-to-api-80`: the ends' names and the port, `a-z 0-9 -`, at most 63 characters.
    static func slug(_ key: InferredClassKey) -> String {
        func part(_ e: InferredEndpoint) -> String {
            switch e {
            case .workload(let ns, let n), .service(let ns, let n): "\(ns)-\(n)"
            case .networkSet(let ns, let n): "\(ns ?? "global")-\(n)"
            case .external(let pub, let domains): domains.first ?? (pub ? "internet" : "private")
            }
        }
        let raw = "\(part(key.source))-to-\(part(key.destination))" + (key.port.map { "-\($0)" } ?? "")
        return String(slugText(raw).prefix(63)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    /// The name of a scenario inferred from the file at `path`: `inferred-<file name>` (`a-z 0-9 -`; `flows` when
    /// the name has none of those).
    public static func defaultName(forFile path: String) -> String {
        let base = slugText(((path as NSString).lastPathComponent as NSString).deletingPathExtension)
        return "inferred-" + String((base.isEmpty ? "flows" : base).prefix(50))
    }
}

/// Why a scenario cannot be inferred.
public struct InferenceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

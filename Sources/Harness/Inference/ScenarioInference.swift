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
    var accumulator: ClassAccumulator

    /// Infers from an accumulator that has seen every record.
    public init(name: String, sourceFile: String, accumulator a: ClassAccumulator) throws(InferenceError) {
        guard a.records > 0, a.spanEnd > a.spanStart else {
            throw InferenceError("\(sourceFile): no flow-log records to infer from")
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
            out.append(Class(key: key, estimate: e, records: data.records, id: id))
        }
        deniedOnlyClasses = denied
        classes = out
    }

    /// Reads a flow-log file (any format `flows import` reads) and infers its scenario.
    public static func infer(path: String, name: String, skipInvalid: Bool) throws -> InferredScenario {
        var accumulator = ClassAccumulator()
        _ = try FlowLogImport.read(path: path, skipInvalid: skipInvalid) { accumulator.add($0) }
        return try InferredScenario(name: name, sourceFile: path, accumulator: accumulator)
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
        var out = ""
        var dash = false
        for ch in raw.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) {
                out.append(ch); dash = false
            } else if !dash && !out.isEmpty {
                out.append("-"); dash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return String(out.prefix(63)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }
}

/// Why a scenario cannot be inferred.
public struct InferenceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

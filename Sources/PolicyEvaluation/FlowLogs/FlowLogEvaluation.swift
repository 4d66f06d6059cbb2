import CalicoModel
import Foundation

/// Re-evaluates flow-log records against a cluster and a policy set (`recsim evaluate`): each record's
/// endpoints are rebuilt from the inventory, its reporter's enforced and pending traces computed, and
/// `action`, `policies.enforced_policies` and `policies.pending_policies` replaced.
/// `policies.all_policies` (deprecated, computed by Calico at flow start) is dropped, since recsim cannot
/// recompute it and a stale copy would contradict the new traces.
public struct FlowLogEvaluation: Sendable {
    public let inventory: ClusterInventory
    public let evaluator: Evaluator
    public var legacyNames: Bool

    public init(inventory: ClusterInventory, policySet: PolicySet, legacyNames: Bool = false) {
        self.inventory = inventory; self.evaluator = Evaluator(policySet); self.legacyNames = legacyNames
    }

    /// Loads the cluster file and policy files/folders (every `.yaml`, `.yml`, `.json` below a folder, in
    /// path order); every document must be a kind recsim knows.
    public init(clusterFile: String, policyPaths: [String], legacyNames: Bool = false) throws(EvaluateError) {
        let cluster = try FlowLogEvaluation.loadResources([clusterFile])
        let policies = try FlowLogEvaluation.loadResources(policyPaths)
        let all = cluster + policies
        let set: PolicySet
        do {
            set = try PolicySet(resources: all.map(\.resource))
        } catch {
            let located = all.first { r in
                let m = r.resource.metadata
                return error.policy == "\(r.resource.kind) \(m.namespace.map { "\($0)/" } ?? "")\(m.name)"
                    || error.policy == "\(r.resource.kind) \(m.namespace ?? "default")/\(m.name)"
            }
            throw .policy(
                error, file: located?.file ?? clusterFile, document: located?.document ?? 0, line: located?.line ?? 0)
        }
        self.init(inventory: ClusterInventory(resources: all.map(\.resource)), policySet: set, legacyNames: legacyNames)
    }

    /// Evaluates one record.
    public func evaluate(_ log: FlowLog, file: String = "-", line: Int = 0) throws(EvaluateError) -> FlowLog {
        func rebuild(_ side: FlowLogSide, _ field: String) throws(EvaluateError) -> FlowEndpoint {
            do { return try inventory.endpoint(side, field: field) } catch {
                throw .record(file: file, line: line, field: error.field, message: error.message)
            }
        }
        let source = try rebuild(.source(log), "source")
        let destination = try rebuild(.destination(log), "dest")
        guard let proto = ProtocolValue(parsing: log.proto) else {
            throw .record(file: file, line: line, field: "proto", message: "unknown protocol \"\(log.proto)\"")
        }
        func port(_ value: Int64?, _ field: String) throws(EvaluateError) -> UInt16? {
            guard let value else { return nil }
            guard let p = UInt16(exactly: value) else {
                throw .record(file: file, line: line, field: field, message: "not a port: \(value)")
            }
            return p
        }
        var service: ServiceReference? = nil
        if log.destServiceName != "-" && !log.destServiceName.isEmpty {
            service = ServiceReference(
                name: log.destServiceName, namespace: log.destServiceNamespace,
                portName: log.destServicePort == "-" ? nil : log.destServicePort,
                port: try port(log.destServicePortNum, "dest_service_port_num"))
        }
        let connection = Connection(
            source: source, destination: destination, protocol: proto,
            destinationPort: try port(log.destPort, "dest_port"), sourcePort: try port(log.sourcePort, "source_port"),
            service: service, destinationDomains: log.destDomains ?? [])
        let reporting = log.reporter == .src ? source : destination
        guard reporting.isCalicoEndpoint else {
            let field = log.reporter == .src ? "source_type" : "dest_type"
            throw .record(
                file: file, line: line, field: field,
                message:
                    "reporter \(log.reporter.rawValue) is a \(reporting.flowLogType.rawValue); only wep and hep endpoints report"
            )
        }
        let verdict = evaluator.evaluate(connection, reporter: log.reporter)
        var out = log
        out.action = verdict.enforced.action
        out.policies = FlowPolicies(
            enforced: verdict.enforced.hitStrings(legacy: legacyNames),
            pending: verdict.pending.hitStrings(legacy: legacyNames),
            all: nil, transit: log.policies.transitPolicies)
        return out
    }

    /// Evaluates a JSON-lines file as it streams by (the flow-log reader of replay and import: large reads, bytes
    /// decoded straight into records), handing each output line to `each` in order; blank lines are skipped. The
    /// first bad line stops it with an error naming the file, line and field.
    /// `l3FlowWindow`: the window an export of Linseed L3Flows covers (they carry no time).
    public func evaluateFile(
        _ path: String, l3FlowWindow: (start: Int64, end: Int64)? = nil,
        each: (String) throws(EvaluateError) -> Void
    ) throws(EvaluateError) {
        var reader: LineReader
        do { reader = try LineReader(path: path) } catch { throw .io(path: path, message: error.reason) }
        var decoder = FlowLogDecoder()
        decoder.l3FlowWindow = l3FlowWindow
        while true {
            let log: FlowLog
            do throws(FlowLogParseError) {
                guard let next = try decoder.nextRecord(from: &reader, file: path) else { return }
                log = next
            } catch { throw .flowLog(error) }
            try each(try evaluate(log, file: path, line: reader.lineNumber).jsonLine)
        }
    }

    // MARK: Files

    static func read(_ path: String) throws(EvaluateError) -> String {
        do { return try TextFile.read(path) } catch {
            throw .io(path: error.line > 0 ? "\(path):\(error.line)" : path, message: error.message)
        }
    }

    /// Every manifest under the paths (files as given, folders searched for `.yaml`/`.yml`/`.json`, sorted).
    public static func manifestFiles(_ paths: [String]) throws(EvaluateError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw .io(path: path, message: "no such file or folder")
            }
            if !isDir.boolValue { files.append(path); continue }
            let found = (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                .filter { ["yaml", "yml", "json"].contains(URL(fileURLWithPath: $0).pathExtension) }
                .sorted()
                .map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
            files += found
        }
        return files
    }

    public static func loadResources(_ paths: [String]) throws(EvaluateError) -> [LocatedResource] {
        var out: [LocatedResource] = []
        for file in try manifestFiles(paths) {
            do { out += try ResourceYAML.decode(try read(file), file: file) } catch let e as ResourceDecodeError {
                throw .resource(e)
            } catch let e as EvaluateError { throw e } catch { throw .io(path: file, message: "\(error)") }
        }
        return out
    }
}

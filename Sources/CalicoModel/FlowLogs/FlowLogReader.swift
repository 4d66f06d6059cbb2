import Foundation

/// Why a flow-log line could not be read.
public struct FlowLogParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String
    public var message: String
    public init(file: String, line: Int, field: String, message: String) {
        self.file = file; self.line = line; self.field = field; self.message = message
    }
    public var description: String {
        "\(file):\(line):" + (field.isEmpty ? "" : " field `\(field)`:") + " \(message)"
    }
}

/// Reads Calico flow-log JSON lines (documented Enterprise format; legacy or modern policy names).
public enum FlowLogReader {
    /// Accepted `start_time`/`end_time`: Unix seconds from 1970-01-01 to 9999-12-31T23:59:59Z.
    public static let timeRange: ClosedRange<Int64> = 0...253_402_300_799

    /// Parses one line. Fields Calico may omit get their documented defaults; required ones must be present.
    public static func parse(
        _ line: String, file: String = "-", lineNumber: Int = 0
    ) throws(FlowLogParseError) -> FlowLog {
        let value: JSONValue
        do { value = try JSONBytes.parse(line) } catch {
            throw FlowLogParseError(file: file, line: lineNumber, field: "", message: "not valid JSON")
        }
        return try record(from: value, file: file, lineNumber: lineNumber)
    }

    /// The record in a parsed line (`parse` minus the JSON syntax; tests feed it `JSONDecoder`'s tree too).
    static func record(from value: JSONValue, file: String, lineNumber: Int) throws(FlowLogParseError) -> FlowLog {
        func fail(_ field: String, _ message: String) -> FlowLogParseError {
            FlowLogParseError(file: file, line: lineNumber, field: field, message: message)
        }
        let object: [String: JSONValue]
        guard case .object(let o) = value else { throw fail("", "expected a JSON object, got \(value.summary)") }
        object = o
        let r = Fields(object: object, fail: fail)
        let start = try r.time("start_time"), end = try r.time("end_time")
        guard end >= start else {
            throw fail("end_time", "expected an end_time not before start_time (\(start)), got \(end)")
        }
        var log = FlowLog(
            startTime: start, endTime: end,
            sourceName: try r.string("source_name", default: "-"), sourceNameAggr: try r.string("source_name_aggr"),
            sourceNamespace: try r.string("source_namespace", default: "-"), sourceType: try r.enumValue("source_type"),
            destName: try r.string("dest_name", default: "-"), destNameAggr: try r.string("dest_name_aggr"),
            destNamespace: try r.string("dest_namespace", default: "-"), destType: try r.enumValue("dest_type"),
            destPort: try r.optPort("dest_port"), proto: try r.string("proto"),
            action: try r.enumValue("action"), reporter: try r.enumValue("reporter"))
        log.sourceIP = try r.optString("source_ip"); log.destIP = try r.optString("dest_ip")
        log.sourcePort = try r.optPort("source_port")
        log.sourceLabels = try r.labels("source_labels"); log.destLabels = try r.labels("dest_labels")
        log.destServiceNamespace = try r.string("dest_service_namespace", default: "-")
        log.destServiceName = try r.string("dest_service_name", default: "-")
        log.destServicePort = try r.string("dest_service_port", default: "-")
        log.destServicePortNum = try r.optPort("dest_service_port_num")
        log.destDomains = try r.optStringArray("dest_domains")
        if let p = object["policies"], p != .null {
            guard case .object(let pol) = p else {
                throw fail("policies", "expected an object with enforced_policies and pending_policies")
            }
            let pr = Fields(object: pol, fail: { f, m in fail("policies." + f, m) })
            log.policies = FlowPolicies(
                enforced: try pr.optStringArray("enforced_policies") ?? [],
                pending: try pr.optStringArray("pending_policies") ?? [],
                all: try pr.optStringArray("all_policies"),
                transit: try pr.optStringArray("transit_policies"))
            for (key, list) in [
                ("enforced_policies", log.policies.enforcedPolicies),
                ("pending_policies", log.policies.pendingPolicies),
                ("all_policies", log.policies.allPolicies ?? []),
            ] {
                for (i, hit) in list.enumerated() where PolicyHit(parsing: hit) == nil {
                    throw fail(
                        "policies.\(key)[\(i)]",
                        "expected a hit string index|tier|name|action|ruleIndex, got \"\(hit)\"")
                }
            }
        }
        log.bytesIn = try r.int("bytes_in", default: 0); log.bytesOut = try r.int("bytes_out", default: 0)
        log.packetsIn = try r.int("packets_in", default: 0); log.packetsOut = try r.int("packets_out", default: 0)
        log.numFlows = try r.int("num_flows", default: 0)
        log.numFlowsStarted = try r.int("num_flows_started", default: 0)
        log.numFlowsCompleted = try r.int("num_flows_completed", default: 0)
        log.httpRequestsAllowedIn = try r.int("http_requests_allowed_in", default: 0)
        log.httpRequestsDeniedIn = try r.int("http_requests_denied_in", default: 0)
        log.numOriginalSourceIPs = try r.int("num_original_source_ips", default: 0)
        log.host = try r.string("host", default: "")
        log.timestamp = try r.int("@timestamp", default: log.endTime * 1000)
        return log
    }

    private struct Fields {
        let object: [String: JSONValue]
        let fail: (String, String) -> FlowLogParseError

        func value(_ k: String) -> JSONValue? { let v = object[k]; return v == .null ? nil : v }

        func int(_ k: String, default d: Int64? = nil) throws(FlowLogParseError) -> Int64 {
            guard let v = value(k) else {
                if let d { return d }
                throw fail(k, "required field is missing (expected an integer)")
            }
            switch v {
            case .int(let i): return i
            case .double(let d) where d == d.rounded() && abs(d) < 9e18: return Int64(d)
            default: throw fail(k, "expected an integer, got \(v.summary)")
            }
        }
        func optInt(_ k: String) throws(FlowLogParseError) -> Int64? { value(k) == nil ? nil : try int(k) }
        func time(_ k: String) throws(FlowLogParseError) -> Int64 {
            let t = try int(k)
            guard FlowLogReader.timeRange.contains(t) else {
                throw fail(
                    k,
                    "expected Unix seconds between 0 (1970) and \(FlowLogReader.timeRange.upperBound) (9999-12-31), got \(t)"
                )
            }
            return t
        }
        func optPort(_ k: String) throws(FlowLogParseError) -> Int64? {
            guard let p = try optInt(k) else { return nil }
            guard (0...65_535).contains(p) else { throw fail(k, "expected a port between 0 and 65535, got \(p)") }
            return p
        }
        func string(_ k: String, default d: String? = nil) throws(FlowLogParseError) -> String {
            guard let v = value(k) else {
                if let d { return d }
                throw fail(k, "required field is missing (expected a string)")
            }
            guard case .string(let s) = v else { throw fail(k, "expected a string, got \(v.summary)") }
            return s
        }
        func optString(_ k: String) throws(FlowLogParseError) -> String? { value(k) == nil ? nil : try string(k) }
        func optStringArray(_ k: String) throws(FlowLogParseError) -> [String]? {
            guard let v = value(k) else { return nil }
            guard case .array(let a) = v else { throw fail(k, "expected a list of strings, got \(v.summary)") }
            return try a.enumerated().map { (i, e) throws(FlowLogParseError) -> String in
                guard case .string(let s) = e else { throw fail("\(k)[\(i)]", "expected a string, got \(e.summary)") }
                return s
            }
        }
        func labels(_ k: String) throws(FlowLogParseError) -> [String]? {
            guard let v = value(k) else { return nil }
            if case .string("-") = v { return nil }
            guard case .object(let o) = v else {
                throw fail(k, "expected {\"labels\": [\"k=v\", …]}, got \(v.summary)")
            }
            let inner = Fields(object: o, fail: { f, m in fail(k + "." + f, m) })
            return try inner.optStringArray("labels") ?? []
        }
        func enumValue<E: RawRepresentable & CaseIterable>(_ k: String) throws(FlowLogParseError) -> E
        where E.RawValue == String {
            let s = try string(k)
            guard let e = E(rawValue: s) else {
                throw fail(k, "expected one of \(E.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(s)\"")
            }
            return e
        }
    }
}

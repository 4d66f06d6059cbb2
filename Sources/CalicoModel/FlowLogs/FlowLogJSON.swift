/// Writes a flow log as one line of JSON with Calico's field names, in a fixed field order.
///
/// Hand-written rather than `JSONEncoder`: the generator emits millions of records, and the output must be
/// byte-identical across runs.
extension FlowLog {
    public var jsonLine: String {
        var w = JSONWriter()
        w.begin()
        w.int("start_time", startTime); w.int("end_time", endTime)
        w.optString("source_ip", sourceIP); w.string("source_name", sourceName); w.string("source_name_aggr", sourceNameAggr)
        w.string("source_namespace", sourceNamespace); w.optInt("source_port", sourcePort); w.string("source_type", sourceType.rawValue)
        w.labels("source_labels", sourceLabels)
        w.optString("dest_ip", destIP); w.string("dest_name", destName); w.string("dest_name_aggr", destNameAggr)
        w.string("dest_namespace", destNamespace); w.optInt("dest_port", destPort); w.string("dest_type", destType.rawValue)
        w.labels("dest_labels", destLabels)
        w.string("dest_service_namespace", destServiceNamespace); w.string("dest_service_name", destServiceName)
        w.string("dest_service_port", destServicePort); w.optInt("dest_service_port_num", destServicePortNum)
        if let d = destDomains { w.stringArray("dest_domains", d) } else { w.null("dest_domains") }
        w.string("proto", proto); w.string("action", action.rawValue); w.string("reporter", reporter.rawValue)
        w.key("policies"); w.raw("{")
        var first = true
        func list(_ k: String, _ v: [String]?) {
            guard let v else { return }
            if !first { w.raw(",") }
            first = false
            w.rawKey(k); w.array(v)
        }
        list("all_policies", policies.allPolicies); list("enforced_policies", policies.enforcedPolicies)
        list("pending_policies", policies.pendingPolicies); list("transit_policies", policies.transitPolicies)
        w.raw("}")
        w.int("bytes_in", bytesIn); w.int("bytes_out", bytesOut); w.int("packets_in", packetsIn); w.int("packets_out", packetsOut)
        w.int("num_flows", numFlows); w.int("num_flows_started", numFlowsStarted); w.int("num_flows_completed", numFlowsCompleted)
        w.int("http_requests_allowed_in", httpRequestsAllowedIn); w.int("http_requests_denied_in", httpRequestsDeniedIn)
        w.null("original_source_ips"); w.int("num_original_source_ips", numOriginalSourceIPs)
        w.string("host", host); w.int("@timestamp", timestamp)
        w.end()
        return w.out
    }
}

/// A minimal append-only JSON object writer.
public struct JSONWriter {
    public private(set) var out = ""
    private var needsComma = false
    public init() { out.reserveCapacity(1024) }

    public mutating func begin() { out += "{"; needsComma = false }
    public mutating func end() { out += "}" }
    public mutating func raw(_ s: String) { out += s }
    public mutating func key(_ k: String) {
        if needsComma { out += "," }
        needsComma = true
        rawKey(k)
    }
    mutating func rawKey(_ k: String) { JSONWriter.appendQuoted(k, to: &out); out += ":" }
    public mutating func int(_ k: String, _ v: Int64) { key(k); out += String(v) }
    public mutating func double(_ k: String, _ v: Double) { key(k); out += v.isFinite ? "\(v)" : "null" }
    public mutating func string(_ k: String, _ v: String) { key(k); JSONWriter.appendQuoted(v, to: &out) }
    public mutating func bool(_ k: String, _ v: Bool) { key(k); out += v ? "true" : "false" }
    public mutating func null(_ k: String) { key(k); out += "null" }
    public mutating func optString(_ k: String, _ v: String?) { if let v { string(k, v) } else { null(k) } }
    public mutating func optInt(_ k: String, _ v: Int64?) { if let v { int(k, v) } else { null(k) } }
    public mutating func stringArray(_ k: String, _ v: [String]) { key(k); array(v) }
    mutating func array(_ v: [String]) {
        out += "["
        for (i, s) in v.enumerated() { if i > 0 { out += "," }; JSONWriter.appendQuoted(s, to: &out) }
        out += "]"
    }
    mutating func labels(_ k: String, _ v: [String]?) {
        key(k)
        if let v { out += "{\"labels\":"; array(v); out += "}" } else { out += "null" }
    }

    public static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        var needsEscape = false
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C { needsEscape = true; break }
        if !needsEscape { out += s; out += "\""; return }
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 {
                    let hex = String(ch.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else { out.unicodeScalars.append(ch) }
            }
        }
        out += "\""
    }
}

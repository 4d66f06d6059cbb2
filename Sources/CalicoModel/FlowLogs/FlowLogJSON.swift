/// Writes a flow log as one line of JSON with Calico's field names, in a fixed field order.
///
/// Hand-written rather than `JSONEncoder`: the generator emits millions of records, and the output must be
/// byte-identical across runs.
extension FlowLog {
    /// The record as one line of JSON.
    public var jsonLine: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// The record's JSON as UTF-8 bytes: the canonical form folded into run fingerprints.
    public var jsonBytes: [UInt8] {
        var w = JSONWriter()
        w.begin()
        w.int("start_time", startTime); w.int("end_time", endTime)
        w.optString("source_ip", sourceIP); w.string("source_name", sourceName);
        w.string("source_name_aggr", sourceNameAggr)
        w.string("source_namespace", sourceNamespace); w.optInt("source_port", sourcePort);
        w.string("source_type", sourceType.rawValue)
        w.labels("source_labels", sourceLabels)
        w.optString("dest_ip", destIP); w.string("dest_name", destName); w.string("dest_name_aggr", destNameAggr)
        w.string("dest_namespace", destNamespace); w.optInt("dest_port", destPort);
        w.string("dest_type", destType.rawValue)
        w.labels("dest_labels", destLabels)
        w.string("dest_service_namespace", destServiceNamespace); w.string("dest_service_name", destServiceName)
        w.string("dest_service_port", destServicePort); w.optInt("dest_service_port_num", destServicePortNum)
        if let d = destDomains { w.stringArray("dest_domains", d) } else { w.null("dest_domains") }
        w.string("proto", proto); w.string("action", action.rawValue); w.string("reporter", reporter.rawValue)
        w.key("policies"); w.raw("{")
        var first = true
        func list(_ k: StaticString, _ v: [String]?) {
            guard let v else { return }
            if !first { w.raw(",") }
            first = false
            w.rawKey(k); w.array(v)
        }
        list("all_policies", policies.allPolicies); list("enforced_policies", policies.enforcedPolicies)
        list("pending_policies", policies.pendingPolicies); list("transit_policies", policies.transitPolicies)
        w.raw("}")
        w.int("bytes_in", bytesIn); w.int("bytes_out", bytesOut); w.int("packets_in", packetsIn);
        w.int("packets_out", packetsOut)
        w.int("num_flows", numFlows); w.int("num_flows_started", numFlowsStarted);
        w.int("num_flows_completed", numFlowsCompleted)
        w.int("http_requests_allowed_in", httpRequestsAllowedIn); w.int("http_requests_denied_in", httpRequestsDeniedIn)
        w.null("original_source_ips"); w.int("num_original_source_ips", numOriginalSourceIPs)
        w.string("host", host); w.int("@timestamp", timestamp)
        w.end()
        return w.bytes
    }
}

/// A minimal append-only JSON object writer over UTF-8 bytes (no `String` work per field).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false
    public init() { bytes.reserveCapacity(1024) }

    /// The JSON text written so far.
    public var out: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func begin() { bytes.append(UInt8(ascii: "{")); needsComma = false }
    public mutating func end() { bytes.append(UInt8(ascii: "}")) }
    public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
    public mutating func key(_ k: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
        rawKey(k)
    }
    mutating func rawKey(_ k: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\"")); bytes.append(UInt8(ascii: ":"))
    }
    public mutating func int(_ k: StaticString, _ v: Int64) { key(k); appendInt(v) }
    public mutating func string(_ k: StaticString, _ v: String) { key(k); appendQuoted(v) }
    public mutating func bool(_ k: StaticString, _ v: Bool) { key(k); if v { raw("true") } else { raw("false") } }
    public mutating func null(_ k: StaticString) { key(k); raw("null") }
    public mutating func optString(_ k: StaticString, _ v: String?) { if let v { string(k, v) } else { null(k) } }
    public mutating func optInt(_ k: StaticString, _ v: Int64?) { if let v { int(k, v) } else { null(k) } }
    public mutating func stringArray(_ k: StaticString, _ v: [String]) { key(k); array(v) }
    mutating func array(_ v: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, s) in v.enumerated() { if i > 0 { bytes.append(UInt8(ascii: ",")) }; appendQuoted(s) }
        bytes.append(UInt8(ascii: "]"))
    }
    mutating func labels(_ k: StaticString, _ v: [String]?) {
        key(k)
        if let v { raw("{\"labels\":"); array(v); bytes.append(UInt8(ascii: "}")) } else { raw("null") }
    }

    mutating func appendInt(_ v: Int64) {
        if v == 0 { bytes.append(UInt8(ascii: "0")); return }
        var n = v.magnitude
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 { d[count] = UInt8(ascii: "0") + UInt8(n % 10); n /= 10; count += 1 }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    /// Appends a JSON string literal, escaping quotes, backslashes and control characters.
    mutating func appendQuoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var copy = s
        copy.withUTF8 { utf8 in
            var start = 0
            for (i, b) in utf8.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                switch b {
                case 0x22: raw("\\\"")
                case 0x5C: raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    raw("\\u00"); bytes.append(hex[Int(b >> 4)]); bytes.append(hex[Int(b & 15)])
                }
                start = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a JSON string literal to a `String` (for callers that build text).
    public static func appendQuoted(_ s: String, to out: inout String) {
        var w = JSONWriter()
        w.appendQuoted(s)
        out += w.out
    }
}

/// A compact, canonical binary encoding of flow-log records, for fingerprints (no JSON work per record).
///
/// This is the text part of a record — every text field in the JSON order of `jsonBytes` (source ip, name,
/// aggregated name, namespace, labels; the same for the destination; service namespace, name and port; domains;
/// proto; the four policy lists; host) — which many records share through `textToken`, so it is hashed once per
/// shared box. The numeric fields are hashed as 64-bit words by the fingerprint (`RecordDigester`), with
/// `binaryCode` for the enumerations.
///
/// Strings are a LEB128 length and their UTF-8 bytes; optionals a 0/1 byte then the value; lists an optional
/// flag, a LEB128 count and their strings.
extension FlowLog {
    /// Appends the encoding of the record's text fields.
    public func appendTextBinary(to out: inout [UInt8]) {
        let t = textFields
        out.appendOptional(t.sourceIP); out.appendString(t.sourceName); out.appendString(t.sourceNameAggr)
        out.appendString(t.sourceNamespace); out.appendList(t.sourceLabels)
        out.appendOptional(t.destIP); out.appendString(t.destName); out.appendString(t.destNameAggr)
        out.appendString(t.destNamespace); out.appendList(t.destLabels)
        out.appendString(t.destServiceNamespace); out.appendString(t.destServiceName);
        out.appendString(t.destServicePort)
        out.appendList(t.destDomains); out.appendString(t.proto)
        out.appendList(t.policies.allPolicies); out.appendList(t.policies.enforcedPolicies)
        out.appendList(t.policies.pendingPolicies); out.appendList(t.policies.transitPolicies)
        out.appendString(t.host)
    }
}

extension EndpointType {
    public var binaryCode: UInt8 {
        switch self {
        case .wep: 0;
        case .hep: 1;
        case .ns: 2;
        case .net: 3
        }
    }
}

extension Reporter {
    public var binaryCode: UInt8 {
        switch self {
        case .src: 0;
        case .dst: 1;
        case .fwd: 2
        }
    }
}

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendLength(_ n: Int) {
        var v = UInt(n)
        while v >= 0x80 { append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        append(UInt8(v))
    }

    @inline(__always)
    mutating func appendString(_ s: String) {
        appendLength(s.utf8.count)
        append(contentsOf: s.utf8)
    }

    mutating func appendOptional(_ s: String?) {
        if let s { append(1); appendString(s) } else { append(0) }
    }

    mutating func appendList(_ list: [String]?) {
        guard let list else { append(0); return }
        append(1)
        appendLength(list.count)
        for s in list { appendString(s) }
    }

}

import Foundation
import Simulation

/// Decodes flow-log lines straight from UTF-8 bytes into `FlowLog`, for throughput (replay, import, evaluate).
///
/// The fast path reads the fields recsim uses in one pass, skips the others, interns every text value by its
/// bytes (a `String` is made once per distinct value), and copies records whose text fields all repeat an
/// earlier record from that record, so they share one text box (which the engine's ingest cache keys on).
/// Anything out of the ordinary — an escape sequence or a non-ASCII byte in a string, a number with a fraction or
/// an exponent, a duplicate key, a missing or invalid field, malformed JSON — leaves the fast path, and the line
/// is parsed by `FlowLogReader.parse`, which gives the same records and the same errors as always. So the decoder
/// returns exactly what `FlowLogReader.parse` returns for every line (tested on every fixture, generated logs
/// and by a fuzz target).
public struct FlowLogDecoder {
    private var strings = ByteTable()
    private var stringValues: [String] = []
    /// Labels, domains and policies values, each kind in its own table, by their raw bytes.
    private var lists = [ByteTable(), ByteTable(), ByteTable()]
    /// Per kind and list id: what the raw value decodes to.
    private var listValues: [[ListValue]] = [[], [], []]
    private var textKeys = FastIndex<TextKey>()
    private var prototypes: [FlowLog] = []
    static let maxEntries = 1_000_000
    static let maxBytes = 64 << 20

    enum ListValue {
        case strings([String]?)
        case policies(FlowPolicies)
        case invalid
    }

    /// `keys` and `byLength`, held by the value so the hot loop reads no global.
    private let keys = FlowLogDecoder.keys
    private let byLength = FlowLogDecoder.byLength

    public init() {}

    /// The record on one line (without its terminator).
    public mutating func decode(
        _ line: UnsafeBufferPointer<UInt8>, file: String, lineNumber: Int
    ) throws(FlowLogParseError) -> FlowLog {
        if let log = fast(UnsafeRawBufferPointer(line)) { return log }
        guard let text = String(validating: line, as: UTF8.self) else {
            throw FlowLogParseError(file: file, line: lineNumber, field: "", message: "not UTF-8")
        }
        return try FlowLogReader.parse(text, file: file, lineNumber: lineNumber)
    }

    /// The record on the next non-blank line of `reader`, or nil at the end. After an error the reader is past the
    /// bad line, so a caller that skips invalid lines can go on.
    public mutating func nextRecord(from reader: inout LineReader, file: String) throws(FlowLogParseError) -> FlowLog? {
        while let line = reader.nextBytes() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let lineNumber = reader.lineNumber
            return try line.withUnsafeBufferPointer { bytes throws(FlowLogParseError) in
                try decode(bytes, file: file, lineNumber: lineNumber)
            }
        }
        return nil
    }

    /// The record on one line given as text.
    public mutating func decode(_ line: String, file: String, lineNumber: Int) throws(FlowLogParseError) -> FlowLog {
        var copy = line
        let fast = copy.withUTF8 { self.fast(UnsafeRawBufferPointer($0)) }
        if let fast { return fast }
        return try FlowLogReader.parse(line, file: file, lineNumber: lineNumber)
    }

    // MARK: - Fast path

    /// Known keys, by field index.
    static let names = [
        "start_time", "end_time", "source_ip", "source_name", "source_name_aggr", "source_namespace", "source_port",
        "source_type", "source_labels", "dest_ip", "dest_name", "dest_name_aggr", "dest_namespace", "dest_port",
        "dest_type", "dest_labels", "dest_service_namespace", "dest_service_name", "dest_service_port",
        "dest_service_port_num", "dest_domains", "proto", "action", "reporter", "policies", "bytes_in", "bytes_out",
        "packets_in", "packets_out", "num_flows", "num_flows_started", "num_flows_completed",
        "http_requests_allowed_in", "http_requests_denied_in", "num_original_source_ips", "host", "@timestamp",
    ]
    static let keys: [[UInt8]] = names.map { Array($0.utf8) }

    /// The fields recsim reads, in the order of `names` (recsim's own writer's order).
    enum Field: Int, CaseIterable {
        case startTime, endTime, sourceIP, sourceName, sourceNameAggr, sourceNamespace, sourcePort, sourceType,
            sourceLabels
        case destIP, destName, destNameAggr, destNamespace, destPort, destType, destLabels, destServiceNamespace
        case destServiceName, destServicePort, destServicePortNum, destDomains, proto, action, reporter, policies
        case bytesIn, bytesOut, packetsIn, packetsOut, numFlows, numFlowsStarted, numFlowsCompleted,
            httpRequestsAllowedIn
        case httpRequestsDeniedIn, numOriginalSourceIPs, host, timestamp
    }

    static let fieldCount = Field.allCases.count
    /// Field indices by key length.
    static let byLength: [[Int]] = {
        var out = [[Int]](repeating: [], count: 32)
        for (i, k) in keys.enumerated() { out[k.count].append(i) }
        return out
    }()
    static func mask(_ fields: [Field]) -> UInt64 { fields.reduce(0) { $0 | 1 << UInt64($1.rawValue) } }
    static let intFields = mask([
        .startTime, .endTime, .sourcePort, .destPort, .destServicePortNum, .bytesIn, .bytesOut, .packetsIn,
        .packetsOut, .numFlows, .numFlowsStarted, .numFlowsCompleted, .httpRequestsAllowedIn,
        .httpRequestsDeniedIn, .numOriginalSourceIPs, .timestamp,
    ])
    static let stringFields = mask([
        .sourceIP, .sourceName, .sourceNameAggr, .sourceNamespace, .sourceType, .destIP, .destName,
        .destNameAggr, .destNamespace, .destType, .destServiceNamespace, .destServiceName,
        .destServicePort, .proto, .action, .reporter, .host,
    ])
    static func index(_ f: Field) -> Int { f.rawValue }

    /// What one line holds, by field index: integers, string ids (-1: null), list ids (-1: null).
    struct Scan {
        var seen: UInt64 = 0
        var ints = [Int64](repeating: 0, count: FlowLogDecoder.fieldCount)
        var ids = [Int32](repeating: -1, count: FlowLogDecoder.fieldCount)
        var nulls: UInt64 = 0
    }

    private var scan = Scan()
    private var unknownKeys: [UnsafeRawBufferPointer] = []

    /// The record, or nil when the line needs the full parser.
    mutating func fast(_ line: UnsafeRawBufferPointer) -> FlowLog? {
        guard let base = line.baseAddress else { return nil }
        if strings.count > Self.maxEntries || lists.contains(where: { $0.count > Self.maxEntries })
            || prototypes.count > Self.maxEntries
            || strings.bytes + lists.reduce(0, { $0 + $1.bytes }) > Self.maxBytes
        {
            strings.removeAll(); stringValues.removeAll()
            endpointTypes.removeAll(); actions.removeAll(); reporters.removeAll()
            for k in lists.indices { lists[k].removeAll(); listValues[k].removeAll() }
            textKeys.removeAll(); prototypes.removeAll()
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let n = line.count
        var i = 0
        scan.seen = 0; scan.nulls = 0
        unknownKeys.removeAll(keepingCapacity: true)
        JSONSkipper.space(bytes, n, &i)
        guard i < n, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        JSONSkipper.space(bytes, n, &i)
        var expected = 0
        if i < n, bytes[i] == UInt8(ascii: "}") { return nil }  // required fields missing
        while true {
            guard i < n, bytes[i] == UInt8(ascii: "\"") else { return nil }
            let keyStart = i + 1
            var j = keyStart
            while j < n, bytes[j] != UInt8(ascii: "\"") {
                if bytes[j] == UInt8(ascii: "\\") || bytes[j] < 0x20 || bytes[j] >= 0x80 { return nil }
                j += 1
            }
            guard j < n else { return nil }
            let key = UnsafeRawBufferPointer(start: base + keyStart, count: j - keyStart)
            i = j + 1
            JSONSkipper.space(bytes, n, &i)
            guard i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            JSONSkipper.space(bytes, n, &i)
            let field = Self.field(key, expected: expected, keys: keys, byLength: byLength)
            if let field {
                let bit: UInt64 = 1 << UInt64(field)
                if scan.seen & bit != 0 { return nil }
                scan.seen |= bit
                expected = field + 1
                guard value(field, bytes, n, &i, base) else { return nil }
            } else {
                for k in unknownKeys
                where k.count == key.count && bytesEqual(k.baseAddress!, key.baseAddress!, key.count) { return nil }
                unknownKeys.append(key)
                guard JSONSkipper.skip(bytes, n, &i, depth: 0) else { return nil }
            }
            JSONSkipper.space(bytes, n, &i)
            guard i < n else { return nil }
            if bytes[i] == UInt8(ascii: ",") { i += 1; JSONSkipper.space(bytes, n, &i); continue }
            guard bytes[i] == UInt8(ascii: "}") else { return nil }
            i += 1
            JSONSkipper.space(bytes, n, &i)
            guard i == n else { return nil }
            break
        }
        return build()
    }

    /// The field index of a key (trying the field after the previous one first), or nil for other keys.
    @inline(__always)
    static func field(_ key: UnsafeRawBufferPointer, expected: Int, keys: [[UInt8]], byLength: [[Int]]) -> Int? {
        if expected < fieldCount, keys[expected].count == key.count,
            keys[expected].withUnsafeBytes({ bytesEqual($0.baseAddress!, key.baseAddress!, key.count) })
        {
            return expected
        }
        guard key.count < byLength.count else { return nil }
        for f in byLength[key.count]
        where keys[f].withUnsafeBytes({ bytesEqual($0.baseAddress!, key.baseAddress!, key.count) }) {
            return f
        }
        return nil
    }

    /// Reads the value of a known field; false when the line needs the full parser.
    private mutating func value(
        _ field: Int, _ bytes: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int, _ base: UnsafeRawPointer
    ) -> Bool {
        if n - i >= 4, bytes[i] == UInt8(ascii: "n"), bytes[i + 1] == UInt8(ascii: "u"),
            bytes[i + 2] == UInt8(ascii: "l"),
            bytes[i + 3] == UInt8(ascii: "l")
        {
            i += 4
            scan.nulls |= 1 << UInt64(field)
            return true
        }
        let bit: UInt64 = 1 << UInt64(field)
        if Self.intFields & bit != 0 {
            guard let v = JSONSkipper.integer(bytes, n, &i) else { return false }
            scan.ints[field] = v
            return true
        }
        if Self.stringFields & bit != 0 {
            guard let span = JSONSkipper.plainString(bytes, n, &i) else { return false }
            let (id, isNew) = strings.id(
                UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(start: base, count: n)[span]))
            if isNew {
                stringValues.append(
                    String(
                        decoding: UnsafeBufferPointer(rebasing: UnsafeBufferPointer(start: bytes, count: n)[span]),
                        as: UTF8.self))
            }
            scan.ids[field] = id
            return true
        }
        // Lists: labels, domains, policies: interned by their raw bytes, with the field kind as a prefix byte.
        let start = i
        guard JSONSkipper.skip(bytes, n, &i, depth: 0) else { return false }
        let kind = field == Self.index(.policies) ? 2 : field == Self.index(.destDomains) ? 1 : 0
        let raw = UnsafeBufferPointer(start: bytes + start, count: i - start)
        let (id, isNew) = lists[kind].id(UnsafeRawBufferPointer(raw))
        if isNew { listValues[kind].append(Self.decodeList(raw, kind: UInt8(kind))) }
        if case .invalid = listValues[kind][Int(id)] { return false }
        scan.ids[field] = id
        return true
    }

    /// Decodes a labels, domains or policies value the way `FlowLogReader` does; `.invalid` when it would fail.
    static func decodeList(_ raw: UnsafeBufferPointer<UInt8>, kind: UInt8) -> ListValue {
        guard let text = String(validating: raw, as: UTF8.self), let value = try? JSONBytes.parse(text) else {
            return .invalid
        }
        func strings(_ v: JSONValue?) -> [String]?? {
            guard let v, v != .null else { return .some(nil) }
            guard case .array(let a) = v else { return nil }
            var out: [String] = []
            for e in a { guard case .string(let s) = e else { return nil }; out.append(s) }
            return .some(out)
        }
        switch kind {
        case 0:  // labels: "-" or {"labels": [...]}
            if case .string("-") = value { return .strings(nil) }
            guard case .object(let o) = value, let list = strings(o["labels"]) else { return .invalid }
            return .strings(list ?? [])
        case 1:
            guard let list = strings(value) else { return .invalid }
            return .strings(list)
        default:
            guard case .object(let o) = value, let enforced = strings(o["enforced_policies"]),
                let pending = strings(o["pending_policies"]),
                let all = strings(o["all_policies"]), let transit = strings(o["transit_policies"])
            else { return .invalid }
            let p = FlowPolicies(enforced: enforced ?? [], pending: pending ?? [], all: all, transit: transit)
            for list in [p.enforcedPolicies, p.pendingPolicies, p.allPolicies ?? []] {
                for hit in list where PolicyHit(parsing: hit) == nil { return .invalid }
            }
            return .policies(p)
        }
    }

    /// Per string id: its value as an endpoint type, action or reporter (nil: not looked up yet).
    private var endpointTypes: [EndpointType??] = []
    private var actions: [FlowAction??] = []
    private var reporters: [Reporter??] = []

    /// The enumeration case a string id names, looked up once per id.
    @inline(__always)
    private static func cached<E: RawRepresentable>(_ id: Int32, _ cache: inout [E??], _ strings: [String]) -> E?
    where E.RawValue == String {
        let i = Int(id)
        if i >= cache.count { cache.append(contentsOf: repeatElement(nil, count: i - cache.count + 1)) }
        if let known = cache[i] { return known }
        let e = E(rawValue: strings[i])
        cache[i] = .some(e)
        return e
    }

    /// The record from a scan; nil where `FlowLogReader` would refuse the line.
    private mutating func build() -> FlowLog? {
        @inline(__always) func present(_ f: Field) -> Bool {
            let bit: UInt64 = 1 << UInt64(Self.index(f))
            return scan.seen & bit != 0 && scan.nulls & bit == 0
        }
        @inline(__always) func int(_ f: Field) -> Int64 { scan.ints[Self.index(f)] }
        @inline(__always) func id(_ f: Field) -> Int32 { present(f) ? scan.ids[Self.index(f)] : -1 }
        for f in [
            Field.startTime, .endTime, .sourceNameAggr, .sourceType, .destNameAggr, .destType, .proto, .action,
            .reporter,
        ]
        where !present(f) { return nil }
        let start = int(.startTime), end = int(.endTime)
        guard FlowLogReader.timeRange.contains(start), FlowLogReader.timeRange.contains(end), end >= start else {
            return nil
        }
        func port(_ f: Field) -> Int64?? {
            guard present(f) else { return .some(nil) }
            let p = int(f)
            return (0...65_535).contains(p) ? .some(p) : nil
        }
        guard let sourcePort = port(.sourcePort), let destPort = port(.destPort),
            let servicePortNum = port(.destServicePortNum),
            let sourceType = Self.cached(id(.sourceType), &endpointTypes, stringValues),
            let destType = Self.cached(id(.destType), &endpointTypes, stringValues),
            let action = Self.cached(id(.action), &actions, stringValues),
            let reporter = Self.cached(id(.reporter), &reporters, stringValues)
        else { return nil }

        let key = TextKey(
            ids: (
                id(.sourceIP), id(.sourceName), id(.sourceNameAggr), id(.sourceNamespace), id(.sourceLabels),
                id(.destIP), id(.destName), id(.destNameAggr), id(.destNamespace), id(.destLabels),
                id(.destServiceNamespace), id(.destServiceName), id(.destServicePort), id(.destDomains),
                id(.proto), id(.policies), id(.host)
            ))
        var log: FlowLog
        if let p = textKeys.find(key) {
            log = prototypes[p]
        } else {
            func string(_ f: Field, default d: String) -> String {
                let i = id(f); return i < 0 ? d : stringValues[Int(i)]
            }
            func list(_ f: Field, kind: Int) -> [String]? {
                let i = id(f)
                guard i >= 0, case .strings(let s) = listValues[kind][Int(i)] else { return nil }
                return s
            }
            log = FlowLog(
                startTime: start, endTime: end,
                sourceName: string(.sourceName, default: "-"), sourceNameAggr: string(.sourceNameAggr, default: ""),
                sourceNamespace: string(.sourceNamespace, default: "-"), sourceType: sourceType,
                destName: string(.destName, default: "-"), destNameAggr: string(.destNameAggr, default: ""),
                destNamespace: string(.destNamespace, default: "-"), destType: destType,
                destPort: destPort, proto: string(.proto, default: ""), action: action, reporter: reporter)
            let sip = id(.sourceIP), dip = id(.destIP)
            log.sourceIP = sip < 0 ? nil : stringValues[Int(sip)]
            log.destIP = dip < 0 ? nil : stringValues[Int(dip)]
            log.sourceLabels = list(.sourceLabels, kind: 0); log.destLabels = list(.destLabels, kind: 0)
            log.destServiceNamespace = string(.destServiceNamespace, default: "-")
            log.destServiceName = string(.destServiceName, default: "-")
            log.destServicePort = string(.destServicePort, default: "-")
            log.destDomains = list(.destDomains, kind: 1)
            let pid = id(.policies)
            if pid >= 0, case .policies(let p) = listValues[2][Int(pid)] { log.policies = p }
            log.host = string(.host, default: "")
            _ = textKeys.insert(key)
            prototypes.append(log)
        }
        log.startTime = start; log.endTime = end
        log.sourcePort = sourcePort; log.destPort = destPort; log.destServicePortNum = servicePortNum
        log.sourceType = sourceType; log.destType = destType; log.action = action; log.reporter = reporter
        func count(_ f: Field) -> Int64 { present(f) ? int(f) : 0 }
        log.bytesIn = count(.bytesIn); log.bytesOut = count(.bytesOut); log.packetsIn = count(.packetsIn);
        log.packetsOut = count(.packetsOut)
        log.numFlows = count(.numFlows); log.numFlowsStarted = count(.numFlowsStarted);
        log.numFlowsCompleted = count(.numFlowsCompleted)
        log.httpRequestsAllowedIn = count(.httpRequestsAllowedIn);
        log.httpRequestsDeniedIn = count(.httpRequestsDeniedIn)
        log.numOriginalSourceIPs = count(.numOriginalSourceIPs)
        log.timestamp = present(.timestamp) ? int(.timestamp) : end * 1000
        return log
    }

    /// The text fields of a record, as ids.
    struct TextKey: FastHashable, Sendable {
        var ids:
            (
                Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32,
                Int32, Int32
            )
        static func == (a: TextKey, b: TextKey) -> Bool {
            withUnsafeBytes(of: a.ids) { x in
                withUnsafeBytes(of: b.ids) { y in bytesEqual(x.baseAddress!, y.baseAddress!, x.count) }
            }
        }
        var fastHash: UInt64 { withUnsafeBytes(of: ids) { FastHash.hash($0, seed: 0x7E7) } }
    }
}

/// Byte-level JSON helpers for the fast path: each returns nil/false where the full parser must decide.
enum JSONSkipper {
    @inline(__always)
    static func space(_ b: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) {
        while i < n, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    /// A JSON integer without fraction or exponent that fits comfortably in Int64 (at most 18 digits).
    static func integer(_ b: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> Int64? {
        var j = i
        var negative = false
        if j < n, b[j] == UInt8(ascii: "-") { negative = true; j += 1 }
        let digitsStart = j
        var v: Int64 = 0
        while j < n, b[j] >= 0x30, b[j] <= 0x39 {
            v = v &* 10 &+ Int64(b[j] - 0x30)
            j += 1
        }
        let digits = j - digitsStart
        guard digits > 0, digits <= 18, !(digits > 1 && b[digitsStart] == 0x30) else { return nil }
        if j < n, b[j] == UInt8(ascii: ".") || b[j] == UInt8(ascii: "e") || b[j] == UInt8(ascii: "E") { return nil }
        i = j
        return negative ? -v : v
    }

    /// A string without escapes, control or non-ASCII bytes: the range of its content.
    static func plainString(_ b: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> Range<Int>? {
        guard i < n, b[i] == UInt8(ascii: "\"") else { return nil }
        var j = i + 1
        while j < n, b[j] != UInt8(ascii: "\"") {
            if b[j] == UInt8(ascii: "\\") || b[j] < 0x20 || b[j] >= 0x80 { return nil }
            j += 1
        }
        guard j < n else { return nil }
        let r = (i + 1)..<j
        i = j + 1
        return r
    }

    /// Skips one JSON value of plain strings, JSON numbers, literals, arrays and objects (no escapes or non-ASCII
    /// bytes, no duplicate checks needed inside); false on anything else.
    static func skip(_ b: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int, depth: Int) -> Bool {
        guard depth < 32, i < n else { return false }
        switch b[i] {
        case UInt8(ascii: "\""): return plainString(b, n, &i) != nil
        case UInt8(ascii: "-"), 0x30...0x39: return number(b, n, &i)
        case UInt8(ascii: "t"): return literal("true", b, n, &i)
        case UInt8(ascii: "f"): return literal("false", b, n, &i)
        case UInt8(ascii: "n"): return literal("null", b, n, &i)
        case UInt8(ascii: "["):
            i += 1; space(b, n, &i)
            if i < n, b[i] == UInt8(ascii: "]") { i += 1; return true }
            while true {
                guard skip(b, n, &i, depth: depth + 1) else { return false }
                space(b, n, &i)
                guard i < n else { return false }
                if b[i] == UInt8(ascii: ",") { i += 1; space(b, n, &i); continue }
                guard b[i] == UInt8(ascii: "]") else { return false }
                i += 1
                return true
            }
        case UInt8(ascii: "{"):
            // Objects are left to the full parser when nested inside a skipped value, so that duplicate keys in them
            // are judged by it; at depth 0 (a list value of the fast path) the interned decode checks them.
            guard depth == 0 else { return false }
            i += 1; space(b, n, &i)
            if i < n, b[i] == UInt8(ascii: "}") { i += 1; return true }
            while true {
                guard plainString(b, n, &i) != nil else { return false }
                space(b, n, &i)
                guard i < n, b[i] == UInt8(ascii: ":") else { return false }
                i += 1; space(b, n, &i)
                guard skip(b, n, &i, depth: depth + 1) else { return false }
                space(b, n, &i)
                guard i < n else { return false }
                if b[i] == UInt8(ascii: ",") { i += 1; space(b, n, &i); continue }
                guard b[i] == UInt8(ascii: "}") else { return false }
                i += 1
                return true
            }
        default: return false
        }
    }

    static func literal(_ word: StaticString, _ b: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> Bool {
        let count = word.utf8CodeUnitCount
        guard n - i >= count else { return false }
        for k in 0..<count where b[i + k] != word.utf8Start[k] { return false }
        i += count
        return true
    }

    /// A JSON number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    static func number(_ b: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> Bool {
        var j = i
        if j < n, b[j] == UInt8(ascii: "-") { j += 1 }
        guard j < n, b[j] >= 0x30, b[j] <= 0x39 else { return false }
        if b[j] == 0x30 { j += 1 } else { while j < n, b[j] >= 0x30, b[j] <= 0x39 { j += 1 } }
        if j < n, b[j] == UInt8(ascii: ".") {
            j += 1
            guard j < n, b[j] >= 0x30, b[j] <= 0x39 else { return false }
            while j < n, b[j] >= 0x30, b[j] <= 0x39 { j += 1 }
        }
        if j < n, b[j] == UInt8(ascii: "e") || b[j] == UInt8(ascii: "E") {
            j += 1
            if j < n, b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-") { j += 1 }
            guard j < n, b[j] >= 0x30, b[j] <= 0x39 else { return false }
            while j < n, b[j] >= 0x30, b[j] <= 0x39 { j += 1 }
        }
        i = j
        return true
    }
}

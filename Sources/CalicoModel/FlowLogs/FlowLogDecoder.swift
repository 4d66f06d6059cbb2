import CLineScan
import Foundation
import Simulation

/// Decodes flow-log lines straight from UTF-8 bytes into `FlowLog`, for throughput (replay, import, evaluate).
///
/// The fast path reads the fields recsim uses in one pass and skips the others. A line's text fields are looked
/// up together: their bytes make the line's signature, and each distinct signature is resolved once — every text
/// value interned by its bytes (a `String` is made once per distinct value) — to a prototype record, so lines
/// whose text repeats an earlier line's are copied from that record and share one text box (which the engine's
/// ingest cache keys on).
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
    private let quotedKeys = QuotedKeys.shared
    private let intFields = FlowLogDecoder.intFields
    private let stringFields = FlowLogDecoder.stringFields
    private let requiredFields = FlowLogDecoder.mask([
        .startTime, .endTime, .sourceNameAggr, .sourceType, .destNameAggr, .destType, .proto, .action, .reporter,
    ])
    /// Lines decoded since the interning tables' size was last checked.
    private var sinceSizeCheck = 0
    /// Records of the current `_search` response line not handed out yet.
    private var pending: [Result<FlowLog, FlowLogParseError>] = []
    private var pendingIndex = 0
    /// The format of the first non-blank line read by `nextRecord` (nil before).
    public private(set) var firstFormat: FlowLogLineFormat?
    /// The window an export of L3Flows covers (Unix seconds): their start and end time. nil: an L3Flow line is
    /// an error saying so.
    public var l3FlowWindow: (start: Int64, end: Int64)?

    public init() {}

    /// The record on one line (without its terminator).
    public mutating func decode(
        _ line: UnsafeBufferPointer<UInt8>, file: String, lineNumber: Int
    ) throws(FlowLogParseError) -> FlowLog {
        if let log = fast(UnsafeRawBufferPointer(line)) { return log }
        return try parseFully(line, file: file, lineNumber: lineNumber)
    }

    /// A line the fast path left: read by `FlowLogReader.parse`, which gives the record or the error.
    private func parseFully(
        _ line: UnsafeBufferPointer<UInt8>, file: String, lineNumber: Int
    ) throws(FlowLogParseError) -> FlowLog {
        guard let text = String(validating: line, as: UTF8.self) else {
            throw FlowLogParseError(file: file, line: lineNumber, field: "", message: "not UTF-8")
        }
        return try FlowLogReader.parse(text, file: file, lineNumber: lineNumber)
    }

    /// The next record of `reader`, or nil at the end. A line may hold a flat record, an Elasticsearch hit or a
    /// one-line `_search` response with many hits (`FlowLogLineFormat`); blank lines are skipped. After an error
    /// the reader is past the bad line (or hit), so a caller that skips invalid records can go on.
    public mutating func nextRecord(from reader: inout LineReader, file: String) throws(FlowLogParseError) -> FlowLog? {
        var log = FlowLog.placeholder
        return try nextRecord(into: &log, from: &reader, file: file) ? log : nil
    }

    /// `nextRecord(from:file:)` writing the record into `log` (true), or false at the end: a hot loop that keeps
    /// one record variable saves copying every record through return values.
    public mutating func nextRecord(
        into log: inout FlowLog, from reader: inout LineReader, file: String
    ) throws(FlowLogParseError) -> Bool {
        if pendingIndex < pending.count {
            pendingIndex += 1
            log = try pending[pendingIndex - 1].get()
            return true
        }
        while let line = try reader.nextBytes() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            // Flat lines (the common case) start with `{"start_time"` or another record key: one byte tells.
            let lineFormat = FlowLogLineFormat.of(line)
            if firstFormat == nil { firstFormat = lineFormat }
            switch lineFormat {
            case .flat:
                if fast(UnsafeRawBufferPointer(line), into: &log) { return true }
                log = try parseFully(line, file: file, lineNumber: reader.lineNumber)
            case .elasticsearchHit:
                log = try decodeHitLine(line, file: file, lineNumber: reader.lineNumber)
            case .elasticsearchSearch, .l3Flow, .linseedFlows:
                pending = try decodeRecords(line, format: lineFormat, file: file, lineNumber: reader.lineNumber)
                pendingIndex = 0
                guard !pending.isEmpty else { continue }
                pendingIndex = 1
                log = try pending[0].get()
            }
            return true
        }
        return false
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

    /// `Field.allCases.count`, as a literal so that the hot loop reads a constant (a test checks the two agree).
    static let fieldCount = 37
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

    /// What one line holds, by field index: integers, and where each string's content or list's raw value lies.
    struct Scan {
        var seen: UInt64 = 0
        var nulls: UInt64 = 0
        let ints = FieldSlots<Int64>(0)
        let starts = FieldSlots<Int>(0)
        let ends = FieldSlots<Int>(0)
    }

    /// The text fields (strings and lists), as a mask: their bytes, in field order, make a line's signature.
    static let textFields = stringFields | mask([.sourceLabels, .destLabels, .destDomains, .policies])

    /// What a line signature stands for: the prototype record holding its text and the enumeration values, or
    /// nil when a value is invalid (the line goes to the full parser).
    struct Resolved {
        var prototype: Int32
        var sourceType: EndpointType
        var destType: EndpointType
        var action: FlowAction
        var reporter: Reporter
    }

    private var scan = Scan()
    private let textFields = FlowLogDecoder.textFields
    /// Line signatures (every text field's bytes, see `signature`) and what each resolves to, by signature id.
    private var signatures = ByteTable()
    private var resolved: [Resolved?] = []
    private let signature = ScratchBytes()
    private var unknownKeys: [UnsafeRawBufferPointer] = []

    /// Lines read before, up to their numbers (`LineTemplates`).
    private var templates = LineTemplates()
    /// Lines decoded from a template (tests).
    var templateHits: Int { templates.hits }
    /// Templates held, and the bytes their pieces and parts take (tests).
    var templateCount: Int { templates.count }
    var templateBytes: Int { templates.bytes }
    /// The numbers of the line being scanned, as template slots.
    private var numberSlots: [LineTemplates.Slot] = []
    /// What the last line `build` accepted resolved to, and its present fields.
    private var lastResolved: Resolved?
    private var lastPresent: UInt64 = 0

    /// The record, or nil when the line needs the full parser. A line that repeats a template up to its numbers
    /// is read from the template; any other line is scanned, and becomes a template when the scan accepts it.
    mutating func fast(_ line: UnsafeRawBufferPointer) -> FlowLog? {
        var log = FlowLog.placeholder
        return fast(line, into: &log) ? log : nil
    }

    /// `fast(_:)` writing the record into `log`; false (and `log` unchanged) when the line needs the full parser.
    mutating func fast(_ line: UnsafeRawBufferPointer, into log: inout FlowLog) -> Bool {
        guard let base = line.baseAddress else { return false }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        if let (present, r) = templates.match(bytes, line.count, ints: scan.ints), intsValid(present) {
            record(r, present, into: &log)
            return true
        }
        var end = 0
        lastResolved = nil
        guard let made = fastObject(line, end: &end, whole: true) else { return false }
        if let r = lastResolved {
            let p = Int(r.prototype)
            let addresses = (
                prototypes.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress! + p) },
                UnsafeRawPointer(bitPattern: UInt(bitPattern: prototypes[p].textIdentity))
            )
            templates.add(bytes, line.count, slots: numberSlots, present: lastPresent, resolved: r, prefetch: addresses)
        }
        log = made
        return true
    }

    /// The record in the JSON object at the start of `line`; `end` is set past its closing brace. With `whole`,
    /// nothing but white space may follow it. Nil when the fast path cannot read it (the caller then parses it
    /// fully, or scans it to find its end).
    mutating func fastObject(_ line: UnsafeRawBufferPointer, end: inout Int, whole: Bool) -> FlowLog? {
        guard let base = line.baseAddress else { return nil }
        sinceSizeCheck += 1
        if sinceSizeCheck >= 4096 { sinceSizeCheck = 0; limitTables() }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let n = line.count
        var i = 0
        scan.seen = 0; scan.nulls = 0
        unknownKeys.removeAll(keepingCapacity: true)
        numberSlots.removeAll(keepingCapacity: true)
        JSONSkipper.space(bytes, n, &i)
        guard i < n, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        JSONSkipper.space(bytes, n, &i)
        var expected = 0
        if i < n, bytes[i] == UInt8(ascii: "}") { return nil }  // required fields missing
        while true {
            guard i < n, bytes[i] == UInt8(ascii: "\"") else { return nil }
            var field: Int?
            var key = UnsafeRawBufferPointer(start: base, count: 0)
            if expected < Self.fieldCount, let end = quotedKeys.match(expected, bytes + i + 1, n - i - 1) {
                // The key the writer puts next, compared whole with its closing quote: no byte-by-byte scan.
                field = expected
                i += 1 + end
            } else {
                let keyStart = i + 1
                var j = keyStart
                while j < n, bytes[j] != UInt8(ascii: "\"") {
                    if bytes[j] == UInt8(ascii: "\\") || bytes[j] < 0x20 || bytes[j] >= 0x80 { return nil }
                    j += 1
                }
                guard j < n else { return nil }
                key = UnsafeRawBufferPointer(start: base + keyStart, count: j - keyStart)
                field = Self.field(key, expected: expected, keys: keys, byLength: byLength)
                i = j + 1
            }
            JSONSkipper.space(bytes, n, &i)
            guard i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            JSONSkipper.space(bytes, n, &i)
            if let field {
                let bit: UInt64 = 1 << UInt64(field)
                if scan.seen & bit != 0 { return nil }
                scan.seen |= bit
                expected = field + 1
                guard value(field, bytes, n, &i) else { return nil }
            } else {
                for k in unknownKeys
                where k.count == key.count && bytesEqual(k.baseAddress!, key.baseAddress!, key.count) { return nil }
                unknownKeys.append(key)
                let start = i
                guard JSONSkipper.skip(bytes, n, &i, depth: 0) else { return nil }
                if bytes[start] == UInt8(ascii: "-") || (bytes[start] >= 0x30 && bytes[start] <= 0x39) {
                    numberSlots.append(LineTemplates.Slot(start: Int32(start), end: Int32(i), field: -1))
                }
            }
            JSONSkipper.space(bytes, n, &i)
            guard i < n else { return nil }
            if bytes[i] == UInt8(ascii: ",") { i += 1; JSONSkipper.space(bytes, n, &i); continue }
            guard bytes[i] == UInt8(ascii: "}") else { return nil }
            i += 1
            end = i
            if whole {
                JSONSkipper.space(bytes, n, &i)
                guard i == n else { return nil }
            }
            break
        }
        return build(bytes, end)
    }

    /// Empties the interning tables when they hold more than `maxEntries` values or `maxBytes` of keys, so that a
    /// month of distinct values cannot grow them without bound (records decoded afterwards are the same).
    private mutating func limitTables() {
        if strings.count > Self.maxEntries || lists.contains(where: { $0.count > Self.maxEntries })
            || prototypes.count > Self.maxEntries || signatures.count > Self.maxEntries
            || templates.count > Self.maxEntries
            || strings.bytes + signatures.bytes + templates.bytes + lists.reduce(0, { $0 + $1.bytes }) > Self.maxBytes
        {
            strings.removeAll(); stringValues.removeAll()
            endpointTypes.removeAll(); actions.removeAll(); reporters.removeAll()
            for k in lists.indices { lists[k].removeAll(); listValues[k].removeAll() }
            textKeys.removeAll(); prototypes.removeAll()
            signatures.removeAll(); resolved.removeAll()
            templates.removeAll()
        }
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
        _ field: Int, _ bytes: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int
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
        if intFields & bit != 0 {
            let start = i
            guard let v = JSONSkipper.integer(bytes, n, &i) else { return false }
            scan.ints[field] = v
            numberSlots.append(LineTemplates.Slot(start: Int32(start), end: Int32(i), field: Int32(field)))
            return true
        }
        if stringFields & bit != 0 {
            guard let span = JSONSkipper.plainString(bytes, n, &i) else { return false }
            scan.starts[field] = span.lowerBound
            scan.ends[field] = span.upperBound
            return true
        }
        // Lists (labels, domains, policies): their raw bytes, decoded once per distinct value by `resolve`.
        let start = i
        guard JSONSkipper.skip(bytes, n, &i, depth: 0) else { return false }
        scan.starts[field] = start
        scan.ends[field] = i
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

    /// Whether the scanned line has the field, not null.
    @inline(__always)
    private func present(_ f: Field) -> Bool { (scan.seen & ~scan.nulls) & (1 << UInt64(f.rawValue)) != 0 }

    /// The record from a scan; nil where `FlowLogReader` would refuse the line.
    ///
    /// A line's text fields are looked up together: their bytes, concatenated with presence and length, form the
    /// line's signature, and each distinct signature is resolved once (`resolve`) to a prototype record and its
    /// enumeration values. So a line whose text repeats an earlier line's costs one hash and one comparison.
    private mutating func build(_ bytes: UnsafePointer<UInt8>, _ n: Int) -> FlowLog? {
        let presentFields = scan.seen & ~scan.nulls
        guard presentFields & requiredFields == requiredFields, intsValid(presentFields) else { return nil }

        // At most every byte of the line plus a presence byte and a 4-byte length per field.
        let out = signature.reserve(n + 5 * textFields.nonzeroBitCount)
        var length = 0
        var remaining = textFields
        while remaining != 0 {
            let f = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            guard presentFields & (1 << UInt64(f)) != 0 else {
                out[length] = 0
                length += 1
                continue
            }
            let from = scan.starts[f], count = scan.ends[f] - from
            out[length] = 1
            UnsafeMutableRawPointer(out + length + 1).storeBytes(
                of: UInt32(truncatingIfNeeded: count).littleEndian, as: UInt32.self)
            (out + length + 5).update(from: bytes + from, count: count)
            length += 5 + count
        }
        let (sid, isNew) = signatures.id(UnsafeRawBufferPointer(start: out, count: length))
        if isNew { resolved.append(resolve(bytes)) }
        guard let r = resolved[Int(sid)] else { return nil }
        lastResolved = r
        lastPresent = presentFields
        var log = FlowLog.placeholder
        record(r, presentFields, into: &log)
        return log
    }

    /// Whether the scanned integers are ones `FlowLogReader` accepts: times within `timeRange`, `end_time` not
    /// before `start_time`, ports between 0 and 65535.
    @inline(__always)
    private func intsValid(_ present: UInt64) -> Bool {
        let ints = scan.ints
        let start = ints[Field.startTime.rawValue], end = ints[Field.endTime.rawValue]
        guard FlowLogReader.timeRange.contains(start), FlowLogReader.timeRange.contains(end), end >= start else {
            return false
        }
        for f in [Field.sourcePort, .destPort, .destServicePortNum]
        where present & (1 << UInt64(f.rawValue)) != 0 && !(0...65_535).contains(ints[f.rawValue]) {
            return false
        }
        return true
    }

    /// The record of a resolved text with the scanned integers (`present`: the fields present, not null).
    @inline(__always)
    private func record(_ r: Resolved, _ present: UInt64, into log: inout FlowLog) {
        let ints = scan.ints
        @inline(__always) func optional(_ f: Field) -> Int64? {
            present & (1 << UInt64(f.rawValue)) != 0 ? ints[f.rawValue] : nil
        }
        @inline(__always) func count(_ f: Field) -> Int64 { optional(f) ?? 0 }
        log = prototypes[Int(r.prototype)]
        let end = ints[Field.endTime.rawValue]
        log.startTime = ints[Field.startTime.rawValue]; log.endTime = end
        log.sourcePort = optional(.sourcePort); log.destPort = optional(.destPort)
        log.destServicePortNum = optional(.destServicePortNum)
        log.sourceType = r.sourceType; log.destType = r.destType; log.action = r.action; log.reporter = r.reporter
        log.bytesIn = count(.bytesIn); log.bytesOut = count(.bytesOut); log.packetsIn = count(.packetsIn)
        log.packetsOut = count(.packetsOut)
        log.numFlows = count(.numFlows); log.numFlowsStarted = count(.numFlowsStarted)
        log.numFlowsCompleted = count(.numFlowsCompleted)
        log.httpRequestsAllowedIn = count(.httpRequestsAllowedIn)
        log.httpRequestsDeniedIn = count(.httpRequestsDeniedIn)
        log.numOriginalSourceIPs = count(.numOriginalSourceIPs)
        log.timestamp = optional(.timestamp) ?? end * 1000
    }

    /// What the text fields of the scanned line decode to: each string and list interned by its bytes, the
    /// enumeration values, and the prototype record holding the text (shared by every line with the same decoded
    /// text, whatever its bytes). Nil when a value is invalid.
    private mutating func resolve(_ bytes: UnsafePointer<UInt8>) -> Resolved? {
        func raw(_ f: Field) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(
                start: bytes + scan.starts[f.rawValue], count: scan.ends[f.rawValue] - scan.starts[f.rawValue])
        }
        func string(_ f: Field) -> Int32 {
            guard present(f) else { return -1 }
            let (id, isNew) = strings.id(raw(f))
            if isNew { stringValues.append(String(decoding: raw(f), as: UTF8.self)) }
            return id
        }
        func list(_ f: Field, kind: Int) -> Int32? {
            guard present(f) else { return -1 }
            let (id, isNew) = lists[kind].id(raw(f))
            if isNew {
                listValues[kind].append(Self.decodeList(raw(f).assumingMemoryBound(to: UInt8.self), kind: UInt8(kind)))
            }
            if case .invalid = listValues[kind][Int(id)] { return nil }
            return id
        }
        guard let sourceLabels = list(.sourceLabels, kind: 0), let destLabels = list(.destLabels, kind: 0),
            let destDomains = list(.destDomains, kind: 1), let policies = list(.policies, kind: 2),
            let sourceType = Self.cached(string(.sourceType), &endpointTypes, stringValues),
            let destType = Self.cached(string(.destType), &endpointTypes, stringValues),
            let action = Self.cached(string(.action), &actions, stringValues),
            let reporter = Self.cached(string(.reporter), &reporters, stringValues)
        else { return nil }
        let key = TextKey(
            ids: (
                string(.sourceIP), string(.sourceName), string(.sourceNameAggr), string(.sourceNamespace), sourceLabels,
                string(.destIP), string(.destName), string(.destNameAggr), string(.destNamespace), destLabels,
                string(.destServiceNamespace), string(.destServiceName), string(.destServicePort), destDomains,
                string(.proto), policies, string(.host)
            ))
        if let p = textKeys.find(key) {
            return Resolved(
                prototype: Int32(p), sourceType: sourceType, destType: destType, action: action, reporter: reporter)
        }
        func text(_ id: Int32, default d: String) -> String { id < 0 ? d : stringValues[Int(id)] }
        func decodedList(_ id: Int32, kind: Int) -> [String]? {
            guard id >= 0, case .strings(let s) = listValues[kind][Int(id)] else { return nil }
            return s
        }
        let ids = key.ids
        var log = FlowLog(
            startTime: 0, endTime: 0,
            sourceName: text(ids.1, default: "-"), sourceNameAggr: text(ids.2, default: ""),
            sourceNamespace: text(ids.3, default: "-"), sourceType: sourceType,
            destName: text(ids.6, default: "-"), destNameAggr: text(ids.7, default: ""),
            destNamespace: text(ids.8, default: "-"), destType: destType,
            destPort: nil, proto: text(ids.14, default: ""), action: action, reporter: reporter)
        log.sourceIP = ids.0 < 0 ? nil : stringValues[Int(ids.0)]
        log.destIP = ids.5 < 0 ? nil : stringValues[Int(ids.5)]
        log.sourceLabels = decodedList(sourceLabels, kind: 0); log.destLabels = decodedList(destLabels, kind: 0)
        log.destServiceNamespace = text(ids.10, default: "-")
        log.destServiceName = text(ids.11, default: "-")
        log.destServicePort = text(ids.12, default: "-")
        log.destDomains = decodedList(destDomains, kind: 1)
        if policies >= 0, case .policies(let p) = listValues[2][Int(policies)] { log.policies = p }
        log.host = text(ids.16, default: "")
        _ = textKeys.insert(key)
        prototypes.append(log)
        return Resolved(
            prototype: Int32(prototypes.count - 1), sourceType: sourceType, destType: destType, action: action,
            reporter: reporter)
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

/// A growable byte buffer written through a pointer, reused line after line (no per-byte bounds or uniqueness
/// checks on the hot path).
final class ScratchBytes {
    private var base = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
    private var capacity = 4096

    deinit { base.deallocate() }

    /// The buffer, with room for at least `count` bytes (contents not kept).
    func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if count > capacity {
            base.deallocate()
            capacity = max(count, capacity * 2)
            base = .allocate(capacity: capacity)
        }
        return base
    }
}

/// One value per known field, in memory the decoder owns (read and written without bounds or uniqueness checks;
/// indices are field indices, always below `FlowLogDecoder.fieldCount`).
final class FieldSlots<Value> {
    private let base: UnsafeMutablePointer<Value>

    init(_ initial: Value) {
        base = .allocate(capacity: FlowLogDecoder.fieldCount)
        base.initialize(repeating: initial, count: FlowLogDecoder.fieldCount)
    }

    deinit {
        base.deinitialize(count: FlowLogDecoder.fieldCount)
        base.deallocate()
    }

    subscript(_ field: Int) -> Value {
        @inline(__always) get { base[field] }
        @inline(__always) set { base[field] = newValue }
    }

    /// The values, by field index (valid while the slots live).
    var pointer: UnsafeMutablePointer<Value> { base }
}

/// The known keys, each followed by its closing quote, in one contiguous block: a key at a line's cursor is
/// recognised by one comparison.
final class QuotedKeys: @unchecked Sendable {
    static let shared = QuotedKeys(FlowLogDecoder.keys)
    /// Immutable after `init`.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int>

    init(_ keys: [[UInt8]]) {
        let total = keys.reduce(0) { $0 + $1.count + 1 }
        bytes = .allocate(capacity: total)
        starts = .allocate(capacity: keys.count + 1)
        var at = 0
        starts[0] = 0
        for (k, key) in keys.enumerated() {
            for b in key { bytes[at] = b; at += 1 }
            bytes[at] = UInt8(ascii: "\"")
            at += 1
            starts[k + 1] = at
        }
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    /// The length of key `k` with its quote when the `count` bytes at `at` start with them; nil otherwise.
    @inline(__always)
    func match(_ k: Int, _ at: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        let start = starts[k], length = starts[k + 1] - start
        guard count >= length else { return nil }
        return bytesEqual(bytes + start, at, length) ? length : nil
    }
}

/// Byte-level JSON helpers for the fast path: each returns nil/false where the full parser must decide.
enum JSONSkipper {
    @inline(__always)
    static func space(_ b: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) {
        while i < n, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    /// A JSON integer without fraction or exponent that fits comfortably in Int64 (at most 18 digits):
    /// `recsim_json_integer`, the function template matches use too.
    static func integer(_ b: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> Int64? {
        var at = i, value: Int64 = 0
        guard recsim_json_integer(b, n, &at, &value) else { return nil }
        i = at
        return value
    }

    /// A string without escapes, control or non-ASCII bytes: the range of its content.
    static func plainString(_ b: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> Range<Int>? {
        guard i < n, b[i] == UInt8(ascii: "\"") else { return nil }
        var j = i + 1
        // Eight bytes at a time up to the first byte that ends or spoils a plain string; then byte by byte.
        while n - j >= 8 {
            let m = stopBytes(UnsafeRawPointer(b).loadUnaligned(fromByteOffset: j, as: UInt64.self))
            if m != 0 { j += m.trailingZeroBitCount >> 3; break }
            j += 8
        }
        while j < n, b[j] != UInt8(ascii: "\"") {
            if b[j] == UInt8(ascii: "\\") || b[j] < 0x20 || b[j] >= 0x80 { return nil }
            j += 1
        }
        guard j < n else { return nil }
        let r = (i + 1)..<j
        i = j + 1
        return r
    }

    /// The high bit of each byte of `word` (read in memory order: byte k at bits 8k…8k+7) that is a quote, a backslash, a control byte or not
    /// ASCII. Borrows can set bits above the first such byte, never below it, so the lowest set bit is exact.
    @inline(__always)
    static func stopBytes(_ word: UInt64) -> UInt64 {
        let x = UInt64(littleEndian: word)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = x ^ (ones &* 0x22), backslash = x ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = (x &- ones &* 0x20) & ~x
        return (zeroQuote | zeroBackslash | control | x) & high
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

    /// A JSON number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?, finite as a double (`recsim_json_number`).
    static func number(_ b: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> Bool {
        var at = i
        guard recsim_json_number(b, n, &at) else { return false }
        i = at
        return true
    }
}

/// The shapes of a flow-log export line that `FlowLogDecoder.nextRecord` reads, told apart line by line.
public enum FlowLogLineFormat: String, Sendable, Hashable, CaseIterable {
    /// One flow-log record (SPEC §5.1), as Felix writes it and as recsim generates it.
    case flat
    /// One Elasticsearch hit, `{"_index":…,"_id":…,"_source":{record}}`, as dump tools write them one per line.
    case elasticsearchHit = "elasticsearch-hit"
    /// One `_search` (or scroll) response, `{"took":…,"hits":{"hits":[hit, …]}}`, on one line: each hit's
    /// `_source` is a record.
    case elasticsearchSearch = "elasticsearch-search"
    /// One Linseed `L3Flow` (SPEC §5.3), `{"key":{…},…}`: an aggregate without a time of its own.
    case l3Flow = "l3flow"
    /// One page of Linseed's flow list, `{"total_hits":…,"items":[L3Flow, …]}`, on one line.
    case linseedFlows = "linseed-flows"

    /// The format of a non-blank line, from its first key: `_index`, `_id`, `_source`… → a hit; `took`, `hits`,
    /// `_scroll_id`… → a search response; anything else → a flat record.
    static func of(_ line: UnsafeBufferPointer<UInt8>) -> FlowLogLineFormat {
        // Flat lines (the common case) start with `{"start_time"` or another record key: the first key's first
        // byte rules the export shapes out without reading the key.
        if line.count > 2 && line[0] == 0x7B && line[1] == 0x22 && line[2] != UInt8(ascii: "_")
            && line[2] != UInt8(ascii: "t") && line[2] != UInt8(ascii: "h") && line[2] != UInt8(ascii: "p")
            && line[2] != UInt8(ascii: "k") && line[2] != UInt8(ascii: "i") && line[2] != UInt8(ascii: "a")
        {
            return .flat
        }
        guard let key = JSONScan.firstKey(line) else { return .flat }
        func eq(_ s: StaticString) -> Bool { JSONScan.equals(key, s) }
        if eq("took") || eq("timed_out") || eq("hits") || eq("_scroll_id") || eq("_shards") || eq("pit_id") {
            return .elasticsearchSearch
        }
        if eq("key") { return .l3Flow }
        if eq("total_hits") || eq("items") || eq("after_key") { return .linseedFlows }
        if key.first == UInt8(ascii: "_") { return .elasticsearchHit }
        return .flat
    }
}

extension FlowLogDecoder {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    static func keyEquals(_ b: Bytes, _ key: Range<Int>, _ s: StaticString) -> Bool { JSONScan.equals(b[key], s) }

    /// Reads the hit object at `start` (after white space): its `_source` record through the fast path where it
    /// can (no second pass over the record's bytes), and the index past the hit's closing brace. The end is nil
    /// when the hit is not valid JSON, so nothing after it can be trusted.
    mutating func hit(
        _ b: Bytes, at start: Int, file: String, lineNumber: Int, path: String
    ) -> (record: Result<FlowLog, FlowLogParseError>, end: Int?) {
        func failure(_ field: String, _ message: String) -> Result<FlowLog, FlowLogParseError> {
            .failure(FlowLogParseError(file: file, line: lineNumber, field: path + field, message: message))
        }
        let invalid = failure("", "not valid JSON")
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        guard var step = JSONScan.enter(b, JSONScan.skipSpace(b, start), open: open, close: close) else {
            return (failure("", "expected an Elasticsearch hit (a JSON object)"), nil)
        }
        var record: Result<FlowLog, FlowLogParseError>?
        while case .next(let at) = step {
            guard let (key, v) = JSONScan.memberKey(b, at) else { return (invalid, nil) }
            let end: Int
            var used = 0
            if Self.keyEquals(b, key, "_source"), v < b.count, b[v] == open,
                let log = fastObject(UnsafeRawBufferPointer(Bytes(rebasing: b[v...])), end: &used, whole: false)
            {
                record = .success(log)
                end = v + used
            } else {
                guard let e = JSONScan.valueEnd(b, v) else { return (invalid, nil) }
                if Self.keyEquals(b, key, "_source"), b[v] == open {
                    do {
                        record = .success(try decode(Bytes(rebasing: b[v..<e]), file: file, lineNumber: lineNumber))
                    } catch {
                        record = failure("_source" + (error.field.isEmpty ? "" : ".\(error.field)"), error.message)
                    }
                }
                end = e
            }
            guard let next = JSONScan.step(b, end, close: close) else { return (invalid, nil) }
            step = next
        }
        guard case .closed(let after) = step else { return (invalid, nil) }
        return (
            record ?? failure("_source", "expected an Elasticsearch hit with the flow log in a `_source` object"), after
        )
    }

    /// The record of a line holding one hit.
    mutating func decodeHitLine(_ b: Bytes, file: String, lineNumber: Int) throws(FlowLogParseError) -> FlowLog {
        let (record, end) = hit(b, at: 0, file: file, lineNumber: lineNumber, path: "")
        if case .failure(let error) = record { throw error }
        guard let end, JSONScan.skipSpace(b, end) == b.count else {
            throw FlowLogParseError(file: file, line: lineNumber, field: "", message: "not valid JSON")
        }
        return try record.get()
    }

    /// Every hit of a one-line `_search` response, each decoded or failed on its own (so `--skip-invalid` skips
    /// only the bad hits). Members other than `hits.hits` are skipped.
    mutating func decodeSearch(
        _ b: Bytes, file: String, lineNumber: Int
    ) throws(FlowLogParseError) -> [Result<
        FlowLog, FlowLogParseError
    >] {
        func fail(_ message: String) -> FlowLogParseError {
            FlowLogParseError(file: file, line: lineNumber, field: "hits.hits", message: message)
        }
        let expected = "expected an Elasticsearch `_search` response with a `hits.hits` list on one line"
        var out: [Result<FlowLog, FlowLogParseError>] = []
        var found = false, broken = false
        let invalid = fail("not valid JSON")
        /// Walks the members of the object at `i` (`hits` at depth 0, then its `hits` list at depth 1), skipping
        /// every other member; `i` ends past the object.
        func walk(_ decoder: inout FlowLogDecoder, _ i: inout Int, depth: Int) throws(FlowLogParseError) {
            guard var step = JSONScan.enter(b, JSONScan.skipSpace(b, i), open: 0x7B, close: 0x7D) else {
                throw fail(expected)
            }
            while case .next(let at) = step {
                guard let (key, v) = JSONScan.memberKey(b, at) else { throw invalid }
                i = v
                if Self.keyEquals(b, key, "hits"), depth == 0 {
                    try walk(&decoder, &i, depth: 1)
                    if broken { return }
                } else if Self.keyEquals(b, key, "hits"), depth == 1 {
                    guard var element = JSONScan.enter(b, v, open: 0x5B, close: 0x5D) else { throw fail(expected) }
                    found = true
                    while case .next(let hitStart) = element {
                        let (record, end) = decoder.hit(
                            b, at: hitStart, file: file, lineNumber: lineNumber, path: "hits.hits[\(out.count)].")
                        out.append(record)
                        guard let end else { broken = true; return }  // the rest of the line cannot be read
                        guard let next = JSONScan.step(b, end, close: 0x5D) else { throw invalid }
                        element = next
                    }
                    guard case .closed(let after) = element else { throw invalid }
                    i = after
                } else {
                    guard let end = JSONScan.valueEnd(b, v) else { throw invalid }
                    i = end
                }
                guard let next = JSONScan.step(b, i, close: 0x7D) else { throw invalid }
                step = next
            }
            guard case .closed(let after) = step else { throw invalid }
            i = after
        }
        var i = 0
        do throws(FlowLogParseError) { try walk(&self, &i, depth: 0) } catch {
            // Hits read before the line broke are kept; the error follows them.
            out.append(.failure(error))
            return out
        }
        guard found else { throw fail(expected) }
        if !broken && JSONScan.skipSpace(b, i) != b.count { out.append(.failure(fail("not valid JSON"))) }
        return out
    }
}

extension FlowLogDecoder {
    /// The records of one line in `format`: one for a flat record, a hit or an L3Flow; one per hit or item for a
    /// `_search` response or a Linseed flow-list page, each decoded or failed on its own.
    mutating func decodeRecords(
        _ b: Bytes, format: FlowLogLineFormat, file: String, lineNumber: Int
    ) throws(FlowLogParseError) -> [Result<FlowLog, FlowLogParseError>] {
        switch format {
        case .flat: return [.success(try decode(b, file: file, lineNumber: lineNumber))]
        case .elasticsearchHit: return [.success(try decodeHitLine(b, file: file, lineNumber: lineNumber))]
        case .elasticsearchSearch: return try decodeSearch(b, file: file, lineNumber: lineNumber)
        case .l3Flow: return try decodeL3FlowLine(b, file: file, lineNumber: lineNumber, list: false)
        case .linseedFlows: return try decodeL3FlowLine(b, file: file, lineNumber: lineNumber, list: true)
        }
    }

    /// Every record of one export line (one for a flat line or a hit, one per hit for a `_search` response), each
    /// decoded or failed; what `nextRecord` hands out for that line.
    public mutating func decodeExportLine(
        _ text: String, file: String, lineNumber: Int
    ) -> [Result<FlowLog, FlowLogParseError>] {
        var text = text
        return text.withUTF8 { b -> [Result<FlowLog, FlowLogParseError>] in
            do throws(FlowLogParseError) {
                return try decodeRecords(b, format: FlowLogLineFormat.of(b), file: file, lineNumber: lineNumber)
            } catch { return [.failure(error)] }
        }
    }
}

/// The shapes of a flow-log export line that `FlowLogDecoder.nextRecord` reads, told apart line by line.
public enum FlowLogLineFormat: String, Sendable, Hashable, CaseIterable {
    /// One flow-log record (SPEC §5.1), as Felix writes it and as recsim generates it.
    case flat
    /// One Elasticsearch hit, `{"_index":…,"_id":…,"_source":{record}}`, as dump tools write them one per line.
    case elasticsearchHit = "elasticsearch-hit"
    /// One `_search` (or scroll) response, `{"took":…,"hits":{"hits":[hit, …]}}`, on one line: each hit's
    /// `_source` is a record.
    case elasticsearchSearch = "elasticsearch-search"

    /// The format of a non-blank line, from its first key: `_index`, `_id`, `_source`… → a hit; `took`, `hits`,
    /// `_scroll_id`… → a search response; anything else → a flat record.
    static func of(_ line: UnsafeBufferPointer<UInt8>) -> FlowLogLineFormat {
        guard let key = JSONScan.firstKey(line) else { return .flat }
        func eq(_ s: StaticString) -> Bool {
            key.count == s.utf8CodeUnitCount
                && zip(key, UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)).allSatisfy { $0 == $1 }
        }
        if eq("took") || eq("timed_out") || eq("hits") || eq("_scroll_id") || eq("_shards") || eq("pit_id") {
            return .elasticsearchSearch
        }
        if key.first == UInt8(ascii: "_") { return .elasticsearchHit }
        return .flat
    }
}

extension FlowLogDecoder {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    static func keyEquals(_ b: Bytes, _ key: Range<Int>, _ s: StaticString) -> Bool {
        key.count == s.utf8CodeUnitCount
            && zip(b[key], UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)).allSatisfy { $0 == $1 }
    }

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
        var i = JSONScan.skipSpace(b, start)
        guard i < b.count, b[i] == UInt8(ascii: "{") else {
            return (failure("", "expected an Elasticsearch hit (a JSON object)"), nil)
        }
        i = JSONScan.skipSpace(b, i + 1)
        var record: Result<FlowLog, FlowLogParseError>?
        if i < b.count, b[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                guard i < b.count, b[i] == UInt8(ascii: "\""), let keyEnd = JSONScan.stringEnd(b, i) else {
                    return (invalid, nil)
                }
                let key = (i + 1)..<(keyEnd - 1)
                i = JSONScan.skipSpace(b, keyEnd)
                guard i < b.count, b[i] == UInt8(ascii: ":") else { return (invalid, nil) }
                i = JSONScan.skipSpace(b, i + 1)
                if Self.keyEquals(b, key, "_source"), i < b.count, b[i] == UInt8(ascii: "{") {
                    var used = 0
                    if let log = fastObject(UnsafeRawBufferPointer(Bytes(rebasing: b[i...])), end: &used, whole: false)
                    {
                        record = .success(log)
                        i += used
                    } else {
                        guard let end = JSONScan.valueEnd(b, i) else { return (invalid, nil) }
                        do {
                            record = .success(
                                try decode(Bytes(rebasing: b[i..<end]), file: file, lineNumber: lineNumber))
                        } catch {
                            record = failure(
                                "_source" + (error.field.isEmpty ? "" : ".\(error.field)"), error.message)
                        }
                        i = end
                    }
                } else {
                    guard let end = JSONScan.valueEnd(b, i) else { return (invalid, nil) }
                    i = end
                }
                i = JSONScan.skipSpace(b, i)
                guard i < b.count else { return (invalid, nil) }
                if b[i] == UInt8(ascii: ",") { i = JSONScan.skipSpace(b, i + 1); continue }
                guard b[i] == UInt8(ascii: "}") else { return (invalid, nil) }
                i += 1
                break
            }
        }
        return (
            record ?? failure("_source", "expected an Elasticsearch hit with the flow log in a `_source` object"), i
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
        /// Walks the members of the object at `i`; `inner` handles the value of a member named `hits`.
        func walk(
            _ decoder: inout FlowLogDecoder, _ i: inout Int, depth: Int
        ) throws(FlowLogParseError) {
            i = JSONScan.skipSpace(b, i)
            guard i < b.count, b[i] == UInt8(ascii: "{") else { throw fail(expected) }
            i = JSONScan.skipSpace(b, i + 1)
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return }
            while true {
                guard i < b.count, b[i] == UInt8(ascii: "\""), let keyEnd = JSONScan.stringEnd(b, i) else {
                    throw fail("not valid JSON")
                }
                let key = (i + 1)..<(keyEnd - 1)
                i = JSONScan.skipSpace(b, keyEnd)
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("not valid JSON") }
                i = JSONScan.skipSpace(b, i + 1)
                if Self.keyEquals(b, key, "hits"), depth == 0 {
                    try walk(&decoder, &i, depth: 1)
                } else if Self.keyEquals(b, key, "hits"), depth == 1 {
                    guard i < b.count, b[i] == UInt8(ascii: "[") else { throw fail(expected) }
                    found = true
                    i = JSONScan.skipSpace(b, i + 1)
                    if i < b.count, b[i] == UInt8(ascii: "]") {
                        i += 1
                    } else {
                        while true {
                            let (record, end) = decoder.hit(
                                b, at: i, file: file, lineNumber: lineNumber, path: "hits.hits[\(out.count)].")
                            out.append(record)
                            guard let end else { broken = true; return }  // the rest of the line cannot be read
                            i = JSONScan.skipSpace(b, end)
                            guard i < b.count else { throw fail("not valid JSON") }
                            if b[i] == UInt8(ascii: ",") { i = JSONScan.skipSpace(b, i + 1); continue }
                            guard b[i] == UInt8(ascii: "]") else { throw fail("not valid JSON") }
                            i += 1
                            break
                        }
                    }
                } else {
                    guard let end = JSONScan.valueEnd(b, i) else { throw fail("not valid JSON") }
                    i = end
                }
                i = JSONScan.skipSpace(b, i)
                guard i < b.count else { throw fail("not valid JSON") }
                if b[i] == UInt8(ascii: ",") { i = JSONScan.skipSpace(b, i + 1); continue }
                guard b[i] == UInt8(ascii: "}") else { throw fail("not valid JSON") }
                i += 1
                return
            }
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
    /// Every record of one export line (one for a flat line or a hit, one per hit for a `_search` response), each
    /// decoded or failed; what `nextRecord` hands out for that line.
    public mutating func decodeExportLine(
        _ text: String, file: String, lineNumber: Int
    ) -> [Result<FlowLog, FlowLogParseError>] {
        var text = text
        return text.withUTF8 { b -> [Result<FlowLog, FlowLogParseError>] in
            do throws(FlowLogParseError) {
                switch FlowLogLineFormat.of(b) {
                case .flat: return [.success(try decode(b, file: file, lineNumber: lineNumber))]
                case .elasticsearchHit: return [.success(try decodeHitLine(b, file: file, lineNumber: lineNumber))]
                case .elasticsearchSearch: return try decodeSearch(b, file: file, lineNumber: lineNumber)
                }
            } catch { return [.failure(error)] }
        }
    }
}

import Foundation
import Testing

@testable import CalicoModel

/// Elasticsearch exports of flow logs (issue 16): hits one per line, and one-line `_search` responses, read as
/// the flat records they hold, with errors that name the line and the hit.
@Suite struct FlowLogExportTests {
    static func docsExample() throws -> String {
        let text = try String(
            contentsOf: ModelTestPaths.sharedFile("calico/flowlogs/docs-example.jsonl"), encoding: .utf8)
        return String(try #require(text.split(separator: "\n").first))
    }

    static func hit(_ source: String, _ i: Int) -> String {
        #"{"_index":"tigera_secure_ee_flows.cluster.20200811","_type":"_doc","_id":"id-\#(i)","_score":1.0,"_source":\#(source)}"#
    }

    static func search(_ hits: [String]) -> String {
        #"{"took":5,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":\#(hits.count),"relation":"eq"},"max_score":1.0,"hits":[\#(hits.joined(separator: ","))]}}"#
    }

    func read(
        _ lines: [String], skipInvalid: Bool = false
    ) throws -> (records: [FlowLog], errors: [FlowLogParseError], format: FlowLogLineFormat?) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recsim-export-\(ProcessInfo.processInfo.processIdentifier)-\(lines.count)-\(lines.first?.count ?? 0).jsonl"
        ).path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try LineReader(path: path)
        var decoder = FlowLogDecoder()
        var records: [FlowLog] = [], errors: [FlowLogParseError] = []
        while true {
            do {
                guard let r = try decoder.nextRecord(from: &reader, file: "export.jsonl") else { break }
                records.append(r)
            } catch {
                errors.append(error)
                if !skipInvalid { break }
            }
        }
        return (records, errors, decoder.firstFormat)
    }

    @Test func elasticsearchHitsAndSearchResponsesGiveTheFlatRecords() throws {
        let flat = try Self.docsExample()
        // A second record with escapes and nesting in its strings, to exercise the scanner.
        let other = flat.replacingOccurrences(of: #""host": "bz-n8kf-kadm-node-1""#, with: #""host": "node \"}]{[ 2""#)
        #expect(other != flat)
        let plain = try read([flat, other])
        #expect(plain.errors.isEmpty && plain.records.count == 2 && plain.format == .flat)
        #expect(plain.records[1].host == #"node "}]{[ 2"#)

        let hits = try read([Self.hit(flat, 0), Self.hit(other, 1)])
        #expect(hits.errors.isEmpty && hits.format == .elasticsearchHit)
        #expect(hits.records == plain.records)

        // Two scroll pages (one line each) and an empty last page.
        let pages = try read([
            Self.search([Self.hit(flat, 0)]), Self.search([Self.hit(other, 1), Self.hit(flat, 2)]), Self.search([]),
        ])
        #expect(pages.errors.isEmpty && pages.format == .elasticsearchSearch)
        #expect(pages.records == [plain.records[0], plain.records[1], plain.records[0]])
    }

    @Test func exportErrorsNameTheLineAndTheHit() throws {
        let flat = try Self.docsExample()
        let noSource = try read([Self.hit(flat, 0), #"{"_index":"x","_id":"y"}"#])
        #expect(noSource.records.count == 1)
        #expect(noSource.errors.first?.line == 2 && noSource.errors.first?.field == "_source")

        let bad = flat.replacingOccurrences(of: #""start_time": 1597166083"#, with: #""start_time": "soon""#)
        #expect(bad != flat)
        let strict = try read([Self.search([Self.hit(flat, 0), Self.hit(bad, 1), Self.hit(flat, 2)])])
        #expect(strict.records.count == 1)
        #expect(strict.errors.first?.line == 1)
        #expect(strict.errors.first?.field == "hits.hits[1]._source.start_time", "\(strict.errors)")
        // Skipping goes on with the other hits of the same response.
        let skipping = try read(
            [Self.search([Self.hit(flat, 0), Self.hit(bad, 1), Self.hit(flat, 2)]), flat], skipInvalid: true)
        #expect(skipping.records.count == 3 && skipping.errors.count == 1)

        let notASearch = try read([#"{"took":1,"hits":{"total":0}}"#])
        #expect(notASearch.errors.first?.field == "hits.hits")
        // Truncated or hostile lines are errors, never crashes.
        for line in [#"{"_source":{"#, #"{"hits":{"hits":[{"_source":"#, #"{"_id":"\"#, #"{"took":[[[[[[["#] {
            let r = try read([line])
            #expect(r.records.isEmpty && r.errors.count == 1, "\(line)")
            let skipping = try read([line], skipInvalid: true)
            #expect(skipping.records.isEmpty && skipping.errors.count == 1, "one error per broken line: \(line)")
        }
        // A point-in-time search response (its first key is `pit_id`) is a search response, not a flat record.
        let pit = try read([#"{"pit_id":"p1","took":1,"hits":{"hits":["# + Self.hit(flat, 0) + "]}}"])
        #expect(pit.errors.isEmpty && pit.records.count == 1 && pit.format == .elasticsearchSearch)
    }
}

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

    /// Linseed's aggregated L3Flow (SPEC §5.3), shaped like the engine's own fixture `testdata/flows_egress.json`.
    static let l3Flow =
        #"{"key":{"action":"allow","reporter":"src","protocol":"tcp","cluster":"cluster","source":{"type":"wep","name":"","aggregated_name":"pod-1-*","namespace":"namespace1","port":0},"destination":{"type":"net","name":"","aggregated_name":"pub","namespace":"-","port":443}},"dest_domains":["www.projectcalico.org","www.tigera.io"],"pending_policies":[{"tier":"__PROFILE__","namespace":"","name":"kns.namespace1","action":"allow","is_staged":false,"is_kubernetes":false,"is_profile":true,"count":3,"rule_id":0}],"enforced_policies":[{"tier":"default","namespace":"namespace1","name":"default.allow-egress","action":"allow","is_staged":false,"is_kubernetes":false,"is_profile":false,"count":3,"rule_id":1}],"source_labels":[{"key":"app","values":[{"value":"pod-1","count":3}]}],"log_stats":{"count":3,"flowLogCount":1,"completed":2,"started":3}}"#

    func readL3(_ lines: [String], window: (Int64, Int64)?) throws -> [Result<FlowLog, FlowLogParseError>] {
        var decoder = FlowLogDecoder()
        decoder.l3FlowWindow = window.map { (start: $0.0, end: $0.1) }
        return lines.enumerated().flatMap { i, line in
            decoder.decodeExportLine(line, file: "l3.jsonl", lineNumber: i + 1)
        }
    }

    @Test func linseedL3FlowsBecomeRecordsOfTheirWindow() throws {
        let records = try readL3([Self.l3Flow], window: (1_767_571_200, 1_767_571_800))
        let log = try #require(try records.first?.get())
        #expect(log.startTime == 1_767_571_200 && log.endTime == 1_767_571_800)
        #expect(log.sourceType == .wep && log.sourceNameAggr == "pod-1-*" && log.sourceNamespace == "namespace1")
        #expect(log.destType == .net && log.destNameAggr == "pub" && log.destPort == 443 && log.sourcePort == nil)
        #expect(log.proto == "tcp" && log.action == .allow && log.reporter == .src)
        #expect(log.destDomains == ["www.projectcalico.org", "www.tigera.io"])
        #expect(log.policies.pendingPolicies == ["0|__PROFILE__|pro:kns.namespace1|allow|0"])
        #expect(log.policies.enforcedPolicies == ["0|default|np:namespace1/default.allow-egress|allow|1"])
        #expect(log.sourceLabels == ["app=pod-1"])
        #expect(log.numFlows == 3 && log.numFlowsStarted == 3 && log.numFlowsCompleted == 2)
        // The flat record written back reads as the same record.
        var decoder = FlowLogDecoder()
        #expect(try decoder.decode(log.jsonLine, file: "-", lineNumber: 1) == log)

        // A Linseed list page: every item, each failing on its own.
        let broken = Self.l3Flow.replacingOccurrences(of: #""reporter":"src""#, with: #""reporter":"sideways""#)
        let page = #"{"total_hits":2,"items":["# + Self.l3Flow + "," + broken + "]}"
        let items = try readL3([page], window: (0, 600))
        #expect(items.count == 2)
        #expect((try? items[0].get()) != nil)
        guard case .failure(let e) = items[1] else { Issue.record("expected the second item to fail"); return }
        #expect(e.field == "items[1].key.reporter" && e.line == 1 && e.message.contains("sideways"))
    }

    @Test func anL3FlowWithoutAWindowIsAnErrorSayingWhy() throws {
        let records = try readL3([Self.l3Flow], window: nil)
        guard case .failure(let e)? = records.first else { Issue.record("expected an error"); return }
        #expect(e.message.contains("--l3flow-window") && e.line == 1 && e.file == "l3.jsonl")
        var bytes = Self.l3Flow
        #expect(bytes.withUTF8 { FlowLogLineFormat.of($0) } == .l3Flow)
        var page = #"{"total_hits":0,"items":[]}"#
        #expect(page.withUTF8 { FlowLogLineFormat.of($0) } == .linseedFlows)
    }
}

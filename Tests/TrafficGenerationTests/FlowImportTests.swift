import CalicoModel
import Foundation
import Testing

@testable import TrafficGeneration

@Suite struct FlowImportTests {
    static let good =
        #"{"start_time":1597166083,"end_time":1597166383,"source_ip":"192.168.47.9","source_name":"access-6b687c8dcb-zn5s2","source_name_aggr":"access-6b687c8dcb-*","source_namespace":"policy-demo","source_port":42106,"source_type":"wep","source_labels":{"labels":["app=access"]},"dest_ip":"192.168.138.79","dest_name":"nginx-86c57db685-h6792","dest_name_aggr":"nginx-86c57db685-*","dest_namespace":"policy-demo","dest_port":80,"dest_type":"wep","dest_labels":{"labels":["app=nginx"]},"proto":"tcp","action":"allow","reporter":"dst","policies":{"all_policies":["0|__PROFILE__|__PROFILE__.kns.policy-demo|allow|0"]},"bytes_in":388,"bytes_out":1113,"num_flows":1,"num_flows_started":1,"num_flows_completed":1,"packets_in":6,"packets_out":5,"host":"node-1","@timestamp":1597166383000}"#

    func file(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recsim-import-\(UUID().uuidString).jsonl"
        ).path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func malformedLineIsReportedWithItsNumber() throws {
        let path = try file([Self.good, "", #"{"start_time": "x"}"#, Self.good])
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try FlowLogImport.read(path: path, skipInvalid: false) { _ in }
            Issue.record("accepted a malformed line")
        } catch let e as FlowLogParseError {
            #expect(e.line == 3)
        }
        var n = 0
        let summary = try FlowLogImport.read(path: path, skipInvalid: true) { _ in n += 1 }
        #expect(summary.records == 2 && summary.skipped == 1 && n == 2)
        #expect(
            summary.namespaces == ["policy-demo"] && summary.firstStart == 1_597_166_083
                && summary.lastEnd == 1_597_166_383)
    }

    @Test func generatedLogsRoundTripThroughImport() throws {
        let s = try Fixtures.scenario(
            traffic:
                "- {id: s, from: {workload: web/frontend}, to: {service: api/backend}, port: grpc, steady: {rate: 60}}")
        var lines: [String] = []
        _ = try FlowLogGeneration.run(s, seed: 1, duration: .hours(2)) { lines.append($0.log.jsonLine) }
        let path = try file(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var back: [String] = []
        let summary = try FlowLogImport.read(path: path, skipInvalid: false) { back.append($0.jsonLine) }
        #expect(back == lines && summary.namespaces == ["api", "web"])
    }
}

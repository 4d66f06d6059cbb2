import Foundation
import Testing

@testable import CalicoModel

@Suite struct FlowLogTests {
    @Test func readsTheDocumentedExampleUnchanged() throws {
        let text = try String(
            contentsOf: ModelTestPaths.sharedFile("calico/flowlogs/docs-example.jsonl"), encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first)
        let log = try FlowLogReader.parse(String(line), file: "docs-example.jsonl", lineNumber: 1)
        #expect(log.sourceNameAggr == "access-6b687c8dcb-*")
        #expect(log.destPort == 80 && log.reporter == .dst && log.action == .allow)
        #expect(log.sourceLabels == ["pod-template-hash=6b687c8dcb", "app=access"])
        #expect(log.policies.enforcedPolicies.count == 2)
        let pending = log.pendingHits
        #expect(pending.count == 2)
        #expect(pending[1].kind == .stagedNetworkPolicy && pending[1].namespace == "ns2" && pending[1].action == .deny)
        #expect(log.timestamp == 1_597_166_383_000)
        // Written back and read again, nothing is lost.
        let again = try FlowLogReader.parse(log.jsonLine)
        #expect(again == log)
    }

    @Test(arguments: [
        ("{\"start_time\": 1}", "end_time"),
        ("not json", "not valid JSON"),
        (
            "{\"start_time\":1,\"end_time\":2,\"source_name_aggr\":\"a\",\"source_type\":\"pod\",\"dest_name_aggr\":\"b\",\"dest_type\":\"wep\",\"proto\":\"tcp\",\"action\":\"allow\",\"reporter\":\"src\"}",
            "source_type"
        ),
        ("{\"start_time\":\"x\",\"end_time\":2}", "start_time"),
        (
            "{\"start_time\":1,\"end_time\":2,\"source_name_aggr\":\"a\",\"source_type\":\"wep\",\"dest_name_aggr\":\"b\",\"dest_type\":\"wep\",\"proto\":\"tcp\",\"action\":\"allow\",\"reporter\":\"src\",\"policies\":{\"enforced_policies\":[\"garbage\"]}}",
            "policies.enforced_policies[0]"
        ),
    ])
    func malformedLinesNameLineAndField(line: String, field: String) {
        do {
            _ = try FlowLogReader.parse(line, file: "f.jsonl", lineNumber: 7)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("f.jsonl:7:"))
            #expect(error.description.contains(field), "\(error.description)")
        }
    }

    @Test func jsonEscapesAndFieldOrderAreStable() {
        var log = FlowLog(
            startTime: 10, endTime: 310, sourceNameAggr: "web-*", sourceNamespace: "shop", sourceType: .wep,
            destNameAggr: "pub", destNamespace: "-", destType: .net, destPort: 443, proto: "tcp", action: .allow,
            reporter: .src)
        log.destDomains = ["a\"b.example"]
        let line = log.jsonLine
        #expect(line.hasPrefix("{\"start_time\":10,\"end_time\":310,"))
        #expect(line.contains("\"dest_domains\":[\"a\\\"b.example\"]"))
        #expect(line.hasSuffix("\"@timestamp\":310000}"))
    }
}

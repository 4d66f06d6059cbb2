import Testing

@testable import CalicoModel

@Suite struct FlowLogReaderNumberTests {
    let base =
        #"{"start_time":1,"end_time":2,"source_name_aggr":"a-*","source_namespace":"ns","source_type":"wep","dest_name_aggr":"pub","dest_namespace":"-","dest_type":"net","proto":"tcp","action":"allow","reporter":"src""#

    @Test func zeroAndOneAreIntegersNotBooleans() throws {
        let log = try FlowLogReader.parse(base + #","num_flows":1,"bytes_in":0}"#)
        #expect(log.numFlows == 1)
        #expect(log.bytesIn == 0)
    }

    @Test func booleansAreRejectedWhereIntegersBelong() {
        #expect(throws: FlowLogParseError.self) { try FlowLogReader.parse(base + #","num_flows":true}"#) }
    }
}

@Suite struct ResourceYAMLErrorTests {
    @Test(arguments: [
        "a: b\n- c\n", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n    bad: y\n", "a: \"unterminated\n",
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n---\nkind: [\n",
    ])
    func invalidYAMLIsAnError(_ text: String) {
        #expect(throws: ResourceDecodeError.self) { try ResourceYAML.decode(text, file: "bad.yaml") }
    }
}

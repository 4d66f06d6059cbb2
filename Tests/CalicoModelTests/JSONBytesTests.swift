import Foundation
import Testing

@testable import CalicoModel

/// The flow-log reader's byte-level JSON parser accepts exactly what `JSONDecoder` accepts, with the same values.
@Suite struct JSONBytesTests {
    static func reference(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test(arguments: [
        "1.0", "1e3", "1.5", "-0", "-0.0", "2.5e0", "1e18", "1e19", "-1e19", "1e-400", "0.0000001", "-1.0e2", "1.0e-2",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "1E400", "1.7976931348623157e309", "01", "-01", "-", "1.", ".5", "1e", "1e+",
        "\"\\ud800\"", "\"\\uDE00\"", "\"\\ud83d\\u0041\"", "\"\\uD83D\\uDE00\"", "\"\\u00e9\"", "\"é\"", "\"\\u00\"",
        "\"\\x\"",
        "\"\\/\"", "\"a\tb\"", "[\"\\u0000\"]", "\"\u{7f}\"",
        "{\"a\":1,\"a\":2}", " [1 , 2] ", "[1,]", "{\"a\":1,}", "[,]", "{,}", "[1,,2]", "[1 2]", "{\"a\" 1}",
        "{\"a\" : null}",
        "{\"a\":[1,{\"b\":\"c\"}],\"d\":false}", "nul", "true ", "1 2", "[]x", "  ", "",
        "\u{FEFF}{\"a\":1}", "\u{FEFF}1", " \u{FEFF}1",
        "-922337203685477580.9", "922337203685477580.9", "9007199254740993.5", "9007199254740993.0", "1.5e17",
    ])
    func agreesWithJSONDecoder(text: String) {
        #expect((try? JSONBytes.parse(text)) == Self.reference(text), "\(text)")
    }

    /// Found by fuzzing: JSONDecoder does not check the value of a duplicate key it drops; JSONBytes rejects a raw
    /// control character in any string, as RFC 8259 asks.
    @Test func rawControlCharactersAreRejectedEvenInDroppedDuplicates() {
        let text = "{\"a\":0,\"a\":\"x\u{01}y\"}"
        #expect(Self.reference(text) == .object(["a": .int(0)]))
        #expect((try? JSONBytes.parse(text)) == nil)
    }

    @Test func nestingIsBoundedWithoutRecursionTrouble() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect((try? JSONBytes.parse(deep)) == nil)
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSONBytes.parse(fine)) == Self.reference(fine))
    }

    /// Every documented field, defaults, nulls and escapes: the record is the one `JSONDecoder`'s tree gives.
    @Test func flowLogRecordsAreTheSameAsWithJSONDecoder() throws {
        let lines = [
            #"{"start_time":1700000000,"end_time":1700000300,"source_type":"wep","source_namespace":"shop","source_name":"-","source_name_aggr":"web-*","source_labels":{"labels":["app=web","tier=\u0066ront"]},"dest_type":"ns","dest_namespace":"-","dest_name_aggr":"pub","dest_port":443,"dest_domains":["api.example.com"],"proto":"tcp","action":"allow","reporter":"src","policies":{"enforced_policies":["0|__PROFILE__|__PROFILE__.kns.shop|allow|0"],"pending_policies":["0|namespace-isolation|shop.namespace-isolation.shop|pass|-1"]},"bytes_in":12.0,"bytes_out":1e3,"num_flows":2,"host":"node-1","source_ip":null}"#,
            #"{"start_time":1700000000,"end_time":1700000300,"source_type":"wep","source_namespace":"a","source_name_aggr":"c-*","dest_type":"wep","dest_namespace":"b","dest_name_aggr":"s-*","dest_port":80,"proto":"tcp","action":"deny","reporter":"dst","num_flows":1,"extra":{"nested":[1,2,{"x":null}]},}"#,
        ]
        for line in lines {
            let reference = try #require(Self.reference(line))
            let expected = try FlowLogReader.record(from: reference, file: "-", lineNumber: 1)
            #expect(try FlowLogReader.parse(line) == expected)
        }
    }
}

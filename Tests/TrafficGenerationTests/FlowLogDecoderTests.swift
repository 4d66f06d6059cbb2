import Foundation
import Scenario
import Simulation
import TestSupport
import Testing
import TrafficGeneration

@testable import CalicoModel

/// `FlowLogDecoder` returns exactly what `FlowLogReader.parse` returns — the same record or the same error — for
/// generated lines (which its fast path must take) and for every kind of unusual or broken line (which it must
/// either decode identically or leave to the full parser).
@Suite struct FlowLogDecoderTests {
    static let packageRoot = PackagePaths.root

    static func reference(_ line: String, _ n: Int) -> Result<FlowLog, FlowLogParseError> {
        do throws(FlowLogParseError) {
            return .success(try FlowLogReader.parse(line, file: "f.jsonl", lineNumber: n))
        } catch { return .failure(error) }
    }

    static func decoded(_ decoder: inout FlowLogDecoder, _ line: String, _ n: Int) -> Result<FlowLog, FlowLogParseError>
    {
        var copy = line
        return copy.withUTF8 { bytes in
            do throws(FlowLogParseError) {
                return .success(try decoder.decode(bytes, file: "f.jsonl", lineNumber: n))
            } catch { return .failure(error) }
        }
    }

    static func generatedLines(_ scenario: String, hours: Int64 = 3) throws -> [String] {
        let s = try Scenario.load(path: packageRoot.appendingPathComponent("scenarios/\(scenario).yaml").path)
        var lines: [String] = []
        _ = try FlowLogGeneration.run(s, seed: 7, duration: .hours(hours)) { lines.append($0.log.jsonLine) }
        return lines
    }

    @Test(arguments: ["online-boutique", "rare-traffic", "churn"])
    func generatedLinesTakeTheFastPathAndMatch(scenario: String) throws {
        let lines = try Self.generatedLines(scenario)
        #expect(lines.count > 100)
        var decoder = FlowLogDecoder()
        var fast = 0
        for (i, line) in lines.enumerated() {
            #expect(Self.decoded(&decoder, line, i + 1) == Self.reference(line, i + 1), "line \(i + 1)")
            var copy = line
            if copy.withUTF8({ decoder.fast(UnsafeRawBufferPointer($0)) }) != nil { fast += 1 }
        }
        #expect(fast == lines.count, "every generated line should be decoded by the fast path")
    }

    /// Text edits of a generated line, each applied alone.
    static let edits: [(String, String)] = [
        ("\"dest_port\":", "\"dest_port\":-"), ("\"bytes_in\":", "\"bytes_in\":0"),
        ("\"source_port\":null", "\"source_port\":70000"),
        ("\"num_flows\":", "\"num_flows\":1.0,\"x\":"), ("\"bytes_out\":", "\"bytes_out\":1e3,\"y\":"),
        ("\"start_time\":", "\"start_time\":-"),
        ("\"end_time\":", "\"end_time\":99999999999999999999,\"z\":"), ("\"action\":\"allow\"", "\"action\":\"Allow\""),
        ("\"reporter\":\"src\"", "\"reporter\":\"dst\""), ("\"source_type\":\"wep\"", "\"source_type\":\"wap\""),
        ("\"proto\":\"tcp\"", "\"proto\":6"),
        ("\"host\":", "\"host\":null,\"h\":"), ("\"host\":", "\"source_name_aggr\":\"again\",\"host\":"),
        ("\"host\":", "\"unknown\":{\"a\":[1,2.5e-3,true,false,null,\"s\"],\"b\":{}},\"host\":"),
        ("\"host\":", "\"unknown\":{\"a\":{\"nested\":1}},\"host\":"), ("\"host\":", "\"u\":1,\"u\":2,\"host\":"),
        ("\"host\":", "\"u\":\"esc\\\"aped\",\"host\":"), ("\"host\":\"", "\"host\":\"é"),
        ("\"host\":\"", "\"host\":\"\\u006e"),
        ("\"source_name_aggr\":\"", "\"source_name_aggr\":\"\\t"),
        ("\"source_labels\":{", "\"source_labels\":{\"x\":1,"),
        ("\"source_labels\":{", "\"source_labels\": {"),
        ("\"dest_labels\":{\"labels\":[", "\"dest_labels\":{\"labels\":[1,"),
        ("\"dest_domains\":null", "\"dest_domains\":[\"a.example.com\",\"b\"]"),
        ("\"dest_domains\":null", "\"dest_domains\":\"x\""),
        ("\"dest_domains\":null", "\"dest_domains\":[]"),
        ("\"policies\":{", "\"policies\":{\"all_policies\":[\"bad\"],"),
        ("\"policies\":{", "\"policies\":{\"transit_policies\":[\"anything\"],\"other\":[],"),
        ("\"policies\":{", "\"policies\":{\"enforced_policies\":null,"),
        ("\"source_labels\":{\"labels\":", "\"source_labels\":{\"labels\":null,\"l\":"),
        ("{\"start_time\"", " {\"start_time\""),
        ("{\"start_time\"", "\u{FEFF}{\"start_time\""), ("\"@timestamp\":", "\"@timestamp\":null,\"t\":"),
        ("\"dest_name\":", "\"dest_name\" : "),
        ("\"end_time\":", "\"end_time\":0,\"e\":"), ("\"source_labels\":", "\"source_labels\":\"-\",\"sl\":"),
        ("\"source_labels\":", "\"source_labels\":\"+\",\"sl\":"), ("\"policies\":", "\"policies\":null,\"p\":"),
        ("\"policies\":", "\"policies\":[],\"p\":"),
    ]

    @Test func editedLinesMatch() throws {
        let lines = try Self.generatedLines("online-boutique", hours: 1)
        let sample = stride(from: 0, to: lines.count, by: max(1, lines.count / 25)).map { lines[$0] }
        var decoder = FlowLogDecoder()
        var n = 0, changed = 0
        for line in sample {
            for (from, to) in Self.edits {
                guard let r = line.range(of: from) else { continue }
                let edited = line.replacingCharacters(in: r, with: to)
                n += 1
                if Self.reference(edited, n) != Self.reference(line, n) { changed += 1 }
                #expect(Self.decoded(&decoder, edited, n) == Self.reference(edited, n), "\(edited)")
            }
            for cut in [0, 1, line.utf8.count / 2, line.utf8.count - 1] {
                let truncated = String(decoding: Array(line.utf8.prefix(cut)), as: UTF8.self)
                n += 1
                #expect(Self.decoded(&decoder, truncated, n) == Self.reference(truncated, n), "\(truncated)")
            }
            for suffix in [" ", "x", "}", "\n", ",", "\t\r"] {
                n += 1
                #expect(Self.decoded(&decoder, line + suffix, n) == Self.reference(line + suffix, n))
            }
        }
        #expect(n > 500 && changed > 100)
    }

    /// A number-valued field recsim does not read is skipped, by the fast scan and by a template alike; a number
    /// that overflows a double is an error for the full parser, so it must be for them too (found by fuzzing:
    /// `17675E71800000`). Values at the boundary: the largest double, the midpoint above it (rounds to infinity),
    /// and the integers just below and at it.
    @Test func unknownNumbersThatOverflowADoubleAreErrors() throws {
        let line = try #require(try Self.generatedLines("online-boutique", hours: 1).first)
        let midpoint =
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792"
        let belowMidpoint =
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791"
        let finite = [
            "1.7976931348623157e308", "1.7976931348623158e308", "0.17976931348623158e309", "1e308", "-1e308",
            "1e-400", "0.0000e99999", belowMidpoint, String(repeating: "9", count: 308), "123",
        ]
        let infinite = [
            "1.7976931348623159e308", "1e309", "-1e309", "17675E71800000", "0.1e310", midpoint, midpoint + ".0",
            String(repeating: "9", count: 309), "1" + String(repeating: "0", count: 309),
        ]
        func withExtra(_ v: String) -> String {
            line.replacingOccurrences(of: "\"host\":", with: "\"zz_extra\":\(v),\"host\":")
        }
        // `templated` has read the line with a small number there, so it reads the others through that template.
        var templated = FlowLogDecoder()
        #expect(Self.decoded(&templated, withExtra("7"), 1) == Self.reference(withExtra("7"), 1))
        var n = 1
        for (values, valid) in [(finite, true), (infinite, false)] {
            for v in values {
                n += 1
                let edited = withExtra(v)
                let expected = Self.reference(edited, n)
                if case .success = expected { #expect(valid, "\(v)") } else { #expect(!valid, "\(v)") }
                var fresh = FlowLogDecoder()
                #expect(Self.decoded(&fresh, edited, n) == expected, "fast scan: \(v)")
                #expect(Self.decoded(&templated, edited, n) == expected, "template: \(v)")
            }
        }
        // Every finite value took the template path.
        #expect(templated.templateHits >= finite.count)
    }

    /// Random byte flips: whatever the line becomes, both readers agree.
    @Test(arguments: PropertySeeds.seeds(3))
    func flippedBytesMatch(seed: UInt64) throws {
        let lines = try Self.generatedLines("rare-traffic", hours: 1)
        var g = SeededGenerator(seed: seed)
        var decoder = FlowLogDecoder()
        for n in 1...1500 {
            var bytes = Array(lines[Int(g.next() % UInt64(lines.count))].utf8)
            for _ in 0..<(1 + g.next() % 3) {
                let i = Int(g.next() % UInt64(bytes.count))
                let choices: [UInt8] = [
                    0x22, 0x5C, 0x2C, 0x3A, 0x7B, 0x7D, 0x5B, 0x5D, 0x30, 0x39, 0x2E, 0x65, 0x20, 0x00, 0xC3, 0xFF,
                    0x6E,
                ]
                bytes[i] = choices[Int(g.next() % UInt64(choices.count))]
            }
            let viaBytes: Result<FlowLog, FlowLogParseError> = bytes.withUnsafeBufferPointer { b in
                do throws(FlowLogParseError) {
                    return .success(try decoder.decode(b, file: "f.jsonl", lineNumber: n))
                } catch { return .failure(error) }
            }
            let expected: Result<FlowLog, FlowLogParseError>
            if let text = String(validating: bytes, as: UTF8.self) {
                expected = Self.reference(text, n)
            } else {
                expected = .failure(FlowLogParseError(file: "f.jsonl", line: n, field: "", message: "not UTF-8"))
            }
            #expect(viaBytes == expected, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func fieldCountIsTheNumberOfFields() {
        #expect(FlowLogDecoder.fieldCount == FlowLogDecoder.Field.allCases.count)
        #expect(FlowLogDecoder.fieldCount == FlowLogDecoder.names.count)
    }

    /// The eight-bytes-at-a-time string scan stops exactly where a byte-by-byte scan does, for stop bytes at every
    /// offset and every mix of plain, quote, backslash, control and non-ASCII bytes.
    @Test(arguments: PropertySeeds.seeds(3))
    func wordScanStopsWhereTheByteScanStops(seed: UInt64) {
        func byByte(_ b: [UInt8]) -> Range<Int>? {
            guard b.first == 0x22 else { return nil }
            var j = 1
            while j < b.count, b[j] != 0x22 {
                if b[j] == 0x5C || b[j] < 0x20 || b[j] >= 0x80 { return nil }
                j += 1
            }
            return j < b.count ? 1..<j : nil
        }
        var g = SeededGenerator(seed: seed)
        let alphabet: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xC3, 0xFF, 0x61]
        for _ in 0..<5000 {
            let length = 1 + Int(g.next() % 40)
            var bytes: [UInt8] = [0x22] + (1..<length).map { _ in UInt8(0x61 + g.next() % 26) }
            for _ in 0..<(g.next() % 3) where bytes.count > 1 {
                bytes[1 + Int(g.next() % UInt64(bytes.count - 1))] = alphabet[Int(g.next() % UInt64(alphabet.count))]
            }
            var i = 0
            let fast = bytes.withUnsafeBufferPointer { JSONSkipper.plainString($0.baseAddress!, $0.count, &i) }
            #expect(fast == byByte(bytes), "\(bytes)")
            if let fast { #expect(i == fast.upperBound + 1) }
        }
    }
}

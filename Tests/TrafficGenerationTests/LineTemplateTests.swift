import Foundation
import Simulation
import Testing

@testable import CalicoModel

/// The decoder's line templates (`LineTemplates`): a line that repeats an earlier line up to its numbers is read
/// from the template, and gives exactly what `FlowLogReader.parse` gives — the same record, or the same error when
/// a number is one the reader refuses.
@Suite struct LineTemplateTests {
    typealias Reference = FlowLogDecoderTests

    /// The line with the `k`-th number that follows a colon replaced by `replacement`.
    static func replacingNumber(_ line: String, at k: Int, with replacement: String) -> String? {
        let bytes = Array(line.utf8)
        var seen = 0, i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: ":"), bytes[i + 1] == UInt8(ascii: "-") || (0x30...0x39).contains(bytes[i + 1])
            {
                var j = i + 1
                while j < bytes.count, "0123456789-+.eE".utf8.contains(bytes[j]) { j += 1 }
                if seen == k {
                    return String(decoding: bytes[..<(i + 1)] + Array(replacement.utf8) + bytes[j...], as: UTF8.self)
                }
                seen += 1
                i = j
                continue
            }
            i += 1
        }
        return nil
    }

    @Test func numberVariantsAreReadFromTheTemplateAndMatch() throws {
        let lines = try Reference.generatedLines("online-boutique", hours: 1)
        let sample = stride(from: 0, to: lines.count, by: max(1, lines.count / 20)).map { lines[$0] }
        let valid = ["0", "7", "12345", "-3", "999999999999999999", "1767571800", "65535"]
        let refused = ["01", "1234567890123456789", "1.5", "2e3", "-", "70000", "-1767571200", "null", "1-"]
        var decoder = FlowLogDecoder()
        var n = 0, variants = 0, errors = 0
        for line in sample {
            n += 1
            #expect(Reference.decoded(&decoder, line, n) == Reference.reference(line, n))
            for k in 0..<20 {
                for replacement in valid + refused {
                    guard let variant = Self.replacingNumber(line, at: k, with: replacement) else { continue }
                    n += 1
                    variants += 1
                    let expected = Reference.reference(variant, n)
                    if case .failure = expected { errors += 1 }
                    #expect(Reference.decoded(&decoder, variant, n) == expected, "\(variant)")
                }
            }
        }
        #expect(variants > 1000 && errors > 100)
        // Most variants keep the template's shape: they must have been read from it.
        #expect(decoder.templateHits > variants / 3, "\(decoder.templateHits) of \(variants)")
    }

    /// Templates hold their literal pieces interned: many templates of one writer take a fraction of their lines'
    /// bytes, and every line still reads as the reader reads it.
    @Test func templatesShareTheirPieces() throws {
        let lines = try Reference.generatedLines("online-boutique", hours: 6)
        var decoder = FlowLogDecoder()
        for (i, line) in lines.enumerated() {
            #expect(Reference.decoded(&decoder, line, i + 1) == Reference.reference(line, i + 1))
        }
        let averageLine = lines.reduce(0) { $0 + $1.utf8.count } / max(1, lines.count)
        #expect(decoder.templateCount > 50, "\(decoder.templateCount) templates")
        #expect(
            decoder.templateBytes * 3 < decoder.templateCount * averageLine * 2,
            "\(decoder.templateBytes) bytes for \(decoder.templateCount) templates of about \(averageLine) bytes")
        #expect(decoder.templateHits > lines.count / 2)
    }

    @Test func digitsInsideStringsAreComparedNotSkipped() throws {
        let line = try #require(try Reference.generatedLines("online-boutique", hours: 1).first)
        let aggr = try #require(line.range(of: "\"source_name_aggr\":\""))
        var decoder = FlowLogDecoder()
        var names: [String] = []
        for (n, suffix) in ["a:1", "a:2", "a:10", "a:1"].enumerated() {
            let variant = line.replacingCharacters(in: aggr, with: "\"source_name_aggr\":\"\(suffix)")
            let record = try Reference.decoded(&decoder, variant, n + 1).get()
            #expect(Reference.decoded(&decoder, variant, n + 1) == Reference.reference(variant, n + 1))
            names.append(record.sourceNameAggr)
        }
        let rest = String(names[0].dropFirst(3))
        #expect(names == ["a:1" + rest, "a:2" + rest, "a:10" + rest, "a:1" + rest])
    }

    @Test func theKeySkipsNumbersAfterColonsOnly() throws {
        let lines = try Reference.generatedLines("rare-traffic", hours: 1)
        func key(_ s: String) -> UInt64 {
            var copy = s
            return copy.withUTF8 { LineTemplates.key($0.baseAddress!, $0.count) }
        }
        var g = SeededGenerator(seed: 11)
        for line in lines.prefix(200) {
            let k = Int(g.next() % 6)
            if let v = Self.replacingNumber(line, at: k, with: String(g.next() % 100_000)) {
                #expect(key(v) == key(line))
            }
            // Any other byte changed changes the key (a letter of the host name).
            let changed = line.replacingOccurrences(of: "\"host\":\"", with: "\"host\":\"x")
            #expect(key(changed) != key(line))
        }
        // Every length of line, across the 16-byte blocks the scan reads.
        var text = ""
        for i in 0..<80 {
            text += i % 7 == 0 ? ":\(i)" : "a"
            #expect(key(text) == key(text.replacingOccurrences(of: ":", with: ":9")))
        }
    }
}

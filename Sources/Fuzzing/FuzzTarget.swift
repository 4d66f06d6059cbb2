import CalicoModel
import Foundation
import Inference
import Scenario
import TrafficGeneration

/// The in-process fuzz targets: each takes arbitrary bytes to one input reader and checks what must hold
/// whatever the bytes are. A reader may accept or reject an input (with an error); it must never trap, hang or
/// break a property. `recsim-fuzz` runs them under libFuzzer (docs/fuzzing.md); `FuzzTests` replays the seed
/// corpora and every input that ever failed.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `Selector(_:)`: Calico's selector language.
    case selector
    /// `FlowLogReader.parse`: one Calico flow-log JSON line.
    case flowLogLine = "flow-log-line"
    /// `Scenario.parse`: a scenario file.
    case scenario
    /// `ResourceYAML.decode`: Calico/Kubernetes manifests.
    case resourceYAML = "resource-yaml"
    /// `recsim infer`: flow-log lines (any export format) into a scenario.
    case flowLogInference = "flow-log-inference"

    /// What one input did.
    public enum Outcome: Sendable, Equatable {
        case accepted
        /// Rejected with this error message (the expected answer to bad input).
        case rejected(String)
        /// A property that must hold for every input did not: a bug. The fuzz driver turns it into a crash.
        case violated(String)
    }

    public func run(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        run(String(decoding: bytes, as: UTF8.self))
    }

    public func run(_ text: String) -> Outcome {
        switch self {
        case .selector: Self.selector(text)
        case .flowLogLine: Self.flowLogLine(text)
        case .scenario: Self.scenario(text)
        case .resourceYAML: Self.resourceYAML(text)
        case .flowLogInference: Self.flowLogInference(text)
        }
    }

    /// A parsed selector's canonical form parses again, to a selector that matches the same (empty) label set,
    /// and one more round reaches a fixed point. Not "the same selector": as in Calico, `!(!has(b))` prints as
    /// `!!has(b)`, which the parser reads as `has(b)` (a run of `!` collapses) — equal in meaning, not in form.
    static func selector(_ text: String) -> Outcome {
        let parsed: Selector
        do { parsed = try Selector(text) } catch { return .rejected(error.description) }
        do {
            let again = try Selector(parsed.canonical)
            let third = try Selector(again.canonical)
            guard third.canonical == again.canonical else {
                return .violated("canonical form \(again.canonical) reparses as \(third.canonical)")
            }
            let empty: [String: String] = [:]
            guard again.matches(empty) == parsed.matches(empty) else {
                return .violated("canonical form \(parsed.canonical) matches the empty label set differently")
            }
        } catch {
            return .violated("canonical form \(parsed.canonical) does not parse: \(error.description)")
        }
        return .accepted
    }

    /// The byte-level JSON parser agrees with Foundation's `JSONDecoder` on every input (accepts the same, with the
    /// same values), and an accepted record re-encodes to a line the reader accepts again.
    /// Whatever records the lines hold, an inference either refuses them with a reason or writes a scenario that
    /// loads: no name, label, port or time read from a flow log can break the scenario recsim writes.
    static func flowLogInference(_ text: String) -> Outcome {
        var decoder = FlowLogDecoder()
        decoder.l3FlowWindow = (1_767_571_200, 1_767_571_500)
        var accumulator = ClassAccumulator()
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(500).enumerated() {
            for case .success(let log) in decoder.decodeExportLine(String(line), file: "fuzz.jsonl", lineNumber: i + 1)
            {
                accumulator.add(log)
            }
        }
        let inferred: InferredScenario
        do { inferred = try InferredScenario(name: "fuzz", sourceFile: "fuzz.jsonl", accumulator: accumulator) } catch {
            return .rejected("\(error)")
        }
        let yaml = inferred.yaml()
        do { _ = try Scenario.parse(yaml, file: "inferred.yaml") } catch {
            return .violated("the inferred scenario does not load: \(error)")
        }
        return .accepted
    }

    static func flowLogLine(_ text: String) -> Outcome {
        let fast = try? JSONBytes.parse(text)
        let reference = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        // One deliberate difference (found by this target): JSONDecoder does not check the value of a duplicate key
        // it drops (a raw control character, a malformed number), JSONBytes checks every value.
        // And JSONDecoder takes NUL bytes at the start for UTF-16/32; JSONBytes reads UTF-8 only.
        let stricter = fast == nil && reference != nil && (Self.hasRepeatedKey(text) || text.utf8.prefix(4).contains(0))
        // Whole numbers beyond 2^53 written with a fraction or exponent (`…580.9`, `…93e0`) round differently in the
        // last digits; no flow-log field comes near (times stop at 2.5e11), so they are outside the comparison.
        let hugeInexact =
            Self.hasLongDigitRun(text)
            && text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        guard fast == reference || stricter || hugeInexact else {
            return .violated(
                "JSONBytes gives \(fast.map { "\($0)" } ?? "an error"), JSONDecoder \(reference.map { "\($0)" } ?? "an error")"
            )
        }
        // The throughput decoder (fast path, falling back to the parser) gives the same record or the same error.
        var decoder = FlowLogDecoder()
        /// The line read by `decoder` and by `FlowLogReader.parse`.
        func bothReaders(
            _ line: String, _ n: Int
        ) -> (decoded: Result<FlowLog, FlowLogParseError>, parsed: Result<FlowLog, FlowLogParseError>) {
            let decoded: Result<FlowLog, FlowLogParseError>
            do throws(FlowLogParseError) {
                decoded = .success(try decoder.decode(line, file: "fuzz.jsonl", lineNumber: n))
            } catch { decoded = .failure(error) }
            let parsed: Result<FlowLog, FlowLogParseError>
            do throws(FlowLogParseError) {
                parsed = .success(try FlowLogReader.parse(line, file: "fuzz.jsonl", lineNumber: n))
            } catch { parsed = .failure(error) }
            return (decoded, parsed)
        }
        let (viaDecoder, viaParser) = bothReaders(text, 1)
        guard viaDecoder == viaParser else {
            return .violated("FlowLogDecoder gives \(viaDecoder), FlowLogReader.parse \(viaParser)")
        }
        // The line with other numbers after its colons: read from the template the first line left (when it was
        // accepted), it still gives what the parser gives.
        let (variantDecoded, variantParsed) = bothReaders(Self.renumbered(text), 2)
        guard variantDecoded == variantParsed else {
            return .violated(
                "renumbered line: FlowLogDecoder gives \(variantDecoded), FlowLogReader.parse \(variantParsed)")
        }
        // The same line inside an Elasticsearch hit and inside a one-line `_search` response gives the same
        // record. (A rejected line may become valid inside a wrapper — `{…},"k":1` is an extra member of the hit —
        // so for those only the absence of a crash is checked.)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("{") && !trimmed.contains("\n") && !trimmed.contains("\r") {
            let hit = #"{"_index":"flows","_id":"1","_source":"# + trimmed + "}"
            let search = #"{"took":1,"hits":{"hits":["# + hit + "," + hit + "]}}"
            let viaHit = decoder.decodeExportLine(hit, file: "fuzz.jsonl", lineNumber: 1)
            let viaSearch = decoder.decodeExportLine(search, file: "fuzz.jsonl", lineNumber: 1)
            switch viaParser {
            case .success(let log):
                guard viaHit.count == 1, (try? viaHit[0].get()) == log, viaSearch.count == 2,
                    viaSearch.allSatisfy({ (try? $0.get()) == log })
                else { return .violated("export wrappers give \(viaHit) and \(viaSearch), flat line \(log)") }
            case .failure: break
            }
        }
        let log: FlowLog
        switch viaParser {
        case .success(let l): log = l
        case .failure(let error): return .rejected(error.description)
        }
        do { _ = try FlowLogReader.parse(log.jsonLine, file: "fuzz.jsonl", lineNumber: 1) } catch {
            return .violated("re-encoded record is rejected: \(error.description)")
        }
        return .accepted
    }

    /// Whether some `"key":` text occurs twice (over-approximates duplicate keys of one object; enough to tell
    /// the known difference from a parser bug).
    static func hasRepeatedKey(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var seen: Set<ArraySlice<UInt8>> = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\"") else { i += 1; continue }
            let start = i + 1
            var j = start
            while j < bytes.count && bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
            guard j < bytes.count else { return false }
            var k = j + 1
            while k < bytes.count && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[k]) { k += 1 }
            if k < bytes.count && bytes[k] == UInt8(ascii: ":") && !seen.insert(bytes[start..<j]).inserted {
                return true
            }
            i = j + 1
        }
        return false
    }

    /// `text` with each digit of a run that follows a colon replaced by the next digit (9 by 0).
    static func renumbered(_ text: String) -> String {
        var out: [UInt8] = []
        var afterColon = false
        for b in text.utf8 {
            if afterColon, (0x30...0x39).contains(b) {
                out.append(b == 0x39 ? 0x30 : b + 1)
                continue
            }
            afterColon = b == UInt8(ascii: ":") || (afterColon && b == UInt8(ascii: "-"))
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the text has 16 or more digits in a row (a number that a double cannot hold exactly).
    static func hasLongDigitRun(_ text: String) -> Bool {
        var run = 0
        for b in text.utf8 {
            run = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) ? run + 1 : 0
            if run >= 16 { return true }
        }
        return false
    }

    /// Scenarios are parsed with a base folder that does not exist, so a referenced file is an error, not a read.
    static func scenario(_ text: String) -> Outcome {
        do { _ = try Scenario.parse(text, file: "fuzz.yaml", baseDirectory: "/nonexistent-recsim-fuzz") } catch {
            return .rejected(error.description)
        }
        return .accepted
    }

    /// Accepted manifests encode to YAML that decodes to as many resources.
    static func resourceYAML(_ text: String) -> Outcome {
        let resources: [LocatedResource]
        do { resources = try ResourceYAML.decode(text, file: "fuzz.yaml") } catch {
            return .rejected(error.description)
        }
        do {
            let yaml = try ResourceYAML.encode(resources.map(\.resource))
            let again = try ResourceYAML.decode(yaml, file: "fuzz-again.yaml")
            guard again.count == resources.count else {
                return .violated("\(resources.count) resources re-encode to \(again.count)")
            }
        } catch {
            return .violated("accepted resources do not round-trip: \(error)")
        }
        return .accepted
    }
}

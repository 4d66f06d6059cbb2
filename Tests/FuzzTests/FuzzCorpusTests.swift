import Foundation
import Fuzzing
import Testing

/// Replays the fuzz targets' seed inputs and every input a fuzzing run ever flagged (`Regressions/<target>/`):
/// none may break a property, the valid seeds must be accepted and the hostile ones rejected for the right reason.
@Suite struct FuzzCorpusTests {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static func files(under folder: URL) -> [URL] {
        let names = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String]) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    static func outcome(_ target: FuzzTarget, _ file: URL) throws -> FuzzTarget.Outcome {
        let data = try Data(contentsOf: file)
        return data.withUnsafeBytes { target.run($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func regressionsBreakNoProperty(target: FuzzTarget) throws {
        let inputs = Self.files(under: Self.testsFolder.appendingPathComponent("Regressions/\(target.rawValue)"))
        #expect(!inputs.isEmpty)
        for file in inputs {
            let outcome = try Self.outcome(target, file)
            if case .violated(let why) = outcome { Issue.record("\(file.lastPathComponent): \(why)") }
        }
    }

    /// The hostile inputs the hardening work fixed, each rejected with an error that says why.
    @Test(arguments: [
        (FuzzTarget.selector, "deep-nesting-30000", "nest"),
        (.scenario, "alias-bomb", "alias"),
        (.resourceYAML, "alias-bomb", "alias"),
        (.resourceYAML, "deep-nesting", "nest"),
        (.scenario, "duplicate-keys", "duplicate"),
        (.scenario, "huge-rate", "rate"),
        (.flowLogLine, "start-time-overflow", "start_time"),
        (.flowLogLine, "far-future", "start_time"),
        (.flowLogLine, "port-out-of-range", "dest_port"),
        // Found by fuzzing: `&app: a-app` is an anchor on an empty key, which was accepted as a label key "".
        (.resourceYAML, "anchor-on-empty-label-key", "label key"),
    ])
    func hostileInputsAreRejectedWithAReason(target: FuzzTarget, name: String, reason: String) throws {
        let file = Self.testsFolder.appendingPathComponent("Regressions/\(target.rawValue)/\(name)")
        let outcome = try Self.outcome(target, file)
        guard case .rejected(let message) = outcome else { Issue.record("\(name): \(outcome)"); return }
        #expect(message.lowercased().contains(reason), "\(name): \(message)")
    }

    /// 30,000 negations fold into one (no recursion), so the selector is valid and round-trips.
    @Test func deepNegationIsAccepted() throws {
        let file = Self.testsFolder.appendingPathComponent("Regressions/selector/deep-negation-30000")
        #expect(try Self.outcome(.selector, file) == .accepted)
    }

    /// Found by fuzzing: `!(!has(b))` prints as `!!has(b)`, which (as in Calico) parses as `has(b)`.
    @Test func doubleNegationCanonicalFormMeansTheSame() throws {
        let file = Self.testsFolder.appendingPathComponent("Regressions/selector/double-negation-canonical")
        #expect(try Self.outcome(.selector, file) == .accepted)
    }

    /// A selector that smuggles `|| all() ||` through a quoted value stays one equality on one label.
    @Test func injectedNameParsesAsWrittenNotWider() throws {
        let file = Self.testsFolder.appendingPathComponent("Regressions/selector/injected-namespace-name")
        #expect(try Self.outcome(.selector, file) == .accepted)
    }

    /// Calico's own selector cases: the valid ones are accepted (and round-trip), the invalid ones rejected.
    @Test func calicoSelectorVectors() throws {
        let url = Self.shared.appendingPathComponent("calico/vectors/selector-cases.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let valid = Set(((json["matches"] as? [[String: Any]]) ?? []).compactMap { $0["selector"] as? String })
        let invalid = ((json["invalid"] as? [Any]) ?? []).compactMap {
            ($0 as? String) ?? (($0 as? [String: Any])?["selector"] as? String)
        }
        #expect(valid.count > 40)
        #expect(!invalid.isEmpty)
        for s in valid.sorted() { #expect(FuzzTarget.selector.run(s) == .accepted, "\(s)") }
        for s in invalid {
            guard case .rejected = FuzzTarget.selector.run(s) else {
                Issue.record("accepted invalid selector \(s)"); continue
            }
        }
    }

    /// Manifests shipped with the project decode, re-encode and decode again.
    @Test func bundledManifestsRoundTrip() throws {
        let manifests =
            Self.files(under: Self.packageRoot.appendingPathComponent("scenarios/golden"))
            + Self.files(under: Self.packageRoot.appendingPathComponent("Tests/RecommendationEngineTests/Golden"))
            .filter { $0.pathExtension == "yaml" }
        #expect(manifests.count >= 3)
        for file in manifests { #expect(try Self.outcome(.resourceYAML, file) == .accepted, "\(file.path)") }
    }

    /// Bundled scenarios that name no other file parse; none breaks a property.
    @Test func bundledScenariosParse() throws {
        let scenarios = Self.files(under: Self.packageRoot.appendingPathComponent("scenarios")).filter {
            $0.pathExtension == "yaml" && !$0.path.contains("/golden/")
        }
        #expect(scenarios.count >= 4)
        for file in scenarios {
            let outcome = try Self.outcome(.scenario, file)
            if case .violated(let why) = outcome { Issue.record("\(file.lastPathComponent): \(why)") }
        }
        #expect(try scenarios.filter { try Self.outcome(.scenario, $0) == .accepted }.count >= 3)
    }

    @Test func aFlowLogRecordRoundTrips() {
        let line =
            #"{"start_time":1700000000,"end_time":1700000300,"source_type":"wep","source_namespace":"a","source_name_aggr":"c-*","dest_type":"wep","dest_namespace":"b","dest_name_aggr":"s-*","dest_port":80,"proto":"tcp","action":"allow","reporter":"src","num_flows":1}"#
        #expect(FuzzTarget.flowLogLine.run(line) == .accepted)
        guard case .rejected = FuzzTarget.flowLogLine.run(String(line.dropLast())) else {
            Issue.record("truncated line accepted"); return
        }
    }
}

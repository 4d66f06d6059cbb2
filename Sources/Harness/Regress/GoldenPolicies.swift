import CalicoModel
import Foundation
import Scenario
import TrafficGeneration

/// Golden recommended policies: one `<namespace>.yaml` per namespace holding the namespace's policies at the
/// end of a run (the staged recommendation, then any enforced copy), compared as normalised YAML text.
///
/// Normalising makes the files independent of things that carry no meaning for a regression: the random
/// 5-character suffix of recommendation names (`namespace-isolation.shop-fwmis` → `namespace-isolation.shop-*`)
/// and the `policyrecommendation.tigera.io/lastUpdated` timestamps (`'*'`), at policy and rule level.
public enum GoldenPolicies {
    static let lastUpdatedKey = "policyrecommendation.tigera.io/lastUpdated:"
    static let recommendationPrefix = "namespace-isolation."

    /// Golden text per namespace, sorted by namespace: staged policies first, then enforced ones, each group in
    /// the order given; normalised.
    public static func render(
        recommendations: [CalicoPolicy], enforced: [CalicoPolicy]
    ) throws -> [(namespace: String, text: String)] {
        var byNamespace: [String: [CalicoPolicy]] = [:]
        for p in recommendations + enforced { byNamespace[p.metadata.namespace ?? "", default: []].append(p) }
        return try byNamespace.keys.sorted().map { ns in
            (ns, normalise(try ResourceYAML.encode(byNamespace[ns]!.map { Resource.policy($0) })))
        }
    }

    /// The text with recommendation-name suffixes and `lastUpdated` values replaced by `*`; idempotent.
    public static func normalise(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(normaliseLine)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    static func normaliseLine(_ line: Substring) -> String {
        let body = line.drop { $0 == " " || $0 == "-" }
        let indent = line[..<body.startIndex]
        if body.hasPrefix(lastUpdatedKey) { return indent + lastUpdatedKey + " '*'" }
        if body.hasPrefix("name: " + recommendationPrefix) {
            let value = body.dropFirst("name: ".count)
            if let dash = value.lastIndex(of: "-"), value.distance(from: dash, to: value.endIndex) == 6,
                value[value.index(after: dash)...].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) })
            {
                return indent + "name: " + value[...dash] + "*"
            }
        }
        return String(line)
    }

    /// `file:line: expected "…" got "…"` for the first line where the normalised texts differ; nil when equal.
    public static func firstDifference(expected: String, actual: String, file: String) -> String? {
        let e = normalise(expected).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let a = normalise(actual).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? e[e.startIndex + i] : nil, al = i < a.count ? a[a.startIndex + i] : nil
            if el != al {
                func show(_ s: Substring?) -> String { s.map { "\"\($0)\"" } ?? "end of file" }
                return "\(file):\(i + 1): expected \(show(el)) got \(show(al))"
            }
        }
        return nil
    }

    /// Reads and checks a golden folder: every `*.yaml` must hold policies of the namespace it is named after.
    /// A missing folder is an error unless `allowMissing` (`--update` creates it).
    public static func load(
        _ folder: GoldenFolder, scenarioFile: String, allowMissing: Bool
    ) throws(ScenarioError) -> [String: String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.resolved, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            if allowMissing { return [:] }
            throw ScenarioError(
                file: scenarioFile, line: folder.line, key: "expect.policies",
                message: "golden folder \(folder.resolved) does not exist; run `recsim regress --update` to create it")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.resolved)) ?? []).filter {
            $0.hasSuffix(".yaml")
        }.sorted()
        var out: [String: String] = [:]
        for name in names {
            let path = (folder.resolved as NSString).appendingPathComponent(name)
            let namespace = String(name.dropLast(".yaml".count))
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ScenarioError(file: path, line: 0, key: "", message: "cannot read the golden policy file")
            }
            let resources: [LocatedResource]
            do { resources = try ResourceYAML.decode(text, file: path) } catch {
                throw ScenarioError(file: path, line: error.line, key: error.field, message: error.message)
            }
            for r in resources {
                guard case .policy(let p) = r.resource else {
                    throw ScenarioError(
                        file: path, line: r.line, key: "kind",
                        message: "expected a StagedNetworkPolicy or NetworkPolicy, got \(r.resource.kind)")
                }
                guard p.metadata.namespace == namespace else {
                    throw ScenarioError(
                        file: path, line: r.line, key: "metadata.namespace",
                        message:
                            "policy of namespace \(p.metadata.namespace ?? "(none)") in \(name); expected namespace \(namespace)"
                    )
                }
            }
            out[namespace] = text
        }
        return out
    }

    /// Replaces the folder's `*.yaml` files with `files` (namespace → text); returns the paths written or removed, sorted.
    public static func write(
        _ files: [(namespace: String, text: String)], to folder: String
    ) throws -> (written: [String], removed: [String]) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var written: [String] = []
        let keep = Set(files.map { "\($0.namespace).yaml" })
        for f in files {
            let path = (folder as NSString).appendingPathComponent("\(f.namespace).yaml")
            if (try? String(contentsOfFile: path, encoding: .utf8)) == f.text { continue }
            try Data(f.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            written.append(path)
        }
        var removed: [String] = []
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        where name.hasSuffix(".yaml") && !keep.contains(name) {
            let path = (folder as NSString).appendingPathComponent(name)
            try FileManager.default.removeItem(atPath: path)
            removed.append(path)
        }
        return (written, removed)
    }
}

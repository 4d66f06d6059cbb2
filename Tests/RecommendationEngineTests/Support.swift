import CalicoModel
import Foundation
import Simulation
import TestSupport

@testable import RecommendationEngine

/// 2026-01-01T00:00:00Z.
let t0 = SimInstant(unixSeconds: 1_767_225_600)

func profileAllow(_ ns: String, index: Int = 0) -> String { "\(index)|__PROFILE__|pro:kns.\(ns)|allow|0" }
func snpAllow(_ ns: String) -> String { "0|namespace-isolation|snp:\(ns)/namespace-isolation.\(ns)-abcde|allow|0" }
func snpDeny(_ ns: String) -> String { "0|namespace-isolation|snp:\(ns)/namespace-isolation.\(ns)-abcde|deny|-1" }

/// Unprotected traffic: both traces end in the namespace profile's allow.
func unprotected(_ ns: String) -> FlowPolicies {
    FlowPolicies(enforced: [profileAllow(ns)], pending: [profileAllow(ns)])
}

/// An egress flow log reported by a pod of `ns` to a remote endpoint.
func egress(
    _ ns: String, to type: EndpointType, name: String, namespace: String = "-", port: Int64? = 443,
    proto: String = "tcp", domains: [String]? = nil, service: String = "-", action: FlowAction = .allow,
    policies: FlowPolicies? = nil, end: SimInstant
) -> FlowLog {
    var f = FlowLog(
        startTime: end.unixSeconds - 300, endTime: end.unixSeconds,
        sourceNameAggr: "client-*", sourceNamespace: ns, sourceType: .wep,
        destNameAggr: name, destNamespace: namespace, destType: type,
        destPort: port, proto: proto, action: action, reporter: .src,
        policies: policies ?? unprotected(ns))
    f.destDomains = domains
    f.destServiceName = service
    if service != "-" { f.destServiceNamespace = "default" }
    return f
}

/// An ingress flow log reported by a pod of `ns` from a remote endpoint.
func ingress(
    _ ns: String, from type: EndpointType, name: String, namespace: String = "-", port: Int64? = 8080,
    proto: String = "tcp", action: FlowAction = .allow, policies: FlowPolicies? = nil, end: SimInstant
) -> FlowLog {
    FlowLog(
        startTime: end.unixSeconds - 300, endTime: end.unixSeconds,
        sourceNameAggr: name, sourceNamespace: namespace, sourceType: type,
        destNameAggr: "server-*", destNamespace: ns, destType: .wep,
        destPort: port, proto: proto, action: action, reporter: .dst,
        policies: policies ?? unprotected(ns))
}

func scope(
    interval: String? = "150s", lookback: String? = nil, stabilization: String? = "10m",
    selector: String = "", enabled: Bool = true, pass: Bool? = nil, uid: String? = nil
) -> PolicyRecommendationScope {
    var meta = ObjectMeta(name: "default")
    meta.uid = uid
    return PolicyRecommendationScope(
        metadata: meta,
        spec: .init(
            interval: interval, initialLookback: lookback, stabilizationPeriod: stabilization,
            namespaceSpec: .init(
                recStatus: enabled ? .enabled : .disabled, selector: selector, intraNamespacePassThroughTraffic: pass)))
}

func makeEngine(
    _ s: PolicyRecommendationScope = scope(), namespaces: [String] = ["ns1"], seed: UInt64 = 42,
    options: EngineOptions = EngineOptions(), at start: SimInstant = t0
) -> RecommendationEngine {
    RecommendationEngine(
        scope: s, generator: SeededGenerator(seed: seed), at: start, namespaces: namespaces, options: options)
}

func yaml(_ p: CalicoPolicy?) -> String {
    guard let p else { return "<nil>" }
    return (try? ResourceYAML.encode(.policy(p))) ?? "<encode error>"
}

/// The YAML of a policy's `spec` only, dedented to column 0.
func specYAML(_ p: CalicoPolicy?) -> String {
    let y = yaml(p)
    guard let r = y.range(of: "\nspec:\n") else { return y }
    return y[r.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.hasPrefix("  ") ? String($0.dropFirst(2)) : String($0) }.joined(separator: "\n")
}

extension RecommendationEngine {
    /// Ticks at every interval boundary up to and including `time`, returning all changes.
    mutating func run(until time: SimInstant) -> [RecommendationChange] {
        var all: [RecommendationChange] = []
        while let next = nextTickTime, next <= time { all += tick(at: next) }
        return all
    }
}

/// The package root, derived from this file's path.
let packageRoot = PackagePaths.root

/// Compares `actual` with `Tests/RecommendationEngineTests/Golden/<name>` (TestSupport's `GoldenFile`;
/// `RECSIM_UPDATE_GOLDEN=1` rewrites the file instead — review the diff like code).
func golden(_ name: String, _ actual: String) -> (expected: String, actual: String) {
    let url = packageRoot.appendingPathComponent("Tests/RecommendationEngineTests/Golden/\(name)")
    let expected = (try? GoldenFile.expected(at: url, updatingWith: actual)) ?? nil
    return (expected ?? "<missing golden file \(name)>", actual)
}

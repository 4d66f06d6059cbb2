import CalicoModel
import Foundation
import Simulation
import Testing

@testable import RecommendationEngine

/// Runs `shared/tools/validate_crd.py CRD FILE` and returns (exit status, output).
func validate(crd: String, yaml text: String, name: String) throws -> (Int32, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recsim-engine-crd-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [
        "python3", shared.appendingPathComponent("tools/validate_crd.py").path,
        shared.appendingPathComponent("calico/crds/\(crd)").path, file.path,
    ]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return (p.terminationStatus, out)
}

@Suite struct CRDValidationTests {
    /// Every shape the engine writes: all scopes both directions, Pass, numeric and port-less protocols, a
    /// Domains rule without domains, the duplicated global NetworkSet rule, statuses and staged actions.
    func everything() throws -> RecommendationEngine {
        var e = makeEngine(
            scope(pass: true, uid: "0f4c-uid"), namespaces: ["ns1", "shop", "web"],
            options: EngineOptions(assumptions: try! Assumptions([.portlessFlows: "kept"])))
        e.ingest(everyScopeFlows(end: t0 + .seconds(100)))
        e.ingest([
            egress("ns1", to: .net, name: "pub", port: nil, proto: "icmp", end: t0 + .seconds(100)),
            egress("ns1", to: .net, name: "pub", port: 1, proto: "47", end: t0 + .seconds(100)),
            egress("ns1", to: .net, name: "pub", domains: ["x.svc.cluster.local"], end: t0 + .seconds(100)),
            egress("ns1", to: .ns, name: "dns", port: 53, proto: "udp", end: t0 + .seconds(100)),
            egress("ns1", to: .ns, name: "dns", port: 53, proto: "udp", end: t0 + .seconds(250)),
            egress("web", to: .net, name: "pvt", end: t0 + .seconds(100)),
        ])
        _ = e.run(until: t0 + .hours(1))
        try e.activate(namespace: "web", at: t0 + .hours(1))
        try e.enforce(namespace: "web", at: t0 + .hours(1))
        return e
    }

    @Test func stagedPoliciesAreValid() throws {
        let e = try everything()
        let text = try ResourceYAML.encode(e.recommendations.map { .policy($0) })
        let (status, out) = try validate(crd: "StagedNetworkPolicy.yaml", yaml: text, name: "snp.yaml")
        #expect(status == 0, "\(out)")
        #expect(e.recommendations.map(\.namespace) == ["ns1", "web"])  // shop's Service rule is rejected
    }

    /// The engine's Service rule shape (ports next to services) fails the CRD's CEL rule, as it fails
    /// Calico's validator: `DatastoreValidation` models that rejection.
    @Test func serviceRuleShapeIsRejectedByTheCRD() throws {
        let e = try everything()
        let shop = try #require(e.cachedRecommendation(for: "shop"))
        #expect(e.recommendation(for: "shop") == nil)
        let (status, out) = try validate(
            crd: "StagedNetworkPolicy.yaml", yaml: try ResourceYAML.encode(.policy(shop)), name: "shop.yaml")
        #expect(status == 1)
        #expect(out.contains(".spec.egress[2]: ports and notPorts cannot be specified with services"))
        #expect(
            DatastoreValidation.problems(shop) == [
                "spec.egress[2].destination.ports: cannot specify ports with a service selector"
            ])
    }

    @Test func tierIsValid() throws {
        let e = try everything()
        let (status, out) = try validate(
            crd: "Tier.yaml", yaml: try ResourceYAML.encode(.tier(e.tier!)), name: "tier.yaml")
        #expect(status == 0, "\(out)")
    }

    @Test func enforcedPolicyIsValid() throws {
        let e = try everything()
        let text = try ResourceYAML.encode(e.enforcedPolicies.map { .policy($0) })
        let (status, out) = try validate(crd: "NetworkPolicy.yaml", yaml: text, name: "np.yaml")
        #expect(status == 0, "\(out)")
    }

    @Test func egressDomainSetIsValid() throws {
        var e = makeEngine(
            scope(uid: "u"),
            options: EngineOptions(assumptions: try! Assumptions([.maxRules: "contract-domains"])))
        var s = scope(uid: "u"); s.spec.maxRules = 1
        e.updateScope(s, at: t0)
        e.ingest([
            egress("ns1", to: .net, name: "pub", port: 443, domains: ["a.example"], end: t0 + .seconds(100)),
            egress("ns1", to: .net, name: "pub", port: 8443, end: t0 + .seconds(100)),
        ])
        _ = e.tick(at: t0 + .seconds(150))
        let text = try ResourceYAML.encode(
            e.egressDomainSets.map { .networkSet($0) } + e.recommendations.map { .policy($0) })
        let (s1, o1) = try validate(crd: "NetworkSet.yaml", yaml: text, name: "set.yaml")
        #expect(s1 == 0, "\(o1)")
        let (s2, o2) = try validate(crd: "StagedNetworkPolicy.yaml", yaml: text, name: "snp.yaml")
        #expect(s2 == 0, "\(o2)")
    }
}

import Scenario
import Testing
import TrafficGeneration

@testable import Harness

/// Over-permissiveness counts allowed (workload, peer, port) tuples that no legit traffic used.
@Suite struct OverPermissivenessTests {
    @Test func namespaceRulesOpenToIdlePeers() throws {
        let text = """
            name: over-permissive
            duration: 6h
            cluster:
              nodes: 1
              namespaces: [cli, svc]
              workloads:
                - {name: client, namespace: cli}
                - {name: idle, namespace: cli}
                - {name: server, namespace: svc, ports: [{name: http, port: 8080}]}
            traffic:
              - {id: main, from: {workload: cli/client}, to: {workload: svc/server}, port: 8080, steady: {rate: 300}}
            recommendation:
              scope:
                interval: 150s
                initialLookback: 24h
                stabilizationPeriod: 10m
                namespaceSpec: {recStatus: Enabled, selector: "all()"}
            """
        let r = try ScenarioRunner(scenario: try Scenario.parse(text, file: "op.yaml")).run()
        // svc's ingress rule admits all of namespace cli on 8080: idle → server is not needed.
        #expect(r.metric("overPermissive", namespace: "svc") == 1)
        // cli's egress rule lets every cli workload reach namespace svc on 8080: idle → server is not needed.
        #expect(r.metric("overPermissive", namespace: "cli") == 1)
        #expect(r.metric("overPermissive") == 2)
    }
}

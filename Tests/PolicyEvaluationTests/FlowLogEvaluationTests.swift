import CalicoModel
import Foundation
import Testing

@testable import PolicyEvaluation

@Suite struct FlowLogEvaluationTests {
    static let cluster = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: policy-demo, labels: {purpose: demo}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: access, namespace: policy-demo}
        spec:
          template:
            metadata: {labels: {app: access}}
            spec: {serviceAccountName: client, containers: [{name: access}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: nginx, namespace: policy-demo}
        spec:
          template:
            metadata: {labels: {app: nginx}}
            spec: {containers: [{name: nginx, ports: [{name: http, containerPort: 80}]}]}
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkSet
        metadata: {name: corp, labels: {zone: corp}}
        spec: {nets: [203.0.113.0/24]}
        ---
        apiVersion: projectcalico.org/v3
        kind: Tier
        metadata: {name: tier1}
        spec: {order: 100}
        ---
        apiVersion: projectcalico.org/v3
        kind: Tier
        metadata: {name: namespace-isolation}
        spec: {order: 10000}
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: tier1.policy1}
        spec: {tier: tier1, ingress: [{action: Pass}], egress: [{action: Pass}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: access-nginx, namespace: policy-demo}
        spec:
          podSelector: {matchLabels: {app: nginx}}
          ingress:
          - from: [{podSelector: {matchLabels: {app: access}}}]
            ports: [{port: http}]
        ---
        apiVersion: projectcalico.org/v3
        kind: StagedNetworkPolicy
        metadata: {name: namespace-isolation.policy-demo-abcde, namespace: policy-demo}
        spec:
          stagedAction: Learn
          tier: namespace-isolation
          selector: projectcalico.org/namespace == 'policy-demo'
          types: [Ingress, Egress]
          ingress:
          - action: Deny
            source: {selector: app == 'access'}
          egress:
          - action: Allow
            destination: {nets: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}
          - action: Allow
            destination: {selector: zone == 'corp', namespaceSelector: global()}
        """

    func evaluation(legacy: Bool = false) throws -> FlowLogEvaluation {
        let resources = try ResourceYAML.decode(FlowLogEvaluationTests.cluster, file: "cluster.yaml").map(\.resource)
        return FlowLogEvaluation(
            inventory: ClusterInventory(resources: resources), policySet: try PolicySet(resources: resources),
            legacyNames: legacy)
    }

    @Test func docsExampleIsReEvaluated() throws {
        let line = try SharedFiles.text("calico/flowlogs/docs-example.jsonl").split(separator: "\n")[0]
        let log = try FlowLogReader.parse(String(line), file: "docs-example.jsonl", lineNumber: 1)
        let out = try evaluation().evaluate(log)
        #expect(out.action == .allow)
        #expect(
            out.policies.enforcedPolicies == [
                "0|tier1|gnp:tier1.policy1|pass|0", "1|default|knp:policy-demo/access-nginx|allow|0",
            ])
        #expect(
            out.policies.pendingPolicies
                == [
                    "0|tier1|gnp:tier1.policy1|pass|0",
                    "1|namespace-isolation|snp:policy-demo/namespace-isolation.policy-demo-abcde|deny|0",
                ])
        #expect(out.policies.allPolicies == nil)
        let legacy = try evaluation(legacy: true).evaluate(log)
        #expect(
            legacy.policies.enforcedPolicies == [
                "0|tier1|tier1.policy1|pass|0", "1|default|policy-demo/knp.default.access-nginx|allow|0",
            ])
        // Everything else is untouched.
        var expected = log
        expected.policies = out.policies
        #expect(out == expected)
    }

    func record(_ fields: String) throws -> FlowLog {
        try FlowLogReader.parse(
            #"{"start_time":1,"end_time":2,"source_name":"-","source_name_aggr":"access-5d-*","source_namespace":"policy-demo","source_type":"wep","proto":"tcp","action":"deny","reporter":"src",\#(fields)}"#
        )
    }

    @Test func aggregatedEndpointsAreRebuilt() throws {
        let e = try evaluation()
        // pvt without an address still matches the private-ranges rule of the staged policy.
        let pvt = try e.evaluate(
            try record(#""dest_name_aggr":"pvt","dest_namespace":"-","dest_type":"net","dest_port":443"#))
        #expect(
            pvt.policies.pendingPolicies == [
                "0|tier1|gnp:tier1.policy1|pass|0",
                "1|namespace-isolation|snp:policy-demo/namespace-isolation.policy-demo-abcde|allow|0",
            ])
        #expect(pvt.action == .allow)
        let pub = try e.evaluate(
            try record(#""dest_name_aggr":"pub","dest_namespace":"-","dest_type":"net","dest_port":443"#))
        #expect(
            pub.policies.pendingPolicies.last
                == "1|namespace-isolation|snp:policy-demo/namespace-isolation.policy-demo-abcde|deny|-1")
        // A global network set from the inventory, matched by the global() rule.
        let corp = try e.evaluate(
            try record(#""dest_name_aggr":"corp","dest_namespace":"-","dest_type":"ns","dest_port":443"#))
        #expect(
            corp.policies.pendingPolicies.last
                == "1|namespace-isolation|snp:policy-demo/namespace-isolation.policy-demo-abcde|allow|1")
    }

    @Test func recordErrorsNameLineAndField() throws {
        let e = try evaluation()
        let netReporter = try FlowLogReader.parse(
            #"{"start_time":1,"end_time":2,"source_name_aggr":"pub","source_namespace":"-","source_type":"net","dest_name_aggr":"x-*","dest_namespace":"policy-demo","dest_type":"wep","proto":"tcp","action":"allow","reporter":"src"}"#
        )
        #expect(
            throws: EvaluateError.record(
                file: "f.jsonl", line: 3, field: "source_type",
                message: "reporter src is a net; only wep and hep endpoints report")
        ) {
            try e.evaluate(netReporter, file: "f.jsonl", line: 3)
        }
        var badProto = try record(#""dest_name_aggr":"pub","dest_namespace":"-","dest_type":"net""#)
        badProto.proto = "carrier-pigeon"
        #expect(throws: EvaluateError.self) { try e.evaluate(badProto) }
        let badLabels = try record(
            #""dest_name_aggr":"pub","dest_namespace":"-","dest_type":"net","source_labels":{"labels":["novalue"]}"#)
        do { _ = try e.evaluate(badLabels, file: "f.jsonl", line: 9); Issue.record("expected an error") } catch {
            #expect(error.description.hasPrefix("f.jsonl:9: field `source_labels`"))
        }
    }

    @Test func inventoryMatchesAggregatedNamesToControllers() throws {
        let resources = try ResourceYAML.decode(FlowLogEvaluationTests.cluster, file: "cluster.yaml").map(\.resource)
        let inventory = ClusterInventory(resources: resources)
        let side = FlowLogSide(
            type: .wep, name: "-", aggregatedName: "access-6b687c8dcb-*", namespace: "policy-demo",
            labels: ["pod-template-hash=6b"], ip: nil)
        let ep = try inventory.endpoint(side, field: "source")
        #expect(ep.labels == ["app": "access", "pod-template-hash": "6b"])
        #expect(ep.serviceAccount == "client")
        #expect(ep.profiles == ["kns.policy-demo", "ksa.policy-demo.client"])
    }
}

@Suite struct FlowLogEvaluationLoadingTests {
    @Test func policyErrorsNameFileAndDocument() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recsim-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cluster = dir.appendingPathComponent("cluster.yaml").path
        try "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n".write(
            toFile: cluster, atomically: true, encoding: .utf8)
        let policies = dir.appendingPathComponent("p.yaml").path
        try """
        apiVersion: projectcalico.org/v3
        kind: Tier
        metadata: {name: t}
        spec: {order: 1}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          podSelector: {}
          ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]
        """.write(toFile: policies, atomically: true, encoding: .utf8)
        do {
            _ = try FlowLogEvaluation(clusterFile: cluster, policyPaths: [policies])
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description.hasPrefix(
                    "\(policies):6: document 2: NetworkPolicy shop/web: field `spec.ingress[0].from[0].ipBlock.cidr`"),
                "\(error)")
        }
    }
}

import Foundation
import TestSupport
import Testing

/// End-to-end tests of `recsim evaluate` and `recsim selector`, running the built executable.
@Suite struct EvaluateCommandTests {
    static let packageRoot = PackagePaths.root
    static let docsExample = packageRoot.deletingLastPathComponent().appendingPathComponent(
        "shared/calico/flowlogs/docs-example.jsonl"
    ).path

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ arguments: [String], in dir: URL) throws -> Result {
        let (status, stdout, stderr) = try ProcessRunner.recsim(arguments, in: dir)
        return Result(status: status, stdout: stdout, stderr: stderr)
    }

    /// A scratch folder with a cluster file and a policies folder for the docs example.
    static func scratch() throws -> URL {
        let dir = try TemporaryFolder.make("evaluate")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("policies"), withIntermediateDirectories: true)
        try """
        apiVersion: v1
        kind: Namespace
        metadata: {name: policy-demo}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: nginx, namespace: policy-demo}
        spec:
          template:
            metadata: {labels: {app: nginx}}
            spec: {containers: [{name: nginx, ports: [{name: http, containerPort: 80}]}]}
        """.write(to: dir.appendingPathComponent("cluster.yaml"), atomically: true, encoding: .utf8)
        try """
        apiVersion: projectcalico.org/v3
        kind: Tier
        metadata: {name: tier1}
        spec: {order: 100}
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: tier1.policy1}
        spec: {tier: tier1, ingress: [{action: Pass}]}
        """.write(to: dir.appendingPathComponent("policies/tiers.yaml"), atomically: true, encoding: .utf8)
        try """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: access-nginx, namespace: policy-demo}
        spec:
          podSelector: {matchLabels: {app: nginx}}
          ingress:
          - from: [{podSelector: {matchLabels: {app: access}}}]
            ports: [{port: http}]
        """.write(to: dir.appendingPathComponent("policies/demo.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func evaluatesTheDocsExampleUnchanged() throws {
        let dir = try EvaluateCommandTests.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try EvaluateCommandTests.run(
            [
                "evaluate", "--cluster", "cluster.yaml", "--policies", "policies",
                "--flows", EvaluateCommandTests.docsExample, "--out", "out.jsonl",
            ], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try String(contentsOf: dir.appendingPathComponent("out.jsonl"), encoding: .utf8)
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        let policies = object["policies"] as! [String: Any]
        #expect(object["action"] as? String == "allow")
        #expect(
            policies["enforced_policies"] as? [String] == [
                "0|tier1|gnp:tier1.policy1|pass|0", "1|default|knp:policy-demo/access-nginx|allow|0",
            ])
        #expect(
            policies["pending_policies"] as? [String] == [
                "0|tier1|gnp:tier1.policy1|pass|0", "1|default|knp:policy-demo/access-nginx|allow|0",
            ])
        #expect(object["bytes_in"] as? Int == 388)

        let legacy = try EvaluateCommandTests.run(
            [
                "evaluate", "--cluster", "cluster.yaml", "--policies", "policies/tiers.yaml", "policies/demo.yaml",
                "--flows", EvaluateCommandTests.docsExample, "--legacy-names",
            ], in: dir)
        #expect(legacy.status == 0, "\(legacy.stderr)")
        #expect(
            legacy.stdout.contains(
                #""enforced_policies":["0|tier1|tier1.policy1|pass|0","1|default|policy-demo/knp.default.access-nginx|allow|0"]"#
            ))
    }

    @Test(arguments: [
        ("unknown.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "field `kind`"),
        ("bad.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: x\n", "not valid YAML"),
        (
            "badsel.yaml",
            "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: p}\nspec:\n  ingress:\n  - action: Allow\n    source: {selector: \"app == \"}\n",
            "field `spec.ingress[0].source.selector`"
        ),
    ])
    func badPolicyInputFailsWithoutOutput(_ file: String, _ text: String, _ mention: String) throws {
        let dir = try EvaluateCommandTests.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
        try "previous\n".write(to: dir.appendingPathComponent("out.jsonl"), atomically: true, encoding: .utf8)
        let r = try EvaluateCommandTests.run(
            [
                "evaluate", "--cluster", "cluster.yaml", "--policies", "policies", file,
                "--flows", EvaluateCommandTests.docsExample, "--out", "out.jsonl",
            ], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.contains(file) && r.stderr.contains(mention), "\(r.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("out.jsonl"), encoding: .utf8) == "previous\n")
    }

    @Test func malformedFlowLineFailsWithoutOutput() throws {
        let dir = try EvaluateCommandTests.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try String(contentsOfFile: EvaluateCommandTests.docsExample, encoding: .utf8)
        try (good + "{\"start_time\": 1,\n").write(
            to: dir.appendingPathComponent("flows.jsonl"), atomically: true, encoding: .utf8)
        let r = try EvaluateCommandTests.run(
            [
                "evaluate", "--cluster", "cluster.yaml", "--policies", "policies",
                "--flows", "flows.jsonl", "--out", "out.jsonl",
            ], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.contains("flows.jsonl:2:"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.jsonl").path))
        let missingField = good.replacingOccurrences(of: "\"proto\": \"tcp\", ", with: "")
        try missingField.write(to: dir.appendingPathComponent("flows.jsonl"), atomically: true, encoding: .utf8)
        let r2 = try EvaluateCommandTests.run(
            ["evaluate", "--cluster", "cluster.yaml", "--policies", "policies", "--flows", "flows.jsonl"], in: dir)
        #expect(r2.status != 0)
        #expect(r2.stderr.contains("flows.jsonl:1: field `proto`"), "\(r2.stderr)")
        #expect(r2.stdout.isEmpty)
    }

    @Test func selectorCommand() throws {
        let dir = FileManager.default.temporaryDirectory
        let yes = try EvaluateCommandTests.run(
            ["selector", "app == 'web' && !has(canary)", "--labels", "app=web,tier=front"], in: dir)
        #expect(yes.status == 0 && yes.stdout == "true\n")
        let no = try EvaluateCommandTests.run(["selector", "app in {'db'}", "--labels", "app=web"], in: dir)
        #expect(no.status == 0 && no.stdout == "false\n")
        let bad = try EvaluateCommandTests.run(["selector", "app == ", "--labels", "app=web"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("position 7"), "\(bad.stderr)")
        #expect(bad.stdout.isEmpty)
    }
}

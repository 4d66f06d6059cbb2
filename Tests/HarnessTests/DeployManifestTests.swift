import Testing
import Foundation
import Yams

/// The Kubernetes manifests under deploy/ are valid `batch/v1` Jobs (checked offline against Kubernetes'
/// published schemas with `kubernetes-validate --strict`, which CI installs) and are wired for sharding.
@Suite struct DeployManifestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func validate(_ path: String) throws -> (Int32, String) {
        let (status, out, err) = try HarnessTestSupport.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["kubernetes-validate", "--strict", path])
        return (status, out + err)
    }

    @Test(arguments: ["deploy/k8s/sweep-indexed-job.yaml", "deploy/k8s/merge-job.yaml"])
    func manifestValidatesAgainstKubernetesSchemas(path: String) throws {
        let (status, output) = try Self.validate(Self.root.appendingPathComponent(path).path)
        #expect(status == 0, "\(output)")
        #expect(output.contains("passed for resource job/"))
    }

    @Test func validatorRejectsABrokenJob() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("deploy/k8s/sweep-indexed-job.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "completionMode: Indexed", with: "completionMode: Indexed\n  completionsPerPod: 2")
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("broken-job-\(getpid()).yaml")
        try text.write(to: tmp, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let (status, output) = try Self.validate(tmp.path)
        #expect(status != 0, "\(output)")
    }

    @Test func sweepJobShardsMatchCompletions() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("deploy/k8s/sweep-indexed-job.yaml"), encoding: .utf8)
        let docs = try Array(Yams.load_all(yaml: text)).compactMap { $0 as? [String: Any] }
        let job = try #require(docs.first { $0["kind"] as? String == "Job" })
        #expect(job["apiVersion"] as? String == "batch/v1")
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let completions = try #require(spec["completions"] as? Int)
        let template = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((template["containers"] as? [[String: Any]])?.first)
        let args = try #require(container["args"] as? [String])
        #expect(args.contains("--shard=$(JOB_COMPLETION_INDEX)/\(completions)"))
        #expect(args.contains { $0.hasPrefix("--db=/results/") })
    }
}

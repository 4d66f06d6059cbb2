import Foundation
import TestSupport
import Testing
import Yams

/// The Kubernetes manifests under deploy/ are valid `batch/v1` Jobs (checked offline against Kubernetes'
/// published schemas with `kubernetes-validate --strict`, which CI installs) and are wired for sharding.
@Suite struct DeployManifestTests {
    static let root = PackagePaths.root

    static func validate(_ path: String) throws -> (Int32, String) {
        let (status, out, err) = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["kubernetes-validate", "--strict", path])
        if status == 127 {
            throw ProcessRunner.MissingTool(
                tool: "kubernetes-validate", install: "python3 -m pip install kubernetes-validate")
        }
        return (status, out + err)
    }

    @Test(arguments: ["deploy/k8s/sweep-indexed-job.yaml", "deploy/k8s/merge-job.yaml"])
    func manifestValidatesAgainstKubernetesSchemas(path: String) throws {
        let (status, output) = try Self.validate(Self.root.appendingPathComponent(path).path)
        #expect(status == 0, "\(output)")
        #expect(output.contains("passed for resource job/"))
    }

    @Test func validatorRejectsABrokenJob() throws {
        let text = try String(
            contentsOf: Self.root.appendingPathComponent("deploy/k8s/sweep-indexed-job.yaml"), encoding: .utf8
        )
        .replacingOccurrences(of: "completionMode: Indexed", with: "completionMode: Indexed\n  completionsPerPod: 2")
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("broken-job-\(getpid()).yaml")
        try text.write(to: tmp, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let (status, output) = try Self.validate(tmp.path)
        #expect(status != 0, "\(output)")
    }

    @Test func sweepJobShardsMatchCompletions() throws {
        let text = try String(
            contentsOf: Self.root.appendingPathComponent("deploy/k8s/sweep-indexed-job.yaml"), encoding: .utf8)
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
        #expect(args.contains("--resume"), "a restarted pod keeps its shard's finished runs")
    }

    static func jobs() throws -> [(file: String, job: [String: Any])] {
        try ["deploy/k8s/sweep-indexed-job.yaml", "deploy/k8s/merge-job.yaml"].flatMap { file in
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            return try Array(Yams.load_all(yaml: text)).compactMap { $0 as? [String: Any] }
                .filter { $0["kind"] as? String == "Job" }.map { (file, $0) }
        }
    }

    static func podSpec(_ job: [String: Any]) throws -> [String: Any] {
        try #require(((job["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
    }

    /// The merge Job reports the sweep the sweep Job ran (not just the newest run), by the id the sweep Job sets.
    @Test func mergeJobReportsTheSweepJobsSweep() throws {
        let jobs = try Self.jobs()
        let sweep = try #require(jobs.first { $0.file.contains("sweep") }?.job)
        let merge = try #require(jobs.first { $0.file.contains("merge") }?.job)
        let sweepArgs = try #require(
            (try Self.podSpec(sweep)["containers"] as? [[String: Any]])?.first?["args"] as? [String])
        let id = try #require(sweepArgs.first { $0.hasPrefix("--sweep-id=") }).dropFirst("--sweep-id=".count)
        let script = try #require(
            (try Self.podSpec(merge)["containers"] as? [[String: Any]])?.first?["args"] as? [String]
        ).joined(separator: " ")
        #expect(script.contains("recsim report --db /results/sweep.sqlite --sweep \(id) "), "\(script)")
    }

    /// Both Jobs are admitted by a namespace enforcing the `restricted` Pod Security Standard.
    @Test func podsMeetTheRestrictedPodSecurityStandard() throws {
        for (file, job) in try Self.jobs() {
            let pod = try Self.podSpec(job)
            let podContext = try #require(pod["securityContext"] as? [String: Any], "\(file)")
            #expect(podContext["runAsNonRoot"] as? Bool == true, "\(file)")
            #expect((podContext["seccompProfile"] as? [String: Any])?["type"] as? String == "RuntimeDefault", "\(file)")
            for container in try #require(pod["containers"] as? [[String: Any]]) {
                let c = try #require(container["securityContext"] as? [String: Any], "\(file)")
                #expect(c["allowPrivilegeEscalation"] as? Bool == false, "\(file)")
                #expect((c["capabilities"] as? [String: Any])?["drop"] as? [String] == ["ALL"], "\(file)")
                #expect(c["privileged"] as? Bool != true, "\(file)")
            }
        }
    }

    /// Image names carry their registry, so podman's short-name policy and other registries' defaults accept them.
    @Test func imageNamesAreFullyQualified() throws {
        func qualified(_ image: String) -> Bool {
            guard let first = image.split(separator: "/").first, image.contains("/") else { return false }
            return first == "localhost" || first.contains(".") || first.contains(":")
        }
        for (file, job) in try Self.jobs() {
            for c in try #require(try Self.podSpec(job)["containers"] as? [[String: Any]]) {
                let image = try #require(c["image"] as? String)
                #expect(qualified(image), "\(file): \(image)")
            }
        }
        let dockerfile = try String(contentsOf: Self.root.appendingPathComponent("deploy/Dockerfile"), encoding: .utf8)
        let froms = dockerfile.split(separator: "\n").filter { $0.hasPrefix("FROM ") }
        #expect(froms.count == 2)
        for line in froms { #expect(qualified(String(line.split(separator: " ")[1])), "\(line)") }
    }

    /// The build context leaves out build products, databases and reports (hundreds of MB otherwise).
    @Test func dockerIgnoreExcludesBuildProducts() throws {
        let lines = try String(contentsOf: Self.root.appendingPathComponent(".dockerignore"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        for entry in [".build", ".git", "*.sqlite", "reports/*"] { #expect(lines.contains(entry), "\(entry)") }
    }
}

import ArgumentParser
import PolicyEvaluation
import TrafficGeneration

/// `recsim evaluate`: re-evaluates flow-log records against a cluster and policies.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract:
            "Evaluate flow-log records (JSON lines) against a cluster inventory and policies; fill action and policies.",
        discussion: """
            Each record's endpoints are rebuilt from the cluster (namespaces, pods, workloads, network sets,
            host endpoints; name_aggr + namespace + labels identify a workload; pub/pvt nets), then the
            reporter's enforced and pending traces replace action, policies.enforced_policies and
            policies.pending_policies (all_policies is dropped). Output is written whole or not at all.
            """
    )

    @Option(help: "Cluster inventory manifest (YAML/JSON).") var cluster: String
    @Option(parsing: .upToNextOption, help: "Policy manifests: files or folders (searched for .yaml/.yml/.json).")
    var policies: [String]
    @Option(help: "Flow-log records, one JSON object per line.") var flows: String
    @Flag(help: "Write hit strings in the legacy name format (ns/tier.staged:name).") var legacyNames = false
    @Option(help: "Output file (default: standard output).") var out: String?
    @OptionGroup var l3Flow: L3FlowWindowOption

    func validate() throws {
        guard !policies.isEmpty else { throw ValidationError("--policies needs at least one file or folder") }
    }

    func run() throws {
        let evaluation = try FlowLogEvaluation(clusterFile: cluster, policyPaths: policies, legacyNames: legacyNames)
        let window = try l3Flow.parsed()
        guard let out else {
            try evaluation.evaluateFile(flows, l3FlowWindow: window) { print($0) }
            return
        }
        // Lines go to a temporary file renamed into place at the end: a bad line leaves no half-written output.
        let writer = try AtomicLineWriter(path: out)
        try evaluation.evaluateFile(flows, l3FlowWindow: window) { writer.write(line: $0) }
        try writer.commit()
    }
}

import ArgumentParser
import CalicoModel
import Foundation
import Harness
import RecommendationEngine
import Scenario
import Simulation
import TrafficGeneration

/// `recsim recommend`: the recommended staged policies as YAML, from a scenario or from recorded flow logs.
struct RecommendCommand: ParsableCommand, Interruptible {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Write every namespace's recommended StagedNetworkPolicy (and the tier) as kubectl-apply-able YAML.",
        discussion: """
            With SCENARIO: runs the scenario (as `recsim run`, without storing) up to --at or the end. \
            Replay mode: --flows FILE.jsonl with --cluster FILE (namespaces, existing policies) runs the engine over \
            recorded Calico flow logs instead. Files: 00-tier-namespace-isolation.yaml, <ns>.stagednetworkpolicy.yaml, \
            and <ns>.networkpolicy.yaml for enforced ones.
            """)

    @Argument(help: "Scenario file (omit with --flows).") var scenario: String?
    @OptionGroup var options: ScenarioRunOptions
    @Option(help: "Stop at this virtual time offset (e.g. 36h, 3d); default: the end.") var at: String?
    @Option(help: "Replay: recorded Calico flow logs (JSON lines).") var flows: String?
    @Option(help: "Replay: cluster inventory YAML (namespaces, existing policies).") var cluster: String?
    @OptionGroup var l3Flow: L3FlowWindowOption
    @Flag(help: "Replay: skip malformed flow-log lines instead of failing.") var skipInvalid = false
    @Option(help: "Output folder.") var out: String

    func validate() throws {
        if scenario == nil && flows == nil {
            throw ValidationError("give a SCENARIO, or --flows FILE.jsonl with --cluster FILE")
        }
        if scenario != nil && flows != nil { throw ValidationError("give either a SCENARIO or --flows, not both") }
        if flows != nil && cluster == nil {
            throw ValidationError("--flows needs --cluster FILE (namespaces and existing policies)")
        }
        if let at { _ = try parseAt(at) }
    }

    func parseAt(_ text: String) throws -> SimDuration {
        do { return try SimDuration(parsing: text, allowDays: true) } catch { throw ValidationError("--at: \(error)") }
    }

    func run() throws {
        let files: [(name: String, yaml: String)]
        if let scenario {
            let s = try options.scenario(Scenario.load(path: scenario))
            let runner = ScenarioRunner(scenario: s, options: try options.runOptions())
            print("seed: \(runner.seed)")
            let stop = try at.map { s.start + (try parseAt($0)) }
            let result = try runner.run(stopAt: stop, overlapping: true)
            for w in result.warnings { StandardError.write("warning: \(w)") }
            files = try RecommendationFiles.files(
                tier: result.tier, recommendations: result.recommendations, enforced: result.enforcedPolicies)
            print("as of \((stop ?? result.end).rfc3339): \(result.recommendations.count) recommendations")
        } else {
            let seed = options.seed ?? 1
            print("seed: \(seed)")
            let inventoryPath = cluster!
            let text: String
            do { text = try TextFile.read(inventoryPath) } catch { throw ValidationError(error.description) }
            let inventory = try ResourceYAML.decode(text, file: inventoryPath, ignoreUnknownKinds: true)
            let opts = try options.runOptions()
            var replay = ReplayRunner(
                inventory: inventory, flowsPath: flows!, scope: opts.scope, seed: seed,
                assumptions: opts.assumptions.applied(to: Assumptions()), skipInvalid: skipInvalid,
                until: try at.map(parseAt))
            replay.l3FlowWindow = try l3Flow.parsed()
            let result = try replay.run()
            for w in result.warnings { StandardError.write("warning: \(w)") }
            files = try RecommendationFiles.files(
                tier: result.tier, recommendations: result.recommendations, enforced: result.enforcedPolicies)
            print(
                "replayed \(result.records) records (\(result.skipped) skipped), \(result.ticks) ticks: \(result.recommendations.count) recommendations"
            )
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for f in files {
            let path = (out as NSString).appendingPathComponent(f.name)
            if let problem = OutputPath.problem(path) { throw ValidationError("\(path): cannot write: \(problem)") }
            try Data(f.yaml.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            print("wrote \(path)")
        }
    }
}

import ArgumentParser
import CalicoModel
import Foundation
import Harness
import Inference
import Scenario
import Simulation
import TrafficGeneration

/// `recsim infer`: a scenario that reproduces a cluster's observed traffic.
struct InferCommand: ParsableCommand, Interruptible {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Infer a scenario (inventory and traffic classes) from a cluster's flow logs.",
        discussion: """
            Reads flow logs in any format `flows import` reads (flat records, Elasticsearch hits, _search \
            responses). One traffic pattern per (source workload, destination, port, protocol) with its rate, \
            diurnal shape, period (hourly, daily, weekly, monthly, detected from the arrival times), first and last \
            seen, and rarity; comments say how each was estimated and from how many records. The scenario runs \
            through `run`, `sweep`, `regress` and `advise` like any other (docs/tune-on-your-own-traffic.md).
            """)

    @Argument(
        help:
            "Flow-log file; or a scenario (.yaml), whose traffic is generated (--days) and inferred back, checked against its patterns."
    )
    var flows: String
    @Option(help: "Write the scenario here (YAML).") var out: String
    @Option(help: "With a scenario as input: days of traffic to generate.") var days = 14
    @Option(help: "The scenario's name (default: inferred-<file name>).") var name: String?
    @Option(
        help:
            "The cluster the flow logs came from (`recsim cluster export` or `kubectl get … -o yaml`): namespace labels, workload kinds, replicas and labels, network sets' nets."
    )
    var cluster: String?
    @Flag(help: "Skip malformed lines and count them instead of failing.") var skipInvalid = false
    @OptionGroup var l3Flow: L3FlowWindowOption

    func validate() throws {
        if let name, !KubernetesName.isValid(name, as: .dns1123Subdomain) {
            throw ValidationError("--name: \(KubernetesName.problem(name, as: .dns1123Subdomain) ?? "invalid")")
        }
    }

    func run() throws {
        let ext = (flows as NSString).pathExtension.lowercased()
        if ext == "yaml" || ext == "yml" { return try check() }
        let scenarioName = name ?? InferredScenario.defaultName(forFile: flows)
        let inferred: InferredScenario
        do {
            inferred = try InferredScenario.infer(
                path: flows, name: scenarioName, skipInvalid: skipInvalid, l3FlowWindow: try l3Flow.parsed(),
                cluster: try InferenceClusterFile.load(cluster))
        } catch let e as FlowLogParseError {
            throw ImportFailure(description: "\(e.description)\n(use --skip-invalid to skip malformed lines)")
        } catch let e as InferenceError {
            throw ImportFailure(description: e.description)
        }
        let writer = try AtomicLineWriter(path: out)
        writer.write(line: inferred.yaml().trimmingCharacters(in: .newlines))
        try writer.commit()
        print("records: \(inferred.records) (skipped \(inferred.skippedRecords))")
        var byRarity: [String: Int] = [:]
        for c in inferred.classes { byRarity[c.estimate.rarity.rawValue, default: 0] += 1 }
        let rarities = byRarity.keys.sorted().map { "\($0) \(byRarity[$0]!)" }.joined(separator: ", ")
        print("classes: \(inferred.classes.count) (\(rarities))")
        print("wrote \(out)")
    }
}

extension InferCommand {
    /// A scenario in: its traffic generated, inferred back and compared with its patterns.
    func check() throws {
        guard (1...InputLimits.maxSimulatedDays).contains(days) else {
            throw ValidationError("--days: expected 1 to \(InputLimits.maxSimulatedDays), got \(days)")
        }
        let scenario = try Scenario.load(path: flows)
        print("seed: \(scenario.seed)")
        let check = try InferenceCheck.run(scenario, days: Int64(days))
        let writer = try AtomicLineWriter(path: out)
        writer.write(line: check.inferred.yaml().trimmingCharacters(in: .newlines))
        try writer.commit()
        print("records: \(check.inferred.records), classes: \(check.inferred.classes.count)")
        print(
            "rates within \(Int(InferenceCheck.rateTolerance * 100))% (classes with ≥ \(InferenceCheck.minimumArrivals) arrivals): \(check.ratesWithinTolerance) of \(check.ratesCompared)"
        )
        print("periods found (hourly, daily, weekly classes): \(check.periodsFound) of \(check.periodsCompared)")
        if check.partialClasses > 0 {
            print(
                "not compared: \(check.partialClasses) classes whose traffic does not run the whole span (scripted events)"
            )
        }
        for c in check.comparisons where c.rateError.map({ $0 > InferenceCheck.rateTolerance }) ?? false {
            print("  rate off: \(c.label): inferred \(c.inferredRate!)/h, true \(c.trueRate!)/h")
        }
        for c in check.comparisons where c.periodMatches == false {
            print(
                "  period missed: \(c.label): true every \(c.truePeriod!.compact), found \(c.foundPeriod?.compact ?? "none")"
            )
        }
        print("wrote \(out)")
        if !check.passed { throw ExitCode(ExitStatus.checkFailed.rawValue) }
    }
}

enum InferenceClusterFile {
    /// The `--cluster` file's resources (unknown kinds passed over), or nothing.
    static func load(_ path: String?) throws -> InferenceCluster {
        guard let path else { return InferenceCluster() }
        let text: String
        do { text = try TextFile.read(path) } catch { throw ValidationError("--cluster: \(error.description)") }
        return InferenceCluster(
            resources: try ResourceYAML.decode(text, file: path, ignoreUnknownKinds: true).map(\.resource))
    }
}

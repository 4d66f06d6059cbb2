import ArgumentParser
import CalicoModel
import Foundation
import Harness
import Inference
import Reporting
import Scenario
import Simulation

/// `recsim advise`: the shortest stabilization period (and interval) a cluster's traffic can trust.
struct AdviseCommand: ParsableCommand, Interruptible {
    static let configuration = CommandConfiguration(
        commandName: "advise",
        abstract:
            "Advise the shortest safe stabilization period (and interval) for a cluster's flow logs or a scenario.",
        discussion: """
            INPUT is a scenario (.yaml) or a flow-log file, from which a scenario is inferred first (as `recsim \
            infer`). For every traffic class, closed forms give the shortest stabilization period on a ladder \
            (10m … 14d) at which the class is learned before its namespace first becomes Stable with probability at \
            least 1 − --target-miss; the cluster-wide answer is the slowest class's (the scope's settings apply to every \
            namespace). A simulation over --seeds then checks it. The report names the classes that drive the answer \
            and those no setting catches, and writes the PolicyRecommendationScope to apply (scope.yaml). Exit 1 when \
            the simulation misses more classes than the target allows.
            """)

    @Argument(help: "A scenario file (.yaml, .yml) or a flow-log file.") var input: String
    @Option(help: "Largest acceptable chance that a class is not learned before Stable.") var targetMiss = 0.01
    @Option(help: "Candidate intervals, comma-separated (default: the scenario's, else the engine's 10m).")
    var interval: String?
    @Option(help: "Seeds of the confirming simulation: A..B or a comma list.") var seeds = "1..3"
    @Flag(help: "Skip the confirming simulation (closed forms only).") var noConfirm = false
    @Option(help: "Parallel simulations (default: the number of active processors).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Report folder (default: reports/<scenario>/advice).") var report: String?
    @Flag(help: "Skip malformed flow-log lines and count them instead of failing.") var skipInvalid = false
    @Option(help: "With flow logs: the cluster they came from (as for `infer --cluster`).") var cluster: String?
    @Flag(help: "Print the advice as one JSON document (docs/json-output.md).") var json = false
    @OptionGroup var l3Flow: L3FlowWindowOption

    func validate() throws {
        guard targetMiss > 0 && targetMiss < 1 else {
            throw ValidationError(
                "--target-miss: expected a probability between 0 and 1 (exclusive), got \(targetMiss)")
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        _ = try request()
        do { _ = try SweepGrid.seeds(seeds) } catch { throw ValidationError(error.message) }
    }

    func request() throws -> AdviceRequest {
        var r = AdviceRequest()
        r.targetMiss = targetMiss
        if let interval {
            do { r.intervals = try SweepGrid.durations(interval, option: "--interval") } catch {
                throw ValidationError(error.message)
            }
            if let bad = r.intervals.first(where: { $0.seconds < 30 }) {
                throw ValidationError("--interval: \(bad.compact) is below Calico's minimum interval of 30s")
            }
        }
        return r
    }

    var isScenario: Bool {
        let ext = (input as NSString).pathExtension.lowercased()
        return ext == "yaml" || ext == "yml"
    }

    func run() throws {
        let say: (String) -> Void = json ? { StandardError.write($0) } : { print($0) }
        let scenario: Scenario
        let source: String
        if isScenario {
            scenario = try Scenario.load(path: input)
            source = "scenario \(input)"
        } else {
            let inferred: InferredScenario
            do {
                inferred = try InferredScenario.infer(
                    path: input, name: InferredScenario.defaultName(forFile: input),
                    skipInvalid: skipInvalid, l3FlowWindow: try l3Flow.parsed(),
                    cluster: try InferenceClusterFile.load(cluster))
            } catch let e as FlowLogParseError {
                throw ImportFailure(description: "\(e.description)\n(use --skip-invalid to skip malformed lines)")
            } catch let e as InferenceError {
                throw ImportFailure(description: e.description)
            }
            scenario = try Scenario.parse(inferred.yaml(), file: input)
            source = "flow logs \(input) (\(inferred.records) records, \(inferred.classes.count) classes inferred)"
        }
        let request = try request()
        let advice = ClosedFormAdvice.advise(scenario, request: request)
        guard let chosen = AdviceReportBuilder.chosen(advice) else { throw ValidationError("no interval to advise on") }
        var confirmation: AdviceConfirmation?
        if !noConfirm {
            let seedList = try SweepGrid.seeds(seeds)
            say("seeds: \(seedList.map(String.init).joined(separator: ","))")
            let bar = LockedProgress(ProgressBar("advise: confirming"))
            confirmation = try AdviceConfirmation.run(scenario, advice: chosen, seeds: seedList, jobs: jobs) {
                bar.update(done: $0, total: $1)
            }
        }
        let dir = report ?? "reports/\(scenario.name)/advice"
        let scopeFile = "\(dir)/scope.yaml"
        let scopeYAML = try ResourceYAML.encode(.scope(AdviceReportBuilder.scope(scenario, chosen)))
        let data = AdviceReportBuilder.build(
            scenario: scenario, source: source, request: request, advice: advice, confirmation: confirmation,
            scopeYAML: scopeYAML, scopeFile: scopeFile)
        try ReportOutput.write(AdviceReport(data: data).files(), to: dir)
        if json {
            print(
                try JSONDocument.encode(
                    JSONDocument.Advice(
                        scenario: scenario, source: source, request: request, advice: chosen, decision: data.decision,
                        confirmation: confirmation, scopeFile: scopeFile, report: "\(dir)/index.html")),
                terminator: "")
        } else {
            print("advice: \(data.decision)")
            for d in data.drivers { print("  driven by \(d)") }
            for u in data.uncatchable { print("  not catchable: \(u)") }
            if let c = AdviceReport(data: data).confirmationSentence { print(c) }
            print("scope: \(scopeFile)")
            print("report: \(dir)/index.html")
        }
        if let c = confirmation, c.missRate > request.targetMiss {
            StandardError.write(
                "error: the simulation missed \(c.missed) of \(c.checked) classes (miss rate above the target \(request.targetMiss)); see the report"
            )
            throw ExitCode(ExitStatus.checkFailed.rawValue)
        }
    }
}

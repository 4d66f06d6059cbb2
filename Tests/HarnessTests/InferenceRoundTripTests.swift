import CalicoModel
import Foundation
import Scenario
import Simulation
import Testing
import TrafficGeneration

@testable import Harness
@testable import Inference

/// `recsim infer` against the scenarios that generated the flow logs (issue 16): 14 days of each bundled scenario,
/// inferred back; the ground truth of every record says which patterns each inferred class is made of.
@Suite struct InferenceRoundTripTests {
    struct RoundTrip {
        var original: Scenario
        var inferred: InferredScenario
        var reparsed: Scenario
        var check: InferenceCheck
    }

    /// `large` is scaled to 10 of its 200 namespaces (the same generator, a twentieth of the records: the whole of
    /// it is 51 M records over 14 days, checked with `recsim infer scenarios/large.yaml --days 14` in release).
    static func roundTrip(_ name: String, days: Int64 = 14) throws -> RoundTrip {
        var s = try Scenario.load(path: HarnessTestSupport.scenario(name))
        if name == "large" { s = try ScenarioScaler.scaled(s, namespaces: 10) }
        let check = try InferenceCheck.run(s, days: days)
        let reparsed = try Scenario.parse(check.inferred.yaml(), file: "inferred-\(name).yaml")
        return RoundTrip(original: s, inferred: check.inferred, reparsed: reparsed, check: check)
    }

    @Test(arguments: ["online-boutique", "rare-traffic", "churn", "large"])
    func inferredClassesMatchTheScenario(name: String) throws {
        let rt = try Self.roundTrip(name)
        for c in rt.check.comparisons {
            if let error = c.rateError {
                #expect(error <= 0.2, "\(c.label): inferred \(c.inferredRate!)/h, true \(c.trueRate!)/h")
            }
            if let period = c.truePeriod {
                #expect(
                    c.foundPeriod == period,
                    "\(c.label): found \(c.foundPeriod?.compact ?? "no period"), true every \(period.compact)")
            }
        }
        // churn changes most of its traffic by events; two of its classes run all along.
        #expect(rt.check.ratesCompared >= (name == "churn" ? 2 : 5), "rates compared: \(rt.check.ratesCompared)")
        if name != "churn" { #expect(rt.check.periodsCompared >= 2, "periods compared: \(rt.check.periodsCompared)") }
        #expect(rt.check.passed)
        // Every legit hourly, daily or weekly pattern that runs all along and is alone in its class was compared.
        let partial = InferenceCheck.partialPatterns(rt.original)
        let alone = Set(rt.inferred.classes.filter { $0.truthPatterns.count == 1 }.flatMap(\.truthPatterns))
        let periodic = rt.original.traffic.filter {
            [.hourly, .daily, .weekly].contains($0.rarity) && $0.truth == .legit && !partial.contains($0.id)
                && alone.contains($0.id)
        }
        #expect(rt.check.periodsCompared == periodic.count)
    }

    @Test(arguments: ["online-boutique", "rare-traffic", "churn", "large"])
    func adviceOnTheInferredScenarioEqualsAdviceOnTheOriginal(name: String) throws {
        let rt = try Self.roundTrip(name)
        var request = AdviceRequest()
        request.intervals = [.minutes(5)]
        let original = try #require(AdviceReportBuilder.chosen(ClosedFormAdvice.advise(rt.original, request: request)))
        let inferred = try #require(AdviceReportBuilder.chosen(ClosedFormAdvice.advise(rt.reparsed, request: request)))
        #expect(
            original.stabilization == inferred.stabilization,
            "\(name): \(original.drivers.map(\.adviceClass.label)) vs \(inferred.drivers.map(\.adviceClass.label))")
        #expect(original.interval == inferred.interval)
    }

    /// The inferred scenario is an ordinary scenario: it runs (and with the same seed, gives the same run).
    @Test func theInferredScenarioRuns() throws {
        let rt = try Self.roundTrip("rare-traffic", days: 3)
        var options = RunOptions()
        options.duration = .days(3)
        let a = try ScenarioRunner(scenario: rt.reparsed, options: options).run()
        let b = try ScenarioRunner(scenario: rt.reparsed, options: options).run()
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.flowLogRecords > 0)
        #expect(rt.inferred.yaml() == (try Self.roundTrip("rare-traffic", days: 3)).inferred.yaml(), "deterministic")
    }

    /// Names read from flow logs are quoted in one place: a hostile label value cannot add YAML structure.
    @Test func stringsFromFlowLogsAreQuoted() {
        #expect(InferredScenario.quoted("a\"b") == "\"a\\\"b\"")
        #expect(InferredScenario.quoted("x}\n- {id: evil}") == "\"x}\\n- {id: evil}\"")
        #expect(InferredScenario.quoted("tab\there\u{01}") == "\"tab\\there\\u0001\"")
    }

    /// A name or label read from flow logs can never change the scenario written: records with names Kubernetes
    /// would not accept are left out and counted; labels that are not valid are dropped.
    @Test func hostileNamesAreLeftOut() throws {
        func record(source ns: String, labels: [String]?) -> FlowLog {
            var log = FlowLog(
                startTime: 1_767_571_200, endTime: 1_767_571_500, sourceNameAggr: "web-*", sourceNamespace: ns,
                sourceType: .wep, destNameAggr: "db-*", destNamespace: "app", destType: .wep, destPort: 5432,
                proto: "tcp", action: .allow, reporter: .src)
            log.numFlowsStarted = 3
            log.sourceLabels = labels
            return log
        }
        var a = ClassAccumulator()
        a.add(record(source: "app", labels: ["app=web", "evil\nkey=x", "team=a\"}, {b"]))
        a.add(record(source: "bad\"ns", labels: nil))
        a.add(record(source: "Upper", labels: nil))
        a.add(
            FlowLog(
                startTime: 1_767_574_800, endTime: 1_767_575_100, sourceNameAggr: "web-*", sourceNamespace: "app",
                sourceType: .wep, destNameAggr: "db-*", destNamespace: "app", destType: .wep, destPort: 5432,
                proto: "tcp", action: .allow, reporter: .src))
        #expect(a.skippedRecords == 2)
        let inferred = try InferredScenario(name: "hostile", sourceFile: "x.jsonl", accumulator: a)
        let yaml = inferred.yaml()
        #expect(!yaml.contains("bad") && !yaml.contains("Upper") && !yaml.contains("evil") && !yaml.contains("team"))
        #expect(yaml.contains(#"labels: {"app": "web"}"#))
        let s = try Scenario.parse(yaml, file: "hostile.yaml")
        #expect(s.cluster.namespaces.map(\.name) == ["app"])
        #expect(throws: InferenceError.self) {
            try InferredScenario(name: "empty", sourceFile: "y.jsonl", accumulator: ClassAccumulator())
        }
    }

    /// With the cluster file (`--cluster`), namespace labels, workload kinds and replicas, and network sets' real
    /// nets and labels come from it instead of placeholders.
    @Test func theClusterFileFillsInWhatFlowLogsDoNotSay() throws {
        var rt = try Self.roundTrip("rare-traffic", days: 2)
        rt.inferred.cluster = InferenceCluster(resources: ClusterExport.resources(of: Cluster(scenario: rt.original)))
        let yaml = rt.inferred.yaml()
        #expect(yaml.contains(#"{name: "billing", labels: {"team": "finance"}}"#))
        #expect(yaml.contains(#"kind: DaemonSet"#) && yaml.contains(#"replicas: 2"#))
        #expect(yaml.contains(#"{name: "log-sink", nets: ["10.20.0.0/16"], labels: {"role": "logging"}}"#))
        let s = try Scenario.parse(yaml, file: "with-cluster.yaml")
        #expect(s.cluster.namespaces.first { $0.name == "shop" }?.labels == ["team": "storefront"])
    }
}

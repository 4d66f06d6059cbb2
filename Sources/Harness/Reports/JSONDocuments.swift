import Foundation
import Reporting
import ResultStore

/// The `--json` outputs of `run`, `sweep`, `regress` and `capacity`: one JSON document each, keys sorted (so the
/// same results give the same bytes), times in seconds, `null` for never. docs/json-output.md lists the fields.
public enum JSONDocument {
    /// Pretty-printed, sorted keys, `/` unescaped, trailing newline.
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// `recsim run --json`.
    public struct Run: Encodable, Sendable {
        public struct Namespace: Encodable, Sendable {
            var namespace: String
            var verdict: String
            var sentence: String
            var timeToFirstRuleSeconds: Int64?
            var timeToStableSeconds: Int64?
            var learningResets: Int
            var renames: Int
            var egressRules: Int
            var ingressRules: Int
            var falseDeniesAfterStable: [String: Int]
            var falseDeniesIfEnforcedAtStable: [String: Int]
            var missedAttacks: Int
            var overPermissive: Int
        }

        public struct Finding: Encodable, Sendable {
            var namespace: String
            var source: String
            var destination: String
            var port: String
            var rarity: String
            var patternID: String
            var truth: String
            var deniedIfEnforcedAtStable: Int
            var firstDeniedSeconds: Int64?
            var learnedAtSeconds: Int64?
            var attackFlowsAllowed: Int
        }

        var schema = "recsim.run/1"
        var runID: Int64?
        var scenario: String
        var seed: UInt64
        var fingerprint: String?
        var status: String
        var virtualStart: Int64
        var virtualEnd: Int64
        var database: String
        var report: String?
        var headline: String
        var namespaces: [Namespace]
        var worst: [Finding]
        var metrics: [String: Double]
        var settings: [String: String]
        var warnings: [String]

        /// - Parameter metrics: the run's stored metric rows; the run-wide ones (namespace "") are included.
        public init(
            _ data: RunReportData, metrics rows: [MetricRow], database: String, report: String?, warnings: [String]
        ) {
            let verdict = RunVerdict(data)
            runID = data.run.runID; scenario = data.run.scenario; seed = data.run.seed;
            fingerprint = data.run.fingerprint
            status = data.run.status.rawValue; virtualStart = data.run.virtualStart; virtualEnd = data.run.virtualEnd
            self.database = database; self.report = report; self.warnings = warnings
            headline = verdict.headline
            namespaces = zip(data.namespaces, verdict.namespaces).map { ns, v in
                Namespace(
                    namespace: ns.namespace, verdict: v.light.symbol, sentence: v.sentence,
                    timeToFirstRuleSeconds: ns.timeToFirstRule, timeToStableSeconds: ns.timeToStable,
                    learningResets: ns.learningResets, renames: ns.renames, egressRules: ns.egressRules,
                    ingressRules: ns.ingressRules, falseDeniesAfterStable: ns.falseDenies,
                    falseDeniesIfEnforcedAtStable: ns.falseDeniesAtStable, missedAttacks: ns.missedAttacks,
                    overPermissive: ns.overPermissive)
            }
            worst = verdict.worst.map {
                Finding(
                    namespace: $0.namespace, source: $0.source, destination: $0.destination, port: $0.port,
                    rarity: $0.rarity,
                    patternID: $0.patternID, truth: $0.isAttack ? "attack" : "legit",
                    deniedIfEnforcedAtStable: $0.atStableDeniedFlows,
                    firstDeniedSeconds: $0.atStableFirstDenied ?? $0.firstMissed,
                    learnedAtSeconds: $0.learnedAt, attackFlowsAllowed: $0.missedFlows)
            }
            metrics = Dictionary(
                rows.filter { $0.namespace.isEmpty }.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            settings = Dictionary(data.run.settings.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// `recsim sweep --json`.
    public struct Sweep: Encodable, Sendable {
        public struct Choice: Encodable, Sendable {
            var setting: String
            var intervalSeconds: Int64
            var stabilizationSeconds: Int64
            var lookbackSeconds: Int64?
            /// The delivery model (`latency 2m0s`), in a sweep over `--latency` / `--flush-interval`.
            var delivery: String?
            var medianTimeToStableSeconds: Double?
            var falseDenyRate: Double
            var falseDenyRateByRarity: [String: Double]
        }

        public struct Point: Encodable, Sendable {
            var choice: Choice
            var seeds: Int
            var samples: Int
            var neverStable: Int
            var timeToStableP10Seconds: Double?
            var timeToStableP90Seconds: Double?
            var falseDenyFlowsByRarity: [String: Int]
            var legitFlowsByRarity: [String: Int]
            var missedAttacks: Int
            var meetsBounds: Bool
            var pareto: Bool
            /// Legit flows the engine's steady query never saw (late or lost), summed over seeds.
            var lateOrLostFlows: Int
        }

        public struct DeliveryChoice: Encodable, Sendable {
            var delivery: String
            var recommended: Choice?
        }

        public struct NamespaceDiagnostic: Encodable, Sendable {
            var namespace: String
            var wouldNeed: Choice?
        }

        var schema = "recsim.sweep/1"
        var sweepID: String
        var scenario: String
        var seeds: [UInt64]
        var bounds: [String: Double]
        var boundsText: String
        var decisionMetric: String
        var decision: String
        var recommended: Choice?
        var points: [Point]
        var perNamespaceDiagnostics: [NamespaceDiagnostic]
        /// In a sweep over delivery models: the shortest safe setting under each (empty otherwise).
        var perDelivery: [DeliveryChoice]
        var report: String?

        public init(_ data: SweepReportData, report: String?) {
            func seconds(_ v: Double) -> Double? { v.isFinite ? v : nil }
            func choice(_ c: SweepChoice) -> Choice {
                Choice(
                    setting: c.setting.label, intervalSeconds: c.setting.interval.seconds,
                    stabilizationSeconds: c.setting.stabilization.seconds, lookbackSeconds: c.setting.lookback?.seconds,
                    delivery: c.setting.delivery?.display, medianTimeToStableSeconds: seconds(c.medianTimeToStable),
                    falseDenyRate: c.falseDenyRate,
                    falseDenyRateByRarity: Dictionary(
                        c.byRarity.map { ($0.rarity, $0.rate) }, uniquingKeysWith: { a, _ in a }))
            }
            let front = Set(SweepAnalysis.paretoFront(data.points))
            sweepID = data.sweepID; scenario = data.scenario; seeds = data.seeds
            bounds = Dictionary(
                data.bounds.entries(rarities: data.rarities).map { ($0.rarity, $0.bound) },
                uniquingKeysWith: { a, _ in a })
            if let otherwise = data.bounds.otherwise { bounds["*"] = otherwise }
            boundsText = data.bounds.description
            decisionMetric = SweepReport.decisionMetric
            decision = SweepReport(data: data).recommendationSentence
            recommended = data.recommendation.overall.map(choice)
            points = data.points.enumerated().map { index, p in
                let stats = p.timeToStableStats
                let c = SweepChoice(
                    setting: p.setting, medianTimeToStable: stats.median, falseDenyRate: p.falseDenyRate,
                    byRarity: p.byRarity)
                return Point(
                    choice: choice(c), seeds: p.seeds, samples: stats.samples, neverStable: stats.neverStable,
                    timeToStableP10Seconds: seconds(stats.p10), timeToStableP90Seconds: seconds(stats.p90),
                    falseDenyFlowsByRarity: Dictionary(
                        p.byRarity.map { ($0.rarity, $0.falseDenyFlows) }, uniquingKeysWith: { a, _ in a }),
                    legitFlowsByRarity: Dictionary(
                        p.byRarity.map { ($0.rarity, $0.legitFlows) }, uniquingKeysWith: { a, _ in a }),
                    missedAttacks: p.missedAttacks, meetsBounds: c.meets(data.bounds), pareto: front.contains(index),
                    lateOrLostFlows: p.lateFlows + p.lostFlows)
            }
            perNamespaceDiagnostics = data.recommendation.perNamespace.map {
                NamespaceDiagnostic(namespace: $0.namespace, wouldNeed: $0.choice.map(choice))
            }
            perDelivery = data.recommendation.perDelivery.map {
                DeliveryChoice(delivery: $0.delivery.display, recommended: $0.choice.map(choice))
            }
            self.report = report
        }
    }

    /// `recsim regress --json`.
    public struct Regress: Encodable, Sendable {
        public struct Case: Encodable, Sendable {
            var kind: String
            var expectation: String
            var location: String
            var outcome: String
            var detail: String
        }

        public struct Scenario: Encodable, Sendable {
            var scenario: String
            var file: String
            var seed: UInt64
            var durationSeconds: Int64
            var fingerprint: String?
            var passed: Bool
            var cases: [Case]
        }

        var schema = "recsim.regress/1"
        var passed: Bool
        var scenarios: [Scenario]
        var skippedWithoutExpect: [String]

        public init(_ results: [ScenarioRegression], skipped: [String]) {
            scenarios = results.map { r in
                Scenario(
                    scenario: r.scenario, file: r.file, seed: r.seed, durationSeconds: r.duration.seconds,
                    fingerprint: r.fingerprint,
                    passed: !r.failed,
                    cases: r.cases.map {
                        Case(
                            kind: $0.kind.rawValue, expectation: $0.expectation, location: $0.location,
                            outcome: $0.outcome == .failed ? "fail" : $0.outcome == .passed ? "pass" : "updated",
                            detail: $0.detail)
                    })
            }
            passed = !results.contains(where: \.failed)
            skippedWithoutExpect = skipped
        }
    }

    /// `recsim capacity --json`: the study and every point's measurement (tick times and peak memory come from the
    /// machine's clock and memory; everything else is deterministic).
    public struct Capacity: Encodable, Sendable {
        var schema = "recsim.capacity/1"
        var studyID: String
        var scenario: String
        var points: [CapacityMeasurement]
        var report: String?

        public init(studyID: String, scenario: String, points: [CapacityMeasurement], report: String?) {
            self.studyID = studyID; self.scenario = scenario
            self.points = points.sorted { $0.point.index < $1.point.index }; self.report = report
        }
    }
}

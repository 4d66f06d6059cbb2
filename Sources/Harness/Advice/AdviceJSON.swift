import Scenario
import Simulation

extension JSONDocument {
    /// `recsim advise --json`.
    public struct Advice: Encodable, Sendable {
        struct Class: Encodable, Sendable {
            var `class`: String
            var patterns: [String]
            var rarity: String
            var shape: String
            var neededSeconds: Int64?
            var uncatchable: String?
        }
        struct Namespace: Encodable, Sendable {
            var namespace: String
            var neededSeconds: Int64
        }
        struct Confirmation: Encodable, Sendable {
            var seeds: [UInt64]
            var durationSeconds: Int64
            var checked: Int
            var missed: Int
            var missRate: Double
            var withinTarget: Bool
            var missedClasses: [String]
        }

        var schema = "recsim.advice/1"
        var scenario: String
        var source: String
        var targetMiss: Double
        var intervalSeconds: Int64
        var stabilizationSeconds: Int64
        var decision: String
        var drivers: [String]
        var classes: [Class]
        var perNamespace: [Namespace]
        var confirmation: Confirmation?
        var scopeFile: String
        var report: String?

        public init(
            scenario: Scenario, source: String, request: AdviceRequest, advice: IntervalAdvice, decision: String,
            confirmation c: AdviceConfirmation?, scopeFile: String, report: String?
        ) {
            self.scenario = scenario.name; self.source = source; targetMiss = request.targetMiss
            intervalSeconds = advice.interval.seconds; stabilizationSeconds = advice.stabilization.seconds
            self.decision = decision
            drivers = advice.drivers.map(\.adviceClass.label)
            classes = advice.requirements.map { r in
                Class(
                    class: r.adviceClass.label, patterns: r.adviceClass.patterns, rarity: r.adviceClass.rarity.rawValue,
                    shape: r.adviceClass.shapeText, neededSeconds: r.needed?.seconds, uncatchable: r.uncatchable)
            }
            perNamespace = advice.perNamespace.map {
                Namespace(namespace: $0.namespace, neededSeconds: $0.stabilization.seconds)
            }
            confirmation = c.map {
                Confirmation(
                    seeds: $0.seeds, durationSeconds: $0.duration.seconds, checked: $0.checked, missed: $0.missed,
                    missRate: $0.missRate, withinTarget: $0.missRate <= request.targetMiss,
                    missedClasses: $0.missedClasses.map(\.label))
            }
            self.scopeFile = scopeFile; self.report = report
        }
    }
}

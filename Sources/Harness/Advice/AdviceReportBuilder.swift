import CalicoModel
import Reporting
import Scenario
import Simulation

/// The chosen setting of an advice and the report's data.
public enum AdviceReportBuilder {
    /// The interval whose answer is the shortest stabilization period (ties: the first interval given).
    public static func chosen(_ advice: [IntervalAdvice]) -> IntervalAdvice? {
        advice.enumerated().min { ($0.element.stabilization, $0.offset) < ($1.element.stabilization, $1.offset) }?
            .element
    }

    /// The `default` PolicyRecommendationScope with the advised interval and stabilization period: the scenario's
    /// scope (or recsim's default) otherwise, enabled.
    public static func scope(_ scenario: Scenario, _ advice: IntervalAdvice) -> PolicyRecommendationScope {
        var scope = scenario.recommendation.scope ?? defaultRunScope
        scope.metadata.name = "default"
        scope.spec.interval = advice.interval.goString
        scope.spec.stabilizationPeriod = advice.stabilization.goString
        if scope.spec.initialLookback == nil { scope.spec.initialLookback = SimDuration.hours(24).goString }
        var ns = scope.spec.namespaceSpec ?? .init(selector: defaultRunScope.spec.namespaceSpec!.selector)
        ns.recStatus = .enabled
        scope.spec.namespaceSpec = ns
        return scope
    }

    static func needText(_ r: ClassRequirement) -> String {
        r.needed.map { "≥ \($0.compact)" } ?? "–"
    }

    public static func build(
        scenario: Scenario, source: String, request: AdviceRequest, advice: [IntervalAdvice],
        confirmation: AdviceConfirmation?, scopeYAML: String, scopeFile: String
    ) -> AdviceReportData {
        let chosen = Self.chosen(advice)!
        let catchable = chosen.requirements.filter { $0.needed != nil }.count
        let uncatchable = chosen.uncatchable
        var decision =
            "Cluster-wide: interval \(chosen.interval.compact), stabilizationPeriod \(chosen.stabilization.compact) — each of the \(catchable) catchable classes is learned before its namespace first becomes Stable with probability ≥ \(Format.rate(1 - request.targetMiss)) (closed form)."
        if !uncatchable.isEmpty {
            decision += " \(uncatchable.count) class\(uncatchable.count == 1 ? "" : "es") no setting catches (below)."
        }
        let drivers = chosen.drivers.map { r in
            "\(r.adviceClass.label): \(r.adviceClass.shapeText), needs \(needText(r))"
        }
        let missed = confirmation.map { c in
            AdviceReportData.Confirmation(
                setting: "interval \(c.interval.compact), stabilizationPeriod \(c.stabilization.compact)",
                seeds: c.seeds.map(String.init).joined(separator: ","), duration: c.duration.compact,
                checked: c.checked,
                missed: c.missed, missRate: c.missRate, withinTarget: c.missRate <= request.targetMiss,
                missedClasses: c.missedClasses.map {
                    "\($0.label) (seed \($0.seeds.map(String.init).joined(separator: ",")))"
                })
        }
        return AdviceReportData(
            scenario: scenario.name, source: source, targetMiss: request.targetMiss, decision: decision,
            drivers: drivers,
            uncatchable: uncatchable.map { "\($0.adviceClass.label): \($0.uncatchable!)" },
            intervals: advice.map { a in
                [
                    a.interval.compact, a.stabilization.compact,
                    a.drivers.map(\.adviceClass.label).joined(separator: "; "),
                ]
            },
            perNamespace: chosen.perNamespace.map { [$0.namespace, "≥ \($0.stabilization.compact)"] },
            classes: chosen.requirements.map { r in
                [
                    r.adviceClass.label, r.adviceClass.shapeText, r.needed.map { "≥ \($0.compact)" } ?? "never",
                    r.needed == nil
                        ? "–"
                        : Format.rate(
                            r.adviceClass.missProbability(
                                window: chosen.stabilization - chosen.interval - scenario.flowLogs.flushInterval)),
                ]
            },
            confirmation: missed, scopeYAML: scopeYAML, scopeFile: scopeFile)
    }
}

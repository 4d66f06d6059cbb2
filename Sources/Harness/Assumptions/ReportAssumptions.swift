import RecommendationEngine
import Reporting
import ResultStore

/// The assumption registry as reports print it.
enum ReportAssumptions {
    /// Every assumption with its value in `settings`, and the engine's warnings.
    static func block(_ settings: RunSettings) -> AssumptionsBlock {
        block(settings.assumptions, warnings: settings.warnings)
    }

    static func block(_ assumptions: Assumptions, warnings: [String] = []) -> AssumptionsBlock {
        AssumptionsBlock(
            assumptions: Assumptions.registry.map { info in
                ReportAssumption(
                    id: info.id.rawValue, value: assumptions.value(of: info.id), defaultValue: info.defaultValue,
                    spec: "\(info.spec) (\(info.tag))", summary: info.summary)
            }, warnings: warnings)
    }
}

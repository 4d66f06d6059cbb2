import ArgumentParser
import CalicoModel
import Foundation
import Harness
import RecommendationEngine
import Simulation
import TrafficGeneration

/// Options shared by commands that run scenarios.
struct ScenarioRunOptions: ParsableArguments {
    @Option(help: "Run seed (default: the scenario's `seed`).") var seed: UInt64?
    @Option(help: "A PolicyRecommendationScope YAML file replacing the scenario's scope.") var scope: String?
    @Option(help: "Simulate this many days instead of the scenario's duration.") var days: Double?
    @Option(
        help:
            "What empty scope fields mean: `engine` (10m/24h/5m, the current engine's fallbacks) or `docs` (150s/24h/10m)."
    )
    var defaults: DefaultsProfile = .engine
    @Flag(help: "Spec-intended (off by default): contract egress domain rules into a NetworkSet above maxRules.")
    var specIntendedMaxRules = false
    @Flag(
        help: "Spec-intended (off by default): stop adding recommendations at policiesLearningCutOff learning policies."
    )
    var specIntendedLearningCutoff = false

    enum DefaultsProfile: String, ExpressibleByArgument, CaseIterable { case engine, docs }

    func validate() throws {
        if let days { _ = try SimulatedDays.duration(days) }
    }

    func runOptions() throws -> RunOptions {
        var o = RunOptions(
            seed: seed, defaults: defaults == .docs ? .docs : .engine,
            specIntended: SpecIntendedOptions(
                contractDomainsAboveMaxRules: specIntendedMaxRules,
                enforceLearningCutOff: specIntendedLearningCutoff))
        o.duration = try days.map { d throws(ValidationError) in try SimulatedDays.duration(d) }
        if let scope { o.scope = try ScopeFile.load(scope) }
        return o
    }
}

enum ScopeFile {
    /// Reads the first PolicyRecommendationScope of a YAML file.
    static func load(_ path: String) throws -> PolicyRecommendationScope {
        let text: String
        do { text = try TextFile.read(path) } catch { throw ValidationError("scope file \(error.description)") }
        for r in try ResourceYAML.decode(text, file: path) {
            if case .scope(let s) = r.resource { return s }
        }
        throw ValidationError("\(path): no PolicyRecommendationScope document found")
    }
}

import Foundation
import RecommendationEngine
import ResultStore
import Scenario
import Simulation
import TrafficGeneration

/// Why a regression suite could not start: every problem found while loading, each naming its file and line.
public struct RegressInputError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public init(_ problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "\n") }
}

/// One scenario with its checked expectations and golden texts, ready to run.
public struct RegressEntry: Sendable {
    public var scenario: Scenario
    public var expectations: Expectations
    /// Golden policy texts by namespace, read while loading.
    public var golden: [String: String]
    /// `--assume` values replacing the scenario's own.
    public var assumptions = AssumptionOverrides()

    public var seed: UInt64 { expectations.seed ?? scenario.seed }
    public var duration: SimDuration { expectations.duration ?? scenario.duration }
    public var runOptions: RunOptions {
        RunOptions(seed: expectations.seed, duration: expectations.duration, assumptions: assumptions)
    }
    /// The assumptions the run rests on: the scenario's, with `assumptions` in their place.
    public var effectiveAssumptions: Assumptions { assumptions.applied(to: scenario.recommendation.assumptions) }
    /// Flow-log windows the run simulates (a progress measure).
    public var windows: Int { max(1, Int(duration.seconds / max(1, scenario.flowLogs.flushInterval.seconds))) }

    /// Runs the scenario and judges it. Never throws: a run that fails is a failed `run` case.
    /// `progress` receives the fraction done (0…1).
    public func run(update: Bool, progress: ((Double) -> Void)? = nil) -> ScenarioRegression {
        var regression = ScenarioRegression(
            scenario: scenario.name, file: scenario.file, seed: seed, duration: duration,
            fingerprint: nil, cases: [], goldenPolicies: nil)
        let settings = ScenarioRunner(scenario: scenario, options: runOptions).settings(
            for: scenario.recommendation.scope ?? defaultRunScope)
        regression.delivery =
            "delivery \(settings.flowLogs.deliveryDescription), engine faults \(settings.faults ?? "none")"
        do {
            // Statuses at times are read off the stored versions: an in-memory store, gone with this call.
            let store = expectations.statuses.isEmpty ? nil : try ResultStore(path: ":memory:")
            let result = try ScenarioRunner(scenario: scenario, options: runOptions).run(
                store: store, progress: progress)
            let versions = try store.map { s throws(StoreError) in try s.recommendations(run: result.runID!) } ?? []
            let policies = try expectations.policies.map { _ in
                try GoldenPolicies.render(recommendations: result.recommendations, enforced: result.enforcedPolicies)
                    .map { GoldenFile(namespace: $0.namespace, text: $0.text) }
            }
            let evaluation = ExpectationEvaluation(
                expectations: expectations, scenarioFile: scenario.file, start: scenario.start,
                golden: golden, update: update)
            regression.fingerprint = result.fingerprint
            regression.goldenPolicies = policies
            regression.cases = evaluation.cases(result: result, versions: versions, policies: policies)
        } catch {
            regression.cases = [
                RegressCase(
                    kind: .run, expectation: "run", location: scenario.file, outcome: .failed,
                    detail: "the scenario could not run: \(error)")
            ]
        }
        return regression
    }
}

/// The scenarios of a regression suite, loaded and checked before anything runs.
public struct RegressSuite: Sendable {
    public var entries: [RegressEntry]
    /// Scenario files in the given folders that have no `expect:` block (passed over).
    public var skipped: [String]

    /// Loads every scenario under `paths` (files, or folders whose `*.yaml` files are read, not recursively), sorted
    /// by path. A folder's files without `expect:` are skipped; a named file without one is an error. Every
    /// scenario, expect block and golden folder is checked; all problems are reported together.
    public static func load(
        paths: [String], filter: String? = nil, update: Bool = false
    ) throws(RegressInputError) -> RegressSuite {
        var problems: [String] = []
        var files: [(path: String, named: Bool)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append("\(path): no such file or folder"); continue
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                for n in names where n.hasSuffix(".yaml") || n.hasSuffix(".yml") {
                    files.append(((path as NSString).appendingPathComponent(n), false))
                }
            } else {
                files.append((path, true))
            }
        }
        var seen = Set<String>()
        files = files.sorted { $0.path < $1.path }.filter { seen.insert($0.path).inserted }
        if let filter { files = files.filter { $0.path.contains(filter) } }

        var entries: [RegressEntry] = [], skipped: [String] = []
        var names: [String: String] = [:]
        for (path, named) in files {
            do {
                let scenario = try Scenario.load(path: path)
                guard let expectations = try Expectations.parse(scenario) else {
                    if named {
                        problems.append("\(path): no expect: block; expected one (see docs/regress.md)")
                    } else {
                        skipped.append(path)
                    }
                    continue
                }
                if let other = names.updateValue(path, forKey: scenario.name) {
                    problems.append(
                        "\(path): scenario name \"\(scenario.name)\" is also used by \(other); expected unique names")
                }
                let golden =
                    try expectations.policies.map { f throws(ScenarioError) in
                        try GoldenPolicies.load(f, scenarioFile: path, allowMissing: update)
                    } ?? [:]
                entries.append(RegressEntry(scenario: scenario, expectations: expectations, golden: golden))
            } catch {
                problems.append(error.description)
            }
        }
        if problems.isEmpty && entries.isEmpty {
            let what = filter.map { " matching \"\($0)\"" } ?? ""
            problems.append("no scenario with an expect: block\(what) in \(paths.joined(separator: ", "))")
        }
        if !problems.isEmpty { throw RegressInputError(problems) }
        return RegressSuite(entries: entries, skipped: skipped)
    }

    /// Runs every scenario, at most `jobs` at a time; results come back in suite order whatever `jobs` is.
    /// `progress` receives (entry index, fraction done of that entry), possibly from several tasks at once.
    public func run(
        jobs: Int, update: Bool, progress: (@Sendable (Int, Double) -> Void)? = nil
    ) async -> [ScenarioRegression] {
        precondition(jobs >= 1, "jobs must be at least 1")
        var results = [ScenarioRegression?](repeating: nil, count: entries.count)
        await withTaskGroup(of: (Int, ScenarioRegression).self) { group in
            var next = 0
            func start(_ i: Int) {
                let entry = entries[i]
                group.addTask { (i, entry.run(update: update) { f in progress?(i, f) }) }
            }
            while next < min(jobs, entries.count) { start(next); next += 1 }
            for await (i, r) in group {
                results[i] = r
                if next < entries.count { start(next); next += 1 }
            }
        }
        return results.map { $0! }
    }

    /// With `--update`: rewrites the golden folders of the scenarios that ran; returns the files written and removed.
    public func updateGolden(_ results: [ScenarioRegression]) throws -> [String] {
        var changed: [String] = []
        for (entry, result) in zip(entries, results) {
            guard let folder = entry.expectations.policies, let files = result.goldenPolicies else { continue }
            let r = try GoldenPolicies.write(files.map { ($0.namespace, $0.text) }, to: folder.resolved)
            changed += r.written + r.removed
        }
        return changed
    }
}

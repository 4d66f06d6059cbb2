import ArgumentParser
import CalicoModel
import Foundation
import Harness
import RecommendationEngine

/// `recsim regress PATH… [--junit FILE] [--update] [--jobs N] [--filter SUBSTRING]`: run scenarios' `expect:` blocks.
struct RegressCommand: AsyncParsableCommand, Interruptible {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract:
            "Run the scenarios' expect: blocks (metric bounds, statuses at times, golden policies) as a regression suite.",
        discussion: """
            PATH is a scenario file or a folder (its *.yaml files with an expect: block, sorted by path; not recursive). \
            Every scenario and expect block is loaded and checked before anything runs. Prints the seed of each run, a \
            table `scenario | expectation | result | detail` and `N passed, M failed`. Exit 0 when all pass, 1 when any \
            fails, 2 on bad scenario input. The format is in docs/regress.md.
            """)

    @Argument(help: "Scenario files or folders.") var paths: [String]
    @Option(help: "Write JUnit XML here.") var junit: String?
    @Flag(help: "Rewrite the golden policy files with this run's policies (after a deliberate change).") var update =
        false
    @Option(help: "Simulations to run in parallel (results do not depend on it).") var jobs = 1
    @Option(help: "Only scenario files whose path contains this.") var filter: String?
    @Option(
        name: .customLong("assume"),
        help: ArgumentHelp(
            "Set one of the engine model's assumptions in every scenario, ID=VALUE (repeatable; `recsim assumptions`).",
            valueName: "id=value"))
    var assume: [String] = []
    @Flag(
        help: "Print the verdicts as one JSON document (docs/json-output.md) instead of the table; seeds go to stderr.")
    var json = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one scenario file or folder") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let filter, filter.isEmpty { throw ValidationError("--filter must not be empty") }
        _ = try overrides()
        if let junit {
            if junit.isEmpty || junit.hasSuffix("/") {
                throw ValidationError("--junit needs a file name, got \"\(junit)\"")
            }
            let folder = (junit as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            if !folder.isEmpty,
                !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue)
            {
                throw ValidationError("--junit \(junit): folder \(folder) does not exist")
            }
        }
    }

    func overrides() throws -> AssumptionOverrides {
        do { return try AssumptionOverrides(parsing: assume) } catch {
            throw ValidationError("--assume: \(error.message)")
        }
    }

    func run() async throws {
        var suite: RegressSuite
        do { suite = try RegressSuite.load(paths: paths, filter: filter, update: update) } catch {
            for p in error.problems { StandardError.write("error: \(p)") }
            throw ExitCode(2)
        }
        let overrides = try overrides()
        for i in suite.entries.indices { suite.entries[i].assumptions = overrides }
        let say: (String) -> Void = json ? { StandardError.write($0) } : { print($0) }
        for e in suite.entries {
            let label = e.effectiveAssumptions.label
            say(
                "seed: \(e.seed)  \(e.scenario.name) (\(e.scenario.file), \(e.duration.compact))"
                    + (label.isEmpty ? "" : "  assuming \(label)"))
        }
        if !suite.skipped.isEmpty {
            say("skipped \(suite.skipped.count) without expect: \(suite.skipped.joined(separator: ", "))")
        }

        let progress = SuiteProgress(ProgressBar("regress: windows"), windows: suite.entries.map(\.windows))
        let results = await suite.run(jobs: jobs, update: update) { progress.update(entry: $0, fraction: $1) }
        if !json { print(RegressReport.table(results)) }
        if update { for f in try suite.updateGolden(results) { say("updated \(f)") } }
        if let junit {
            if let problem = OutputPath.problem(junit) {
                throw ValidationError("--junit \(junit): cannot write: \(problem)")
            }
            try Data(RegressReport.junit(results).xml().utf8).write(to: URL(fileURLWithPath: junit), options: .atomic)
            say("junit: \(junit)")
        }
        if json {
            print(try JSONDocument.encode(JSONDocument.Regress(results, skipped: suite.skipped)), terminator: "")
        } else {
            print(RegressReport.summary(results, skipped: suite.skipped.count))
        }
        if results.contains(where: \.failed) { throw ExitCode(1) }
    }
}

/// Sums the progress of scenarios running in parallel into one bar, in flow-log windows simulated.
final class SuiteProgress: @unchecked Sendable {
    private let bar: ProgressBar
    private let lock = NSLock()
    private let windows: [Int]
    private var fractions: [Double]

    init(_ bar: ProgressBar, windows: [Int]) {
        self.bar = bar; self.windows = windows; fractions = Array(repeating: 0, count: windows.count)
    }

    func update(entry: Int, fraction: Double) {
        lock.lock(); defer { lock.unlock() }
        fractions[entry] = fraction
        let done = zip(fractions, windows).map { Int(($0 * Double($1)).rounded(.down)) }.reduce(0, +)
        bar.update(done: done, total: windows.reduce(0, +))
    }
}

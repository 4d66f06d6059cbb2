import ArgumentParser
import Foundation
import ResultStore

/// `recsim merge`: combine shard databases of one sweep or capacity study.
struct MergeCommand: ParsableCommand, Interruptible {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge shard databases into one (idempotent; refuses other schema versions and other sweeps).")

    @Argument(help: "Output database (created if missing).") var output: String
    @Argument(help: "Shard databases.") var inputs: [String]

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one input database") }
        for i in inputs where !FileManager.default.fileExists(atPath: i) { throw ValidationError("no such file: \(i)") }
        if inputs.contains(output) { throw ValidationError("the output \(output) is also an input") }
    }

    func run() throws {
        let summary = try ResultStore.merge(into: output, from: inputs)
        for i in summary.inputs { print("\(i.path): \(i.runs) runs, \(i.added) added") }
        print(
            "merged into \(output): \(summary.addedRunIDs.count) runs added, \(summary.skippedDuplicates) already present"
                + (summary.sweepID.map { ", sweep \($0)" } ?? ""))
        for k in summary.fingerprintMismatches {
            StandardError.write(
                "warning: run \(k.scenario) seed \(k.seed) exists with a different fingerprint; kept the first")
        }
    }
}

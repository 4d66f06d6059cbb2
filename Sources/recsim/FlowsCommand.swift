import ArgumentParser
import CalicoModel
import Simulation
import TrafficGeneration

/// `recsim flows`: work with flow-log files.
struct FlowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows", abstract: "Work with Calico flow-log files.", subcommands: [Import.self])

    /// `recsim flows import`: read real Calico flow logs, report problems, optionally write them normalised.
    struct Import: ParsableCommand, Interruptible {
        static let configuration = CommandConfiguration(
            abstract: "Read Calico flow logs (JSON lines, Enterprise format, legacy or modern policy names).",
            discussion: """
                Reads flat flow-log lines as Felix writes them, Elasticsearch hits one per line \
                ({"_index":…,"_source":{record}}, as dump tools write them) and one-line `_search` or scroll \
                responses ({"hits":{"hits":[…]}}; pretty-printed responses need `jq -c` first), and Linseed's \
                aggregated L3Flows ({"key":{…},…} one per line, or a flow list page {"items":[…]}; they carry no \
                time, so give --l3flow-window), told apart line by line. Fails on the first malformed record (naming its line, and its hit in a response) unless \
                --skip-invalid is given. The same formats are read by `recommend --flows`, `evaluate` and replay.
                """)

        @Argument(help: "Flow-log file (JSON lines: flat records, Elasticsearch hits or _search responses).")
        var file: String
        @Flag(help: "Skip malformed lines and count them instead of failing.") var skipInvalid = false
        @Option(name: .long, help: "Write the normalised records here (JSON lines).") var out: String?
        @OptionGroup var l3Flow: L3FlowWindowOption

        func run() throws {
            let writer = try out.map { try AtomicLineWriter(path: $0) }
            let summary: FlowImportSummary
            do {
                summary = try FlowLogImport.read(
                    path: file, skipInvalid: skipInvalid, l3FlowWindow: try l3Flow.parsed()
                ) {
                    writer?.write(line: $0.jsonLine)
                }
            } catch let e as FlowLogParseError {
                throw ImportFailure(description: "\(e.description)\n(use --skip-invalid to skip malformed lines)")
            }
            try writer?.commit()
            if let format = summary.format { print("format: \(format.rawValue)") }
            print("records: \(summary.records)")
            print("skipped: \(summary.skipped)")
            for e in summary.skippedErrors { print("  \(e.description)") }
            if let a = summary.firstStart, let b = summary.lastEnd {
                print("time range: \(SimInstant(unixSeconds: a).rfc3339) .. \(SimInstant(unixSeconds: b).rfc3339)")
            }
            // A real export can name hundreds of namespaces: the first 20, then how many more.
            let shown = summary.namespaces.prefix(20).joined(separator: ", ")
            let more = summary.namespaces.count > 20 ? " and \(summary.namespaces.count - 20) more" : ""
            print("namespaces (\(summary.namespaces.count)): \(shown)\(more)")
            if let out { print("wrote \(out)") }
        }
    }
}

/// A malformed flow-log line: printed as is, exit status 1 (not a usage error).
struct ImportFailure: Error, CustomStringConvertible {
    var description: String
}

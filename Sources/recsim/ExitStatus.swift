import ArgumentParser
import CalicoModel
import Foundation
import Harness
import PolicyEvaluation
import ResultStore
import Scenario
import Simulation
import TrafficGeneration

/// recsim's exit statuses: one convention for every command (README, "Exit statuses").
///
/// A CI job can tell "the answer is no" (1) from "the question was malformed" (2) and "the machine failed" (3).
enum ExitStatus: Int32, CaseIterable {
    /// The command did what was asked.
    case success = 0
    /// The command ran, and its answer is negative: a regression expectation failed, no sweep setting meets the bounds.
    case checkFailed = 1
    /// What the user gave is wrong: an unknown flag, a bad value, a missing or unreadable input file, a malformed
    /// scenario, flow log, manifest or database. The message names the flag or the file, line and field.
    case badInput = 2
    /// The command could not finish for another reason: an output that cannot be written (disk full, permissions),
    /// a database I/O error, an internal failure.
    case failed = 3

    /// The status for an error thrown out of a command.
    static func of(_ error: any Error) -> ExitStatus {
        switch error {
        case is ValidationError, is ScenarioError, is FlowLogParseError, is LineReader.OpenError,
            is ResourceDecodeError,
            is SelectorParseError, is DurationParseError, is GridError, is RegressInputError, is CapacityError,
            is PolicySetError, is EndpointRebuildError, is ImportFailure, is TextFile.ReadError,
            is YAMLInputGuard.Violation,
            is SelectorLiteral.Unrepresentable, is InputLimits.LimitError:
            return .badInput
        case let e as EvaluateError:
            // `.io` covers unreadable inputs and unwritable outputs; only the latter are the machine's fault.
            if case .io(_, let message) = e, message.hasPrefix("cannot write") || message.hasPrefix("cannot replace") {
                return .failed
            }
            return .badInput
        case let e as StoreError:
            switch e.kind {
            case .open, .prepare, .step: return .failed
            case .schemaTooNew, .schemaMismatch, .unknownRun, .corruptValue, .corruptFile, .sweepConflict:
                return .badInput
            case .interrupted: return .failed
            }
        case let e as CocoaError:
            return e.isFileError && !Self.isWriteError(e) ? .badInput : .failed
        default:
            return .failed
        }
    }

    private static func isWriteError(_ e: CocoaError) -> Bool {
        [
            .fileWriteUnknown, .fileWriteNoPermission, .fileWriteOutOfSpace, .fileWriteVolumeReadOnly,
            .fileWriteInvalidFileName,
            .fileWriteFileExists, .fileLocking,
        ].contains(e.code)
    }
}

extension Recsim {
    /// Runs the command; errors end the process with the status of `ExitStatus` and one `error:` line on stderr.
    /// Help, `--version` and explicit `ExitCode`s behave as ArgumentParser defines them.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            // Help and --version (status 0) keep ArgumentParser's handling; every other parse or `validate()`
            // failure is a usage error: ArgumentParser's message with the usage line, status 2.
            if exitCode(for: error) == .success { exit(withError: error) }
            StandardError.write(fullMessage(for: error))
            Foundation.exit(ExitStatus.badInput.rawValue)
        }
        if command is Interruptible { SignalHandling.install() }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // A status the command chose itself (after printing its own message), and help requested through
            // `recsim help` or `--help` (ArgumentParser reports those from `run()`), keep ArgumentParser's handling.
            if error is ExitCode || exitCode(for: error) == .success { exit(withError: error) }
            if let stop = error as? Interrupted ?? Interruption.requested.map({ Interrupted(signal: $0) }) {
                // Stopped on request: whatever error the stop surfaced as, say so and exit as the signal would.
                StandardError.write("error: \(error is Interrupted ? "\(error)" : "\(stop): \(error)")")
                Foundation.exit(stop.exitStatus)
            }
            StandardError.write("error: \(error)")
            Foundation.exit(ExitStatus.of(error).rawValue)
        }
    }
}

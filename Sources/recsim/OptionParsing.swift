import ArgumentParser
import Foundation
import Reporting

/// Option values parsed the same way by every command that takes them.
enum OptionParsing {
    /// `--max-false-deny` (sweep, report --sweep); the default bounds when absent.
    static func falseDenyBounds(_ text: String?) throws -> FalseDenyBounds {
        guard let text else { return .standard }
        do { return try FalseDenyBounds(parsing: text) } catch { throw ValidationError(error.description) }
    }

    /// `--project` (capacity, report --capacity): namespace counts; none when absent.
    static func projectionTargets(_ text: String?) throws -> [Int] {
        guard let text else { return [] }
        return try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            let t = item.trimmingCharacters(in: .whitespaces)
            guard let n = Int(t), n >= 1, n <= 1_000_000 else {
                throw ValidationError(
                    "--project: expected comma-separated namespace counts in 1...1000000, got \"\(t)\" in \"\(text)\"")
            }
            return n
        }
    }
}

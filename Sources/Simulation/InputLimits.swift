/// The ranges recsim accepts for numbers read from input (scenario files, command-line options). Every limit
/// is far beyond what a real cluster or study needs, and close enough that the work it allows finishes and
/// arithmetic on it cannot overflow. docs/input-limits.md lists them; errors name the limit they hit.
public enum InputLimits {
    /// Longest duration any parser accepts: 100 years. Beyond it, seconds arithmetic could overflow.
    public static let maxDurationSeconds: Int64 = 100 * 365 * 86_400
    /// Longest simulated run (a scenario's `duration`, `--days`): 400 days.
    public static let maxSimulatedDays = 400
    /// Highest `rate` of a traffic pattern, in connections per hour (about 28 per second).
    public static let maxRatePerHour = 100_000.0
    /// Most replicas of one workload.
    public static let maxReplicas = 1_000
    /// Most connections of one periodic or burst event.
    public static let maxConnectionsPerEvent = 1_000_000

    /// A simulated length of `days` days, or why not (not finite, not positive, above `maxSimulatedDays`).
    public static func simulatedDuration(days: Double) -> Result<SimDuration, LimitError> {
        guard days.isFinite, days > 0 else {
            return .failure(LimitError("expected a positive number of days, got \(days)"))
        }
        guard days <= Double(maxSimulatedDays) else {
            return .failure(LimitError("expected at most \(maxSimulatedDays) days, got \(days)"))
        }
        return .success(SimDuration(seconds: Int64((days * 86_400).rounded())))
    }

    /// A value outside its limit.
    public struct LimitError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }
}

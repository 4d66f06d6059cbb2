import ArgumentParser
import Simulation

/// `--days` of every command: a positive, finite number of days up to `InputLimits.maxSimulatedDays`.
enum SimulatedDays {
    static func duration(_ days: Double) throws(ValidationError) -> SimDuration {
        switch InputLimits.simulatedDuration(days: days) {
        case .success(let d): return d
        case .failure(let e): throw ValidationError("--days: \(e.description)")
        }
    }
}

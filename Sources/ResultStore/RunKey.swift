/// What makes two runs "the same run": sweep, scenario, settings and seed — never the row id or the shard.
///
/// A sweep point run by shard 3 of 8 and the same point run by an unsharded sweep are the same run (same
/// seed and settings give the same rows), so the shard is stored but is not part of the identity. Merges
/// use the key to skip runs they already hold and to order new runs canonically.
public struct RunKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var sweepID: String?
    public var scenario: String
    /// The settings JSON text as stored (callers encode it canonically, so equal settings are equal text).
    public var settingsJSON: String
    public var seed: UInt64

    public init(sweepID: String?, scenario: String, settingsJSON: String, seed: UInt64) {
        self.sweepID = sweepID; self.scenario = scenario; self.settingsJSON = settingsJSON; self.seed = seed
    }

    /// Canonical order: scenario, settings text (byte order), seed (unsigned), then sweep id (none first).
    public static func < (a: RunKey, b: RunKey) -> Bool {
        if a.scenario != b.scenario { return a.scenario.utf8.lexicographicallyPrecedes(b.scenario.utf8) }
        if a.settingsJSON != b.settingsJSON {
            return a.settingsJSON.utf8.lexicographicallyPrecedes(b.settingsJSON.utf8)
        }
        if a.seed != b.seed { return a.seed < b.seed }
        switch (a.sweepID, b.sweepID) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (x?, y?): return x.utf8.lexicographicallyPrecedes(y.utf8)
        }
    }

    public var description: String {
        "\(scenario) seed \(seed) settings \(settingsJSON)" + (sweepID.map { " sweep \($0)" } ?? "")
    }
}

extension RunInfo {
    /// The run's identity for merges (see `RunKey`).
    public var key: RunKey { RunKey(sweepID: sweepID, scenario: scenario, settingsJSON: settingsJSON, seed: seed) }
}

/// Salts of the per-pattern random streams, `SplitMix64.subSeed(pattern seed, salt, index)`: one salt per use, so no
/// two uses draw from the same stream unless they are meant to. Changing a value changes every generated flow log.
enum StreamSalt {
    /// Rate patterns (steady, diurnal, bursty): one stream per flush window (index = window number).
    static let rateWindow: UInt64 = 0x57
    /// `once` patterns: the one firing's connections (index 0).
    static let onceFiring: UInt64 = 0x0E
    /// `periodic` patterns, per period k: the firing time's jitter is the stream's first draw — taken when the firing
    /// is scheduled and taken again (to skip it) when it fires — and the firing's connections follow on the same stream.
    static let periodicFiring: UInt64 = 0x9E
    /// Bursty patterns, per cycle k: the jitter of the burst's start when measuring on-time in a span.
    static let burstJitter: UInt64 = 0xB5
}

import Simulation

/// The verdict on one expectation of one scenario.
public struct RegressCase: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case metric, status, policy, run }
    public enum Outcome: String, Sendable, Hashable {
        case passed = "pass"
        case failed = "FAIL"
        /// `--update` rewrote (or created, or removed) the golden file.
        case updated
    }
    public var kind: Kind
    /// The expectation as a reader knows it: `falseDeny.weekly <= 0`, `status shop at 1h: Stable`, `policies shop`.
    public var expectation: String
    /// Where it is written (`file:line`).
    public var location: String
    public var outcome: Outcome
    /// The value seen when passed; the first difference when failed.
    public var detail: String

    public init(kind: Kind, expectation: String, location: String, outcome: Outcome, detail: String) {
        self.kind = kind; self.expectation = expectation; self.location = location; self.outcome = outcome;
        self.detail = detail
    }

    public var failed: Bool { outcome == .failed }
}

/// The regression run of one scenario and the verdicts on its expectations, in the order written.
public struct ScenarioRegression: Sendable, Hashable {
    public var scenario: String
    public var file: String
    public var seed: UInt64
    public var duration: SimDuration
    /// Fingerprint of the run; nil when it could not run.
    public var fingerprint: String?
    public var cases: [RegressCase]
    /// The end-of-run policies as golden files (namespace, normalised text), for `--update`; nil when the
    /// scenario has no `policies:` expectation or did not run.
    public var goldenPolicies: [GoldenFile]?
    /// The delivery model and engine faults the run had (`RunSettings.FlowLogs.deliveryDescription`, faults).
    public var delivery = ""

    public var failed: Bool { cases.contains(where: \.failed) }
}

/// One golden policy file's content.
public struct GoldenFile: Sendable, Hashable {
    public var namespace: String
    public var text: String
    public init(namespace: String, text: String) { self.namespace = namespace; self.text = text }
}

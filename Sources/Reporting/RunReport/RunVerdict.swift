/// The answer a run report opens with: per namespace, would enforcing its recommendation when it first became
/// `Stable` have been safe, and if not, which traffic would it have denied.
///
/// The measure is the version **frozen at the first Stable moment** (what an operator who enforces at Stable gets;
/// an enforced policy no longer learns), evaluated against every legit flow from then to the end of the run
/// (`falseDenyAtStable.*`). "Learned at" says when the staged policy, left learning, first allowed the class after
/// its last denial: how long one would have had to wait.
public struct RunVerdict: Sendable, Hashable {
    /// A traffic light.
    public enum Light: String, Sendable, Hashable, CaseIterable {
        /// Stable; the frozen version denies no legit flow and the recommendation allowed no attack.
        case green
        /// No legit flow denied, but attack traffic allowed, or the namespace never became Stable (nothing to enforce).
        case amber
        /// Enforcing at Stable would have denied legitimate traffic.
        case red

        public var symbol: String {
            switch self {
            case .green: "SAFE"
            case .amber: "CHECK"
            case .red: "UNSAFE"
            }
        }

        public var color: String {
            switch self {
            case .green: "#2e7d32"
            case .amber: "#b26a00"
            case .red: "#c62828"
            }
        }
    }

    public struct Namespace: Sendable, Hashable {
        public var namespace: String
        public var light: Light
        public var sentence: String
        /// Legit flows the version frozen at Stable denies.
        public var deniedFlows: Int
        public var missedAttackFlows: Int
        public var becameStable: Bool
    }

    /// One sentence over all namespaces.
    public var headline: String
    public var namespaces: [Namespace]
    /// The traffic behind the red and amber answers, worst first (at most `worstLimit` per namespace).
    public var worst: [ClassFinding]

    public static let worstLimit = 5

    public init(_ data: RunReportData) {
        let duration = data.run.virtualEnd - data.run.virtualStart
        var rows: [Namespace] = []
        var worst: [ClassFinding] = []
        for ns in data.namespaces {
            let findings = data.classFindings.filter { $0.namespace == ns.namespace }
            let denied = findings.filter { $0.atStableDeniedFlows > 0 }.sorted(by: ClassFinding.worseDenial)
            let missed = findings.filter { $0.missedFlows > 0 }.sorted {
                ($1.missedFlows, $0.label) < ($0.missedFlows, $1.label)
            }
            let deniedFlows = ns.falseDeniesAtStable.values.reduce(0, +)
            let light: Light
            var sentence: String
            if let stable = ns.timeToStable {
                let when = "when it became Stable (\(Format.duration(seconds: stable)) into the run)"
                if deniedFlows > 0 {
                    light = .red
                    sentence =
                        "Enforcing \(ns.namespace) \(when) would have denied \(Format.count(deniedFlows)) legitimate "
                        + "flow\(deniedFlows == 1 ? "" : "s") in \(denied.count) traffic class\(denied.count == 1 ? "" : "es")"
                    if let w = denied.first {
                        sentence +=
                            "; worst: \(w.label) (\(w.rarity)), \(Format.count(w.atStableDeniedFlows)) flow\(w.atStableDeniedFlows == 1 ? "" : "s")"
                        if let first = w.atStableFirstDenied { sentence += " from \(Format.duration(seconds: first))" }
                        sentence += w.learnedPhrase
                    }
                    sentence += "."
                } else {
                    light = ns.missedAttacks == 0 ? .green : .amber
                    sentence =
                        "Enforcing \(ns.namespace) \(when) would have denied no legitimate flow in the remaining "
                        + "\(Format.duration(seconds: max(0, duration - stable)))."
                }
            } else {
                light = .amber
                sentence =
                    "\(ns.namespace) never became Stable in \(Format.duration(seconds: duration)): there was no ready policy to enforce."
            }
            if ns.missedAttacks > 0 {
                let total = ns.missedAttacks
                sentence +=
                    " The recommendation allowed \(Format.count(total)) attack flow\(total == 1 ? "" : "s")"
                    + (missed.first.map { " (\(missed.count) class\(missed.count == 1 ? "" : "es"), e.g. \($0.label))" }
                        ?? "") + "."
            }
            rows.append(
                Namespace(
                    namespace: ns.namespace, light: light, sentence: sentence, deniedFlows: deniedFlows,
                    missedAttackFlows: ns.missedAttacks, becameStable: ns.timeToStable != nil))
            worst += denied.prefix(Self.worstLimit)
            worst += missed.prefix(Self.worstLimit)
        }
        namespaces = rows
        self.worst = worst
        headline = Self.headline(rows)
    }

    static func headline(_ rows: [Namespace]) -> String {
        guard !rows.isEmpty else { return "No namespace was in the recommendation scope." }
        let red = rows.filter { $0.light == .red }.sorted {
            ($1.deniedFlows, $0.namespace) < ($0.deniedFlows, $1.namespace)
        }
        let neverStable = rows.filter { !$0.becameStable }
        let attacks = rows.filter { $0.missedAttackFlows > 0 }
        var out: String
        if red.isEmpty {
            out = "Enforcing each recommendation when it became Stable would have denied no legitimate traffic"
            out +=
                neverStable.isEmpty
                ? " in any of the \(rows.count) namespaces." : " in the namespaces that became Stable."
        } else {
            out = "Enforcing when Stable would NOT have been safe for \(red.count) of \(rows.count) namespaces: "
            out +=
                red.map {
                    "\($0.namespace) (\(Format.count($0.deniedFlows)) legitimate flow\($0.deniedFlows == 1 ? "" : "s") denied)"
                }.joined(separator: ", ") + "."
        }
        if !neverStable.isEmpty {
            out += " Never Stable: " + neverStable.map(\.namespace).joined(separator: ", ") + "."
        }
        if !attacks.isEmpty {
            out += " Attack traffic allowed in: " + attacks.map(\.namespace).joined(separator: ", ") + "."
        }
        return out
    }
}

/// One flow class (both reporters of a connection merged) behind a namespace's answer. Times are seconds from the
/// run's start.
public struct ClassFinding: Sendable, Hashable {
    public var namespace: String
    public var source: String
    public var destination: String
    /// `tcp/8080`, `udp/53`, `icmp`.
    public var port: String
    public var rarity: String
    public var patternID: String
    public var isAttack: Bool
    public var atStableDeniedFlows: Int
    public var atStableFirstDenied: Int64?
    public var afterStableDeniedFlows: Int
    /// When the staged policy first allowed the class after its last denial after Stable; nil if it never did.
    public var learnedAt: Int64?
    public var missedFlows: Int
    public var firstMissed: Int64?

    public init(
        namespace: String, source: String, destination: String, port: String, rarity: String, patternID: String,
        isAttack: Bool, atStableDeniedFlows: Int = 0, atStableFirstDenied: Int64? = nil,
        afterStableDeniedFlows: Int = 0,
        learnedAt: Int64? = nil, missedFlows: Int = 0, firstMissed: Int64? = nil
    ) {
        self.namespace = namespace; self.source = source; self.destination = destination; self.port = port
        self.rarity = rarity; self.patternID = patternID; self.isAttack = isAttack
        self.atStableDeniedFlows = atStableDeniedFlows; self.atStableFirstDenied = atStableFirstDenied
        self.afterStableDeniedFlows = afterStableDeniedFlows; self.learnedAt = learnedAt
        self.missedFlows = missedFlows; self.firstMissed = firstMissed
    }

    /// When the staged policy learned the class, for a sentence (empty when it never denied it after Stable).
    public var learnedPhrase: String {
        if let learnedAt {
            let after =
                atStableFirstDenied.map {
                    learnedAt > $0 ? " (\(Format.duration(seconds: learnedAt - $0)) after it was first denied)" : ""
                } ?? ""
            return ", learned by the staged policy only at \(Format.duration(seconds: learnedAt))\(after)"
        }
        return afterStableDeniedFlows > 0 ? ", still not learned by the staged policy at the end of the run" : ""
    }

    /// `source → destination tcp/8080`.
    public var label: String { "\(source) → \(destination) \(port)" }

    /// More denied flows first, then by label.
    static func worseDenial(_ a: ClassFinding, _ b: ClassFinding) -> Bool {
        (b.atStableDeniedFlows, a.label) < (a.atStableDeniedFlows, b.label)
    }
}

extension Format {
    /// A count with thousands separators (`79,218`).
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }
}

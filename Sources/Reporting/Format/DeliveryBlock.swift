/// What a run's flow logs went through on their way to the engine's query, and the faults injected into the
/// engine (issue 17): shown in every run report, so a result always says which delivery model it rests on.
public struct DeliveryBlock: Sendable, Hashable {
    /// The delivery model in one line (`immediate (searchable at each 5m flush)` by default).
    public var delivery: String
    /// The faults in one line; `none` without them.
    public var faults: String
    /// Per rarity, when the run has a delivery model or faults: rarity, lost flows, late flows, median and
    /// longest time to learn, classes never learned.
    public var byRarity: [[String]]
    /// The fault log: time offset, kind, namespace, detail (the first `faultLogLimit` entries).
    public var faultLog: [[String]]
    /// Every fault of the run (the log may show fewer).
    public var faultCount: Int

    public static let faultLogLimit = 200

    public init(
        delivery: String, faults: String, byRarity: [[String]] = [], faultLog: [[String]] = [], faultCount: Int = 0
    ) {
        self.delivery = delivery; self.faults = faults; self.byRarity = byRarity; self.faultLog = faultLog
        self.faultCount = faultCount
    }

    static let rarityHeader = [
        "Rarity", "Lost flows", "Late flows", "False denies at Stable of those patterns", "Time to learn (median)",
        "Time to learn (max)", "Never learned (classes)",
    ]
    static let faultHeader = ["At", "Fault", "Namespace", "Detail"]
    static let explanation =
        "Lost: flows whose flow logs never became searchable. Late: flows searchable only after the engine's steady lookback (2 × interval, SPEC §2.2) had passed their end_time. False denies at Stable of those patterns: legit flows the version frozen at Stable denies, of traffic patterns with at least one lost or late flow (what delivery may have caused; a sweep over --latency gives the difference against no delay). Time to learn: from a legit class's first flow to the first flow the recommendation allowed."

    var facts: [[String]] { [["Delivery", delivery], ["Engine faults", faults]] }

    var faultLead: String {
        faultCount > faultLog.count
            ? "\(faultCount) faults; the first \(faultLog.count) are listed (all are in the database's faults view)."
            : "\(faultCount) fault\(faultCount == 1 ? "" : "s") (also in the database's faults view)."
    }

    public func markdown() -> String {
        var out = "\n## Delivery and faults\n\n" + Markup.markdownTable(["Field", "Value"], [false, false], facts)
        if !byRarity.isEmpty {
            out +=
                "\n" + Markup.markdownTable(Self.rarityHeader, [false, true, true, true, true, true, true], byRarity)
            out += "\n\(Self.explanation)\n"
        }
        if faultCount > 0 {
            out += "\n\(faultLead)\n\n" + Markup.markdownTable(Self.faultHeader, [true, false, false, false], faultLog)
        }
        return out
    }

    public func html() -> String {
        var body = Markup.htmlTable(["Field", "Value"], [false, false], facts)
        if !byRarity.isEmpty {
            body += Markup.htmlTable(Self.rarityHeader, [false, true, true, true, true, true, true], byRarity)
            body += Markup.paragraph(Self.explanation, class: "note")
        }
        if faultCount > 0 {
            body +=
                Markup.paragraph(faultLead) + Markup.htmlTable(Self.faultHeader, [true, false, false, false], faultLog)
        }
        return Markup.section("delivery", "Delivery and faults", body)
    }
}

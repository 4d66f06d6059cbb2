import Reporting

/// What `recsim regress` prints and writes: a table, a summary line and JUnit XML. Pure functions.
public enum RegressReport {
    /// `scenario | expectation | result | detail`, one row per expectation, in suite order.
    public static func table(_ results: [ScenarioRegression]) -> String {
        let header = ["scenario", "expectation", "result", "detail"]
        let rows = results.flatMap { r in r.cases.map { [r.scenario, $0.expectation, $0.outcome.rawValue, $0.detail] } }
        var widths = header.map(\.count)
        for row in rows { for i in 0..<3 { widths[i] = max(widths[i], row[i].count) } }
        func line(_ cells: [String]) -> String {
            (cells.prefix(3).enumerated().map { $1.padding(widths[$0]) } + [cells[3]]).joined(separator: "  ")
                .replacingTrailingSpaces()
        }
        let rule = widths.prefix(3).map { String(repeating: "-", count: $0) } + [String(repeating: "-", count: 6)]
        return ([line(header), rule.joined(separator: "  ")] + rows.map(line)).joined(separator: "\n")
    }

    /// `N passed, M failed` (plus updated golden files and scenario counts).
    public static func summary(_ results: [ScenarioRegression], skipped: Int = 0) -> String {
        let cases = results.flatMap(\.cases)
        let passed = cases.filter { $0.outcome == .passed }.count
        let failed = cases.filter { $0.outcome == .failed }.count
        let updated = cases.filter { $0.outcome == .updated }.count
        var s = "\(passed) passed, \(failed) failed"
        if updated > 0 { s += ", \(updated) updated" }
        let failedScenarios = results.filter(\.failed).count
        s += " (\(results.count) scenario\(results.count == 1 ? "" : "s")"
        if failedScenarios > 0 { s += ", \(failedScenarios) failing" }
        if skipped > 0 { s += ", \(skipped) skipped without expect:" }
        return s + ")"
    }

    /// One `<testsuite>` per scenario, one `<testcase>` per expectation; times are 0 (results must not depend
    /// on the machine or on `--jobs`).
    public static func junit(_ results: [ScenarioRegression]) -> JUnitReport {
        JUnitReport(
            name: "recsim regress",
            suites: results.map { r in
                JUnitReport.Suite(
                    name: r.scenario,
                    cases: r.cases.map { c in
                        let failure =
                            c.failed
                            ? JUnitReport.Failure(
                                message: c.detail, type: c.kind.rawValue,
                                detail:
                                    "\(c.location): \(c.expectation)\nseed \(r.seed), \(r.duration.compact), fingerprint \(r.fingerprint ?? "-")\n\(r.delivery)\n\(c.detail)\n"
                            )
                            : nil
                        return JUnitReport.TestCase(
                            name: c.expectation, classname: "recsim.regress.\(r.scenario)", timeSeconds: 0,
                            failure: failure)
                    })
            })
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

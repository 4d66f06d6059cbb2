import Foundation
import HarnessFixtures
import Reporting
import ResultStore
import Scenario
import Simulation
import Testing

@testable import Harness

/// Sweeps over the delivery axes (issue 17): `--latency` and `--flush-interval`, so a user can find the shortest
/// safe interval for a given pipeline delay.
@Suite struct SweepDeliveryTests {
    func sweep(_ grid: SweepGrid, name: String) throws -> (plan: SweepPlan, data: SweepReportData, db: String) {
        let dir = try HarnessTestSupport.temporaryDirectory("sweep-delivery-\(name)")
        let scenario = try LateClassScenario.make(duration: "10h")
        let plan = SweepPlan(scenario: scenario, grid: grid, options: RunOptions())
        let db = dir.appendingPathComponent("d.sqlite").path
        _ = try SweepRunner(plan: plan, jobs: 2).run(
            storePath: db, scratchDirectory: dir.appendingPathComponent("s").path)
        let data = try SweepReportBuilder.build(
            store: try ResultStore(path: db, mode: .readOnly), sweepID: plan.sweepID,
            bounds: FalseDenyBounds(otherwise: 0.01))
        return (plan, data, db)
    }

    @Test func falseDeniesAgainstIntervalForEachLatency() throws {
        let grid = try SweepGrid(
            intervals: [.seconds(30), .minutes(5)], stabilizations: [.hours(3)],
            latencies: [.none, .fixed(.minutes(2))],
            seeds: [1, 2])
        #expect(grid.points.count == 4)
        let (plan, data, _) = try sweep(grid, name: "latency")
        #expect(plan.allTasks.count == 8)
        #expect(data.axes.delivery.map(\.display) == ["latency 0s", "latency 2m0s"])
        func point(_ interval: Int64, _ latency: String) throws -> SweepPoint {
            try #require(
                data.points.first { $0.setting.interval.seconds == interval && $0.setting.delivery?.display == latency }
            )
        }
        // Behind a 2m pipeline, interval 30s (60s lookback) never learns the late class: its false denies at
        // Stable appear, and its flows are counted late; interval 5m is as safe as without delay.
        #expect(try point(30, "latency 0s").falseDenyRate == 0)
        #expect(try point(30, "latency 2m0s").falseDenyRate > 0.1)
        #expect(try point(30, "latency 2m0s").lateFlows > 0)
        #expect(try point(300, "latency 2m0s").falseDenyRate == 0)
        #expect(try point(300, "latency 2m0s").lateFlows == 0)
        let per = data.recommendation.perDelivery
        #expect(per.map(\.delivery.display) == ["latency 0s", "latency 2m0s"])
        #expect(per[0].choice?.setting.interval.seconds == 30, "without delay the faster interval is safe")
        #expect(per[1].choice?.setting.interval.seconds == 300, "behind 2m only 5m is")
        #expect(data.recommendation.overall?.setting.interval.seconds == 300, "safe under every latency swept")
        #expect(data.recommendation.overall?.setting.delivery == nil)
        // The report shows the table and the per-latency choices.
        let report = SweepReport(data: data)
        let md = report.markdown()
        #expect(md.contains("## Delivery: false denies against interval for each delivery model"))
        #expect(md.contains("| Setting | latency 0s | latency 2m0s |"))
        #expect(md.contains("- latency 2m0s: interval 5m, stabilization 3h"))
        #expect(report.html().contains("id=\"delivery\""))
        // Late flows and time to learn by rarity, per point.
        #expect(try point(30, "latency 2m0s").lateOrLostByRarity["steady"].map { $0 > 0 } == true)
        #expect(try point(300, "latency 2m0s").timeToLearnByRarity["steady"] != nil)
        #expect(try point(300, "latency 0s").lateOrLostByRarity.isEmpty, "no delivery model at 0s")
        #expect(md.contains("Per rarity: late or lost flows"))
        #expect(report.pointsCSV().split(separator: "\n")[0].contains("recommended,delivery,late_flows,lost_flows"))
    }

    /// A latency-0s point of a delivery sweep is the same run as a plain sweep's point: same settings, same rows.
    @Test func theZeroLatencyPointsEqualAPlainSweep() throws {
        let withAxis = try sweep(
            try SweepGrid(
                intervals: [.minutes(5)], stabilizations: [.hours(1)], latencies: [.none, .fixed(.minutes(1))],
                seeds: [1]), name: "axis")
        let plain = try sweep(
            try SweepGrid(intervals: [.minutes(5)], stabilizations: [.hours(1)], seeds: [1]), name: "plain")
        let a = try ResultStore(path: withAxis.db, mode: .readOnly).runs()
        let b = try ResultStore(path: plain.db, mode: .readOnly).runs()
        let zero = try #require(a.first { !$0.info.settingsJSON.contains("ingestionLatency") })
        #expect(zero.info.settingsJSON == b[0].info.settingsJSON)
        #expect(zero.fingerprint == b[0].fingerprint)
        #expect(plain.data.axes.delivery.isEmpty && plain.data.delivery?.hasPrefix("immediate") == true)
        #expect(SweepReport(data: plain.data).markdown().contains("| Delivery | immediate"))
        #expect(withAxis.plan.sweepID != plain.plan.sweepID)
    }

    /// Each flush interval is its own simulation; the runs store it.
    @Test func flushIntervalsAreAnAxis() throws {
        let grid = try SweepGrid(
            intervals: [.minutes(5)], stabilizations: [.hours(1)], flushIntervals: [.seconds(60), .minutes(5)],
            seeds: [1])
        let (_, data, db) = try sweep(grid, name: "flush")
        #expect(data.axes.delivery.map(\.display) == ["flush 1m", "flush 5m"])
        let runs = try ResultStore(path: db, mode: .readOnly).runs()
        #expect(Set(runs.map(\.info.settings.flowLogs.flushInterval)) == [.seconds(60), .minutes(5)])
        let records = try runs.map {
            try #require(
                try ResultStore(path: db, mode: .readOnly).metrics(run: $0.id).first { $0.name == "flowLogRecords" }?
                    .value)
        }
        #expect(records[0] != records[1], "a 1m flush writes more records than a 5m one")
        #expect(throws: GridError.self) {
            try SweepGrid(intervals: [.minutes(5)], stabilizations: [.hours(1)], latencies: [.none, .none], seeds: [1])
        }
    }
}

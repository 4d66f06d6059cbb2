import Foundation
import Scenario
import Simulation
import Testing

@testable import TrafficGeneration

@Suite struct PatternStatisticsTests {
    @Test func steadyPoissonRateMatchesOverManySeeds() throws {
        let s = try Fixtures.scenario(
            traffic:
                "- {id: s, from: {workload: web/frontend}, to: {service: api/backend}, port: grpc, steady: {rate: 120}}"
        )
        var totals: [Double] = []
        var windowCounts: [Double] = []
        for seed in UInt64(1)...20 {
            let ws = Fixtures.windows(s, seed: seed)
            totals.append(Double(Fixtures.counts(ws)["s"] ?? 0))
            if seed == 1 { windowCounts = ws.map { w in Double(w.connections.reduce(0) { $0 + $1.count }) } }
        }
        let expected = 120.0 * 24
        let mean = totals.reduce(0, +) / Double(totals.count)
        #expect(abs(mean - expected) / expected < 0.02, "mean \(mean) vs \(expected)")
        for (i, t) in totals.enumerated() {
            #expect(abs(t - expected) < 5 * expected.squareRoot(), "seed \(i + 1): \(t)")
        }
        // Poisson: per-window variance ≈ mean (10 per window).
        let m = windowCounts.reduce(0, +) / Double(windowCounts.count)
        let v = windowCounts.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(windowCounts.count - 1)
        #expect(abs(m - 10) < 1 && v > 6 && v < 15, "window mean \(m) variance \(v)")
    }

    @Test func diurnalCurvePeaksAtItsHour() throws {
        let s = try Fixtures.scenario(
            traffic:
                "- {id: d, from: {workload: web/frontend}, to: {service: api/backend}, port: grpc, steady: {rate: 600, diurnal: {amplitude: 0.9, peakHour: 14}}}",
            duration: "3d")
        var byHour = Array(repeating: Int64(0), count: 24)
        for w in Fixtures.windows(s) {
            byHour[Int(w.start.unixSeconds % 86_400 / 3600)] += w.connections.reduce(0) { $0 + $1.count }
        }
        #expect(byHour[14] > 5 * byHour[2], "\(byHour)")
    }

    @Test func weeklyJobFiresExactlyOncePerWeekWithinJitter() throws {
        let s = try Fixtures.scenario(
            traffic:
                "- {id: w, from: {workload: ops/jobs}, to: {workload: db/postgres}, port: 5432, periodic: {every: 1w, phase: 2d3h, jitter: 1h}}",
            duration: "6w")
        #expect(s.traffic[0].rarity == .weekly)
        for seed in UInt64(1)...10 {
            let f = Fixtures.firings(Fixtures.windows(s, seed: seed), pattern: "w")
            #expect(f.count == 6, "seed \(seed): \(f)")
            for (k, (start, n)) in f.enumerated() {
                #expect(n == 1)
                // Weeks align to Monday 00:00 UTC; the scenario starts on Monday 2026-01-05.
                let due = Scenario.defaultStart.unixSeconds + Int64(k) * 604_800 + 2 * 86_400 + 3 * 3600
                #expect(
                    start >= due - 299 && start < due + 3600, "seed \(seed) week \(k): window \(start) vs due \(due)")
            }
        }
    }

    @Test func periodicPhaseWithoutJitterIsExact() throws {
        let s = try Fixtures.scenario(
            traffic:
                "- {id: p, from: {workload: ops/jobs}, to: {workload: db/postgres}, port: 5432, periodic: {every: 1d, phase: 2h, connections: 3}}",
            duration: "4d", flush: "60s")
        let f = Fixtures.firings(Fixtures.windows(s), pattern: "p")
        #expect(f.map(\.0) == (0..<4).map { Scenario.defaultStart.unixSeconds + Int64($0) * 86_400 + 7200 })
        #expect(f.allSatisfy { $0.1 == 3 })
        #expect(s.traffic[0].rarity == .daily)
    }

    @Test func hourlyAndMonthlyPeriods() throws {
        let s = try Fixtures.scenario(
            traffic: """
                - {id: h, from: {workload: ops/jobs}, to: {workload: db/postgres}, port: 5432, periodic: {every: 1h, jitter: 10m}}
                - {id: m, from: {workload: ops/jobs}, to: {workload: db/postgres}, port: 5432, periodic: {every: 1mo, phase: 6h}}
                """, duration: "70d")
        let ws = Fixtures.windows(s)
        let hourly = Fixtures.counts(ws)["h"] ?? 0
        #expect(hourly == 70 * 24)
        let monthly = Fixtures.firings(ws, pattern: "m").map { CivilTime(unixSeconds: $0.0) }
        #expect(monthly.map { "\($0.month)/\($0.day) \($0.hour)h" } == ["2/1 6h", "3/1 6h"])
        #expect(s.traffic[0].rarity == .hourly && s.traffic[1].rarity == .monthly)
    }

    @Test func burstIsSilentWhenOff() throws {
        let s = try Fixtures.scenario(
            traffic:
                "- {id: b, from: {workload: web/frontend}, to: {service: api/backend}, port: grpc, burst: {on: 10m, off: 50m, rate: 1200}}",
            duration: "2d")
        let ws = Fixtures.windows(s)
        for (start, _) in Fixtures.firings(ws, pattern: "b") {
            #expect((start - Scenario.defaultStart.unixSeconds) % 3600 < 600, "traffic at \(start) outside an on-span")
        }
        let total = Double(Fixtures.counts(ws)["b"] ?? 0)
        let expected = 1200.0 * 48 / 6
        #expect(abs(total - expected) < 5 * expected.squareRoot(), "\(total) vs \(expected)")
        #expect(s.traffic[0].rarity == .hourly)
    }

    @Test func onceFiresOnceAtItsTime() throws {
        let s = try Fixtures.scenario(
            traffic:
                "- {id: o, from: {workload: ops/jobs}, to: {workload: db/postgres}, port: 5432, once: {at: 1d2h, connections: 7, spread: 20m}}",
            duration: "3d")
        let f = Fixtures.firings(Fixtures.windows(s), pattern: "o")
        let at = Scenario.defaultStart.unixSeconds + 26 * 3600
        #expect(f.reduce(0) { $0 + $1.1 } == 7)
        #expect(f.allSatisfy { $0.0 >= at && $0.0 < at + 1200 })
        #expect(s.traffic[0].rarity == .once)
    }

    @Test func attackProbesOtherNamespacesOnListedPorts() throws {
        let s = try Fixtures.scenario(
            traffic: "- {id: a, from: {workload: web/frontend}, attack: {rate: 60, ports: [22, 3306]}}")
        let ws = Fixtures.windows(s)
        var probes: Int64 = 0
        for w in ws {
            for c in w.connections {
                #expect(c.truth.allSatisfy { $0.truth == .attack && $0.rarity == .attack })
                #expect(c.connection.destination.namespace != "web")
                #expect([22, 3306].contains(c.connection.destinationPort ?? 0))
                probes += c.count
            }
        }
        #expect(abs(Double(probes) - 1440) < 5 * 1440.0.squareRoot())
    }
}

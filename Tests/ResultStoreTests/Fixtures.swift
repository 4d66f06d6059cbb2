import CalicoModel
import Foundation
import RecommendationEngine
import Scenario
import Simulation

@testable import ResultStore

/// A fresh directory under the system temp dir, removed by `cleanup()`.
struct TempDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("recsim-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

enum Fixture {
    static let start = SimInstant(unixSeconds: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static func runInfo(
        scenario: String = "small", seed: UInt64 = 42, sweep: String? = nil, shard: String? = nil
    ) -> RunInfo {
        RunInfo(
            scenario: scenario, seed: seed, settings: settings(),
            sweepID: sweep, shard: shard, virtualStart: start, virtualEnd: start + .days(7))
    }

    /// Run settings with the given interval and stabilization period (the rest as a default run's).
    static func settings(interval: SimDuration = .minutes(10), stabilization: SimDuration = .hours(1)) -> RunSettings {
        RunSettings(
            engine: RunSettings.Engine(
                interval: interval, initialLookback: .hours(24), stabilizationPeriod: stabilization,
                selector: "all()", recStatus: .enabled, intraNamespacePassThroughTraffic: false),
            assumptions: Assumptions(),
            flowLogs: RunSettings.FlowLogs(flushInterval: .minutes(5), aggregation: 1), duration: .days(7))
    }

    static func recommendations() -> [RecommendationRow] {
        [
            RecommendationRow(
                time: start + .minutes(10), namespace: "shop", name: "namespace-isolation.shop-abcde",
                status: .learning, stagedAction: .learn, egressRules: 1, ingressRules: 0,
                event: .created, yaml: "kind: StagedNetworkPolicy\n"),
            RecommendationRow(
                time: start + .hours(2), namespace: "shop", name: "namespace-isolation.shop-abcde",
                status: .stabilizing, stagedAction: .learn, egressRules: 2, ingressRules: 1,
                event: .updated, yaml: "kind: StagedNetworkPolicy\nspec: {}\n"),
            RecommendationRow(
                time: start + .hours(3), namespace: "shop", name: "namespace-isolation.shop-abcde",
                status: .stable, stagedAction: .learn, egressRules: 2, ingressRules: 1,
                event: .status, yaml: "kind: StagedNetworkPolicy\nspec: {}\n"),
            RecommendationRow(
                time: start + .days(1), namespace: "shop", name: "namespace-isolation.shop-abcde",
                status: .stable, stagedAction: .set, egressRules: 2, ingressRules: 1,
                event: .userAction, detail: "activate", yaml: "kind: StagedNetworkPolicy\n"),
            RecommendationRow(
                time: start + .days(2), namespace: "db", name: "namespace-isolation.db-fghij",
                status: .learning, stagedAction: .ignore, egressRules: 0, ingressRules: 3,
                event: .renamed, detail: "namespace-isolation.db-old", yaml: "é ünïcode ✓\n"),
        ]
    }

    static func outcome(_ i: Int, flows: Int = 3) -> OutcomeRow {
        let rarities = Rarity.allCases
        return OutcomeRow(
            bucketStart: start + .hours(Int64(i % 168)), namespace: i % 2 == 0 ? "shop" : "db",
            patternID: "p\(i % 17)", rarity: rarities[i % rarities.count],
            truth: i % 5 == 0 ? .attack : .legit, reporter: i % 3 == 0 ? .src : .dst,
            pendingVerdict: i % 4 == 0 ? .deny : .allow, enforcedVerdict: i % 7 == 0 ? .deny : .allow,
            phase: i % 2 == 0 ? "learning" : "after-stable", flows: flows, records: i % 4)
    }

    static func outcomes(_ range: Range<Int>) -> [OutcomeRow] { range.map { outcome($0) } }

    /// Class verdicts: a legit class denied at Stable and learned later, and an attack class allowed.
    static func classVerdicts(_ salt: Int = 0) -> [ClassVerdictRow] {
        [
            ClassVerdictRow(
                namespace: "backend", flowClass: "src|backend/api-*|backend/db-*|tcp|5432", patternID: "weekly-\(salt)",
                rarity: .weekly, truth: .legit, reporter: .src, atStableDeniedFlows: 9 + salt,
                atStableFirstDenied: SimInstant(unixSeconds: 1_000 + Int64(salt)), afterStableDeniedFlows: 3,
                afterStableFirstDenied: SimInstant(unixSeconds: 1_000), learnedAt: SimInstant(unixSeconds: 9_000),
                missedFlows: 0, firstMissed: nil),
            ClassVerdictRow(
                namespace: "backend", flowClass: "dst|attacker/x-*|backend/db-*|tcp|22", patternID: "scan",
                rarity: .once,
                truth: .attack, reporter: .dst, atStableDeniedFlows: 0, atStableFirstDenied: nil,
                afterStableDeniedFlows: 0,
                afterStableFirstDenied: nil, learnedAt: nil, missedFlows: 2, firstMissed: SimInstant(unixSeconds: 5_000)
            ),
        ]
        .sorted { $0.flowClass < $1.flowClass }
    }

    static let metrics = [
        MetricRow(name: "false_denies", value: 12),
        MetricRow(name: "coverage", value: 0.875),
        MetricRow(namespace: "shop", name: "time_to_stable_s", value: 10_800),
    ]
}

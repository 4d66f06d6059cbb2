import Foundation
import Reporting
import TestSupport
import Testing

enum ReportFixture {
    static let start: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z
    static let hour: Int64 = 3_600
    static let day: Int64 = 86_400

    static var data: RunReportData {
        RunReportData(
            run: RunSummary(
                runID: 3, scenario: "three-tier", seed: 42, fingerprint: "9f86d081884c7d65",
                status: .complete, virtualStart: start, virtualEnd: start + 7 * day,
                settings: [
                    ReportEntry("processingInterval", "2m30s"), ReportEntry("stabilizationPeriod", "10m"),
                    ReportEntry("selectors", "app=web, tier=\"front|end\""),
                ],
                metrics: [
                    ReportEntry("false denies", "17"), ReportEntry("missed attacks", "2"),
                    ReportEntry("mean time to Stable", "1d 2h"),
                ]),
            namespaces: [
                NamespaceSummary(
                    namespace: "backend", timeToFirstRule: 150, timeToStable: 26 * hour, learningResets: 1,
                    renames: 0, egressRules: 3, ingressRules: 2,
                    falseDenies: ["steady": 0, "daily": 4, "weekly": 9],
                    falseDeniesAtStable: ["daily": 12, "weekly": 9], missedAttacks: 2,
                    overPermissive: 1, coverage: 0.875),
                NamespaceSummary(
                    namespace: "frontend", timeToFirstRule: 300, timeToStable: nil, learningResets: 0,
                    renames: 1, egressRules: 1, ingressRules: 4,
                    falseDenies: ["hourly": 3, "once": 1], missedAttacks: 0, overPermissive: 0, coverage: nil),
            ],
            timelines: [
                NamespaceTimeline(
                    namespace: "backend",
                    points: [
                        .init(time: start + 150, state: .learning, egressRules: 1, ingressRules: 0),
                        .init(time: start + 2 * hour, state: .stabilizing, egressRules: 3, ingressRules: 1),
                        .init(time: start + 6 * hour, state: .learning, egressRules: 3, ingressRules: 2),
                        .init(time: start + 26 * hour, state: .stable, egressRules: 3, ingressRules: 2),
                        .init(time: start + 3 * day, state: .set, egressRules: 3, ingressRules: 2),
                        .init(time: start + 5 * day, state: .enforced, egressRules: 3, ingressRules: 2),
                    ]),
                NamespaceTimeline(
                    namespace: "frontend",
                    points: [
                        .init(time: start + 300, state: .learning, egressRules: 1, ingressRules: 1),
                        .init(time: start + 4 * hour, state: .stabilizing, egressRules: 1, ingressRules: 4),
                        .init(time: start + 2 * day, state: .ignore, egressRules: 1, ingressRules: 4),
                    ]),
            ],
            falseDenies: FalseDenySeries(
                grouping: .rarity, bucketSeconds: 6 * hour,
                series: [
                    .init(
                        group: "hourly",
                        buckets: [.init(start: start, count: 2), .init(start: start + 6 * hour, count: 1)]),
                    .init(group: "daily", buckets: [.init(start: start + day, count: 4)]),
                    .init(group: "weekly", buckets: [.init(start: start + 6 * day + 18 * hour, count: 9)]),
                    .init(group: "once", buckets: [.init(start: start + 2 * day, count: 1)]),
                ]),
            classFindings: [
                ClassFinding(
                    namespace: "backend", source: "backend/api-*", destination: "backend/db-*", port: "tcp/5432",
                    rarity: "weekly", patternID: "weekly-backup", isAttack: false, atStableDeniedFlows: 9,
                    atStableFirstDenied: 4 * day, afterStableDeniedFlows: 9, learnedAt: nil),
                ClassFinding(
                    namespace: "backend", source: "backend/report-*", destination: "backend/db-*", port: "tcp/5432",
                    rarity: "daily", patternID: "daily-report", isAttack: false, atStableDeniedFlows: 12,
                    atStableFirstDenied: 2 * day, afterStableDeniedFlows: 4, learnedAt: 3 * day),
                ClassFinding(
                    namespace: "backend", source: "attacker/scan-*", destination: "backend/db-*", port: "tcp/22",
                    rarity: "once", patternID: "scan", isAttack: true, missedFlows: 2, firstMissed: 5 * day),
            ])
    }
}

/// Compares `actual` with `Golden/<name>` (TestSupport's `GoldenFile`; `RECSIM_UPDATE_GOLDEN=1` rewrites it).
func expectGolden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    let problem = try GoldenFile.mismatch(actual, at: url)
    #expect(problem == nil, "\(problem ?? "")", sourceLocation: sourceLocation)
}

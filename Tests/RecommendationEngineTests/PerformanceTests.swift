import CalicoModel
import Foundation
import Simulation
import Testing

@testable import RecommendationEngine

/// A month of steady traffic in a 200-namespace cluster at interval 150 s, driving the engine alone. Run with
/// `RECSIM_ENGINE_BENCH=1 swift test -c release --filter PerformanceTests`; the default run covers six hours and
/// checks only the outcome. Timed figures come from `recsim bench engine` (the whole pipeline).
@Suite struct PerformanceTests {
    static let globalSet = ProcessInfo.processInfo.environment["RECSIM_BENCH_GLOBALSET"] == "1"
    static var hours: Int64 { ProcessInfo.processInfo.environment["RECSIM_ENGINE_BENCH"] == "1" ? 30 * 24 : 6 }

    @Test func monthOf200Namespaces() {
        let namespaces = (0..<200).map { "team-\($0 < 10 ? "00" : $0 < 100 ? "0" : "")\($0)" }
        var e = RecommendationEngine(
            scope: scope(interval: "150s", stabilization: "10m"), generator: SeededGenerator(seed: 1),
            at: t0, namespaces: namespaces)
        let flush: Int64 = 300
        let end = t0 + .hours(Self.hours)
        var logs = 0
        var changes = 0
        var ingestTime = Duration.zero, tickTime = Duration.zero
        let clock = ContinuousClock()
        var nextFlush = t0 + .seconds(flush)
        while let tick = e.nextTickTime, tick <= end {
            while nextFlush <= tick {
                var batch: [FlowLog] = []
                for (i, ns) in namespaces.enumerated() {
                    let peer = namespaces[(i + 1) % namespaces.count], peer2 = namespaces[(i + 7) % namespaces.count]
                    batch.append(egress(ns, to: .wep, name: "api-*", namespace: peer, port: 8080, end: nextFlush))
                    batch.append(egress(ns, to: .wep, name: "db-*", namespace: peer2, port: 5432, end: nextFlush))
                    batch.append(ingress(ns, from: .wep, name: "client-*", namespace: peer, port: 8080, end: nextFlush))
                    batch.append(
                        egress(ns, to: .net, name: "pub", port: 443, domains: ["api.example.com"], end: nextFlush))
                    batch.append(
                        egress(
                            ns, to: .net, name: "pvt", port: 5000 + Int64(nextFlush.unixSeconds / 86_400 % 5),
                            end: nextFlush))
                    // A namespaced set: a GlobalNetworkSet would make every policy flap (SPEC §2.14 quirk 2).
                    batch.append(
                        egress(
                            ns, to: .ns, name: "dns", namespace: Self.globalSet ? "-" : "infra", port: 53, proto: "udp",
                            end: nextFlush))
                }
                logs += batch.count
                ingestTime += clock.measure { e.ingest(batch) }
                nextFlush += .seconds(flush)
            }
            tickTime += clock.measure { changes += e.tick(at: tick).count }
        }
        print(
            "engine bench: \(Self.hours) h, \(logs) logs, \(changes) changes, ingest \(ingestTime), ticks \(tickTime), stored entries \(e.flowWindow.storedEntryCount)"
        )
        #expect(e.recommendations.count == 200)
    }
}

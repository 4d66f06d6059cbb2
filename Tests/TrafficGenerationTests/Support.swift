import Foundation
import Scenario
import Simulation

@testable import TrafficGeneration

/// Paths of the package's bundled scenarios, found from this source file's location.
enum Fixtures {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static func scenario(_ name: String) -> String { packageRoot + "/scenarios/\(name).yaml" }

    /// A small cluster; `traffic` and `extra` are appended as YAML text.
    static func scenario(
        traffic: String, extra: String = "", duration: String = "1d", flush: String = "300s",
        aggregation: Int = 2
    ) throws -> Scenario {
        let text = """
            name: test
            duration: \(duration)
            flowLogs: {flushInterval: \(flush), aggregation: \(aggregation)}
            cluster:
              nodes: 2
              namespaces: [web, api, db, ops]
              workloads:
                - {name: frontend, namespace: web, replicas: 2, ports: [{name: http, port: 8080}]}
                - {name: backend, namespace: api, replicas: 2, ports: [{name: grpc, port: 9000}]}
                - {name: postgres, namespace: db, kind: StatefulSet, ports: [{name: pg, port: 5432}]}
                - {name: jobs, namespace: ops}
              services:
                - {name: backend, namespace: api, workload: backend, ports: [{name: grpc, port: 90, targetPort: grpc}]}
              networkSets:
                - {name: partners, namespace: web, nets: [198.51.100.0/24], labels: {kind: partner}}
              globalNetworkSets:
                - {name: corp-vpn, nets: [10.99.0.0/16]}
              externalEndpoints:
                - {name: stripe, ips: [54.187.174.169], domains: [api.stripe.com]}
                - {name: partner-host, ip: 198.51.100.7}
                - {name: vpn-host, ip: 10.99.3.4}
                - {name: onprem, cidr: 192.168.5.0/24}
                - {name: users, ips: [81.2.69.142, 81.2.69.143]}
            traffic:
            \(traffic.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
            \(extra)
            """
        return try Scenario.parse(text, file: "test.yaml")
    }

    /// All windows of a run.
    static func windows(_ s: Scenario, seed: UInt64 = 1, duration: SimDuration? = nil) -> [ConnectionWindow] {
        var sim = TrafficSimulator(scenario: s, seed: seed, duration: duration)
        var out: [ConnectionWindow] = []
        while let w = sim.nextWindow() { out.append(w) }
        return out
    }

    /// Connections per pattern id over a run.
    static func counts(_ windows: [ConnectionWindow]) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for w in windows { for c in w.connections { for t in c.truth { out[t.patternID, default: 0] += t.count } } }
        return out
    }

    /// (window start, count) for one pattern.
    static func firings(_ windows: [ConnectionWindow], pattern: String) -> [(Int64, Int64)] {
        windows.compactMap { w in
            let n = w.connections.reduce(Int64(0)) {
                $0 + $1.truth.filter { $0.patternID == pattern }.reduce(0) { $0 + $1.count }
            }
            return n > 0 ? (w.start.unixSeconds, n) : nil
        }
    }
}

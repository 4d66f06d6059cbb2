import CalicoModel
import Simulation

/// The `generate:` block: a compact description of a large cluster and its traffic, expanded at load time.
///
/// The expansion draws from its own `seed` (not the run's), so the topology stays fixed while runs vary.
public struct ClusterGenerator: Hashable, Sendable {
    public var namespaces = 20
    public var workloadsPerNamespace = 5
    public var replicas = 2
    /// Outgoing service calls per workload.
    public var callsPerWorkload = 2
    /// Share of calls that go to another namespace.
    public var crossNamespaceFraction = 0.3
    /// Mean rate of a steady call, per hour (each call's rate is drawn in [0.5, 1.5] × this).
    public var ratePerHour = 60.0
    /// Share of calls that are periodic (hourly, daily or weekly) instead of steady.
    public var periodicFraction = 0.1
    /// Share of workloads that also call an external API.
    public var externalFraction = 0.05
    public var namespacePrefix = "ns"
    public var port: UInt16 = 8080
    public var seed: UInt64 = 1

    public init() {}

    static func parse(_ c: YAMLCursor) throws(ScenarioError) -> ClusterGenerator {
        try c.checkKeys([
            "namespaces", "workloadsPerNamespace", "replicas", "callsPerWorkload", "crossNamespaceFraction",
            "ratePerHour", "periodicFraction", "externalFraction", "namespacePrefix", "port", "seed",
        ])
        var g = ClusterGenerator()
        func int(_ k: String, _ range: ClosedRange<Int64>, _ into: inout Int) throws(ScenarioError) {
            guard let v = try c.optional(k) else { return }
            let n = try v.int()
            guard range.contains(n) else {
                throw v.fail("expected an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            into = Int(n)
        }
        func fraction(_ k: String, _ into: inout Double) throws(ScenarioError) {
            guard let v = try c.optional(k) else { return }
            let d = try v.double()
            guard (0...1).contains(d) else { throw v.fail("expected a fraction between 0 and 1") }
            into = d
        }
        try int("namespaces", 1...10_000, &g.namespaces)
        try int("workloadsPerNamespace", 1...1_000, &g.workloadsPerNamespace)
        try int("replicas", 1...100, &g.replicas)
        try int("callsPerWorkload", 0...100, &g.callsPerWorkload)
        try fraction("crossNamespaceFraction", &g.crossNamespaceFraction)
        try fraction("periodicFraction", &g.periodicFraction)
        try fraction("externalFraction", &g.externalFraction)
        if let r = try c.optional("ratePerHour") {
            g.ratePerHour = try r.double()
            guard g.ratePerHour > 0 else { throw r.fail("expected a positive rate per hour") }
        }
        if let p = try c.optional("namespacePrefix") { g.namespacePrefix = try p.string() }
        if let p = try c.optional("port") {
            let v = try p.int()
            guard (1...65535).contains(v) else { throw p.fail("expected a port number 1-65535") }
            g.port = UInt16(v)
        }
        if let s = try c.optional("seed") {
            guard let v = UInt64(try s.string()) else { throw s.fail("expected a non-negative integer seed") }
            g.seed = v
        }
        return g
    }

    /// Appends the generated namespaces, workloads, services, external endpoint and traffic.
    public func expand(into cluster: inout ClusterSpec, traffic: inout [TrafficPattern], line: Int = 0) {
        var rng = SeededGenerator(seed: seed).derived("generate")
        func pad(_ i: Int, _ w: Int) -> String {
            let s = String(i); return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        let nsWidth = String(namespaces - 1).count, wWidth = String(workloadsPerNamespace - 1).count
        var names: [[String]] = []
        for n in 0..<namespaces {
            let ns = "\(namespacePrefix)-\(pad(n, nsWidth))"
            cluster.namespaces.append(NamespaceSpec(name: ns, labels: ["team": "team-\(n % 17)"]))
            var row: [String] = []
            for w in 0..<workloadsPerNamespace {
                let name = "app-\(pad(w, wWidth))"
                row.append(name)
                let labels = ["app": name, "tier": ["web", "api", "worker", "db"][w % 4]]
                cluster.workloads.append(
                    WorkloadSpec(
                        name: name, namespace: ns, labels: labels, replicas: replicas,
                        serviceAccount: name, ports: [ContainerPort(name: "http", containerPort: port)]))
                cluster.services.append(
                    ServiceSpec(
                        name: name, namespace: ns, selector: labels,
                        ports: [.init(name: "http", port: 80, targetPort: Port(named: "http"))]))
            }
            names.append(row)
        }
        let apiName = "generated-api"
        if externalFraction > 0 && !cluster.externalEndpoints.contains(where: { $0.name == apiName }) {
            cluster.externalEndpoints.append(
                ExternalEndpointSpec(
                    name: apiName, ips: [IPAddress("203.0.113.10")!, IPAddress("203.0.113.11")!],
                    domains: ["api.example.com"]))
        }
        let periods: [SimDuration] = [.hours(1), .days(1), .days(7)]
        for n in 0..<namespaces {
            for w in 0..<workloadsPerNamespace {
                let src = TrafficSource.workload(
                    namespace: cluster.namespaces[cluster.namespaces.count - namespaces + n].name, name: names[n][w])
                let srcNS = "\(namespacePrefix)-\(pad(n, nsWidth))"
                for k in 0..<callsPerWorkload {
                    var tn = n
                    if namespaces > 1 && rng.chance(crossNamespaceFraction) {
                        tn = Int(rng.below(UInt64(namespaces - 1))); if tn >= n { tn += 1 }
                    }
                    var tw = Int(rng.below(UInt64(workloadsPerNamespace)))
                    if tn == n && tw == w { tw = (tw + 1) % workloadsPerNamespace }
                    if tn == n && tw == w { continue }
                    let dstNS = "\(namespacePrefix)-\(pad(tn, nsWidth))"
                    let shape: PatternShape
                    if rng.chance(periodicFraction) {
                        let p = periods[Int(rng.below(3))]
                        shape = .periodic(
                            every: .fixed(p), phase: .seconds(Int64(rng.below(UInt64(p.seconds / 2)))),
                            jitter: .minutes(5), connections: 1 + Int(rng.below(3)), spread: .zero)
                    } else {
                        shape = .steady(ratePerHour: ratePerHour * (0.5 + rng.unitDouble()), diurnal: nil)
                    }
                    traffic.append(
                        TrafficPattern(
                            id: "gen/\(srcNS)/\(names[n][w])/\(k)", source: src,
                            destination: .service(namespace: dstNS, name: names[tn][tw]),
                            port: .name("http"), shape: shape, line: line))
                }
                if rng.chance(externalFraction) {
                    traffic.append(
                        TrafficPattern(
                            id: "gen/\(srcNS)/\(names[n][w])/external", source: src, destination: .external(apiName),
                            port: .number(443), shape: .steady(ratePerHour: ratePerHour / 4, diurnal: nil), line: line))
                }
            }
        }
    }
}

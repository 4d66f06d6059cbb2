import Scenario

/// The small scenario of the delivery and fault tests: `cli/client` calls `svc/server` on 8080 from the start and
/// on 9090 from 2h on (the "late" class); the engine ticks every `interval`. Parameters splice into the YAML:
/// `flowLogs` is appended to the `flowLogs` mapping (`", ingestionLatency: 2m"`), `faults` is a top-level block.
enum LateClassScenario {
    static func make(
        faults: String = "", interval: String = "5m", stabilization: String = "1h", flowLogs: String = "",
        engineStart: String = "0s", duration: String = "8h"
    ) throws -> Scenario {
        try Scenario.parse(
            """
            name: faults
            duration: \(duration)
            flowLogs: {flushInterval: 5m\(flowLogs)}
            cluster:
              nodes: 2
              namespaces: [cli, svc]
              workloads:
                - {name: client, namespace: cli}
                - {name: server, namespace: svc, ports: [{name: a, port: 8080}, {name: b, port: 9090}]}
            traffic:
              - {id: first, from: {workload: cli/client}, to: {workload: svc/server}, port: 8080, steady: {rate: 120}}
              - {id: late, from: {workload: cli/client}, to: {workload: svc/server}, port: 9090, steady: {rate: 120}}
            events:
              - {at: 2h, patternStarts: late}
            recommendation:
              engineStart: \(engineStart)
              scope:
                interval: \(interval)
                initialLookback: 24h
                stabilizationPeriod: \(stabilization)
                namespaceSpec: {recStatus: Enabled, selector: "all()"}
            \(faults)
            """, file: "faults.yaml")
    }

}

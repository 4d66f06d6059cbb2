import Foundation
import Scenario
import Simulation
import Testing
import TrafficGeneration

@testable import Harness

/// The scoring agrees with theory: a Poisson flow class of rate λ learned over an effective window W is
/// missed with probability e^(−λW); a periodic class whose period is longer than the window is always missed.
@Suite struct TheoryTests {
    static func scenario(rareRate: Double?) throws -> Scenario {
        var traffic = """
              - {id: steady-main, from: {workload: cli/client}, to: {workload: svc/server}, port: 8080, steady: {rate: 600}}
              - {id: nightly, from: {workload: cli/client}, to: {workload: svc/server}, port: 7000, periodic: {every: 1d, phase: 3h, jitter: 10m}}
            """
        if let rareRate {
            traffic +=
                "\n  - {id: rare, from: {workload: cli/client}, to: {workload: svc/server}, port: 9090, steady: {rate: \(rareRate)}}"
        }
        let text = """
            name: theory
            duration: 8h
            cluster:
              nodes: 1
              namespaces: [cli, svc]
              workloads:
                - {name: client, namespace: cli}
                - {name: server, namespace: svc, ports: [{name: a, port: 8080}, {name: b, port: 9090}, {name: c, port: 7000}]}
            traffic:
            \(traffic)
            recommendation:
              scope:
                interval: 150s
                initialLookback: 24h
                stabilizationPeriod: 10m
                namespaceSpec: {recStatus: Enabled, selector: "all()"}
            """
        return try Scenario.parse(text, file: "theory.yaml")
    }

    @Test func poissonMissRateMatchesTheory() throws {
        // Baseline: when the recommendation of `svc` becomes Stable without the rare class.
        let baseline = try ScenarioRunner(scenario: Self.scenario(rareRate: nil), options: RunOptions(seed: 1)).run()
        let stableAt = try #require(baseline.metric("timeToStable", namespace: "svc"))
        // A connection is visible to the engine at the end of its flush window, so the effective learning
        // window is the flushed span before the Stable tick.
        let flush = 300.0
        let window = (stableAt / flush).rounded(.down) * flush
        #expect(window > 0)

        let rate = 4.0  // per hour
        let expected = exp(-rate * window / 3600)
        let scenario = try Self.scenario(rareRate: rate)
        let seeds = 150
        var missed = 0
        for seed in 1...seeds {
            let r = try ScenarioRunner(scenario: scenario, options: RunOptions(seed: UInt64(seed))).run()
            // Missed: the version frozen at Stable denies the rare class when it comes later (it comes with
            // probability 1 − e^(−4·7) over the rest of the run).
            if (r.metric("falseDenyAtStableClasses.steady", namespace: "svc") ?? 0) > 0 { missed += 1 }
            // The daily class (first run 3h in, long after Stable) is always missed.
            #expect((r.metric("falseDenyAtStableClasses.daily", namespace: "svc") ?? 0) == 1, "seed \(seed)")
        }
        let measured = Double(missed) / Double(seeds)
        let sigma = (expected * (1 - expected) / Double(seeds)).squareRoot()
        print(
            "theory: W=\(Int(window))s λ=\(rate)/h expected miss rate \(expected), measured \(measured) over \(seeds) seeds (σ=\(sigma))"
        )
        #expect(
            abs(measured - expected) <= 4 * sigma,
            "measured miss rate \(measured) vs e^(-λW) = \(expected) (λ=\(rate)/h, W=\(window)s, n=\(seeds))")
    }
}

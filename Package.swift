// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "recsim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "recsim", targets: ["recsim"]),
        .library(name: "RecsimKit", targets: ["Harness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Integer virtual time, event queue, seeded randomness, fingerprints.
        .target(name: "Simulation", dependencies: [.product(name: "HeapModule", package: "swift-collections")]),
        // Byte scanning for the flow-log decoder (SSE2 where the processor has it, a byte loop elsewhere).
        .target(name: "CLineScan"),
        // Calico and Kubernetes resources, selectors, flow-log records; YAML/JSON coding.
        .target(
            name: "CalicoModel", dependencies: ["Simulation", "CLineScan", .product(name: "Yams", package: "Yams")]),
        // Calico's tier walk: enforced and pending traces, hit strings.
        .target(name: "PolicyEvaluation", dependencies: ["CalicoModel"]),
        // The scenario document: loader (one YAML cursor with line numbers), cluster and traffic pattern specs,
        // rarity, automation, expectations.
        .target(
            name: "Scenario",
            dependencies: [
                "Simulation", "CalicoModel", "RecommendationEngine", .product(name: "Yams", package: "Yams"),
            ]),
        // A loaded scenario's topology, connection events and flow-log aggregation.
        .target(
            name: "TrafficGeneration",
            dependencies: [
                "Simulation", "CalicoModel", "PolicyEvaluation", "Scenario",
            ]),
        // Model of Calico Enterprise's policy-recommendation engine.
        .target(name: "RecommendationEngine", dependencies: ["Simulation", "CalicoModel"]),
        // System libsqlite3.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The only code that touches SQLite.
        .target(
            name: "ResultStore",
            dependencies: ["CSQLite", "CalicoModel", "RecommendationEngine", "Scenario", "Simulation"]),
        // Report data -> HTML (inline SVG), Markdown, CSV. Pure functions.
        .target(name: "Reporting"),
        // Flow logs -> a scenario (`recsim infer`): traffic classes, their shapes, the inventory.
        .target(name: "Inference", dependencies: ["CalicoModel", "Scenario", "Simulation", "TrafficGeneration"]),
        // The orchestrator: run, sweep, regress, capacity, advise.
        .target(
            name: "Harness",
            dependencies: [
                "Simulation", "CalicoModel", "PolicyEvaluation", "Scenario", "TrafficGeneration",
                "RecommendationEngine", "ResultStore", "Reporting", "Inference",
                // Capacity runs rewrite a scenario's `generate:` block (Capacity/ScenarioScaler.swift).
                .product(name: "Yams", package: "Yams"),
            ]),
        // In-process fuzz targets for the input readers (docs/fuzzing.md), and their libFuzzer/replay driver.
        .target(name: "Fuzzing", dependencies: ["CalicoModel", "Scenario", "TrafficGeneration", "Inference"]),
        .executableTarget(name: "recsim-fuzz", dependencies: ["Fuzzing"]),
        // Every target declares every module it imports (checked by .ci/check-imports): an undeclared one is built
        // through another target but not tracked, and an incremental build then kept recsim compiled against a stale
        // layout of a changed Reporting struct.
        .executableTarget(
            name: "recsim",
            dependencies: [
                "Harness", "CalicoModel", "PolicyEvaluation", "RecommendationEngine", "Reporting", "ResultStore",
                "Scenario", "Simulation", "Inference",
                "TrafficGeneration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Helpers every test target may use: temporary folders, the process runner, golden files, property seeds.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Fixtures shared by HarnessTests and CLITests (a tiny sweep, its rows).
        .target(
            name: "HarnessFixtures",
            dependencies: ["Harness", "ResultStore", "Scenario", "Simulation", "TrafficGeneration"],
            path: "Tests/HarnessFixtures"),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "TestSupport"]),
        .testTarget(name: "CalicoModelTests", dependencies: ["CalicoModel", "Simulation"]),
        .testTarget(
            name: "PolicyEvaluationTests",
            dependencies: ["PolicyEvaluation", "CalicoModel", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "CalicoModel", "Simulation", "TestSupport"]),
        .testTarget(
            name: "TrafficGenerationTests",
            dependencies: [
                "TrafficGeneration", "CalicoModel", "PolicyEvaluation", "Scenario", "Simulation", "TestSupport",
            ]),
        .testTarget(
            name: "RecommendationEngineTests",
            dependencies: ["RecommendationEngine", "CalicoModel", "Simulation", "TestSupport"],
            exclude: ["Golden"]),
        .testTarget(
            name: "ResultStoreTests",
            dependencies: ["ResultStore", "CalicoModel", "RecommendationEngine", "Scenario", "Simulation"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "FuzzTests", dependencies: ["Fuzzing"], exclude: ["Regressions"]),
        .testTarget(
            name: "HarnessTests",
            dependencies: [
                "Harness", "HarnessFixtures", "TestSupport", "CalicoModel", "PolicyEvaluation", "RecommendationEngine",
                "Reporting", "ResultStore", "Scenario", "Simulation", "TrafficGeneration", "Inference",
                .product(name: "Yams", package: "Yams"),
            ], exclude: ["Golden", "Fixtures"]),
        // Tests that run the `recsim` binary (library tests above do not depend on the executable).
        .testTarget(
            name: "CLITests",
            dependencies: [
                "recsim", "TestSupport", "HarnessFixtures", "Harness", "CalicoModel", "Reporting", "ResultStore",
                "Scenario", "Simulation", "TrafficGeneration",
            ]),
    ]
)

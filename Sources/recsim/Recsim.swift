import ArgumentParser

@main
struct Recsim: AsyncParsableCommand {
    /// The tool's version (`recsim --version`); bumped with every release that changes results or formats.
    static let version = "0.17.0"

    static let configuration = CommandConfiguration(
        commandName: "recsim",
        abstract: "Simulate and test traffic-learned network-policy recommendation (Calico Enterprise model).",
        version: version,
        subcommands: [
            RunCommand.self, ReportCommand.self, RecommendCommand.self, SweepCommand.self, RegressCommand.self,
            CapacityCommand.self, MergeCommand.self, GenerateCommand.self, FlowsCommand.self, EvaluateCommand.self,
            ClusterCommand.self, SelectorCommand.self, AssumptionsCommand.self, InferCommand.self, AdviseCommand.self,
            SensitivityCommand.self, BenchCommand.self, BenchGeneratorCommand.self,
        ]
    )
}

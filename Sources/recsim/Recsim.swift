import ArgumentParser

@main
struct Recsim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recsim",
        abstract: "Simulate and test traffic-learned network-policy recommendation (Calico Enterprise model).",
        subcommands: [RunCommand.self, ReportCommand.self, RecommendCommand.self, SweepCommand.self, RegressCommand.self,
                      CapacityCommand.self, MergeCommand.self, GenerateCommand.self, FlowsCommand.self, EvaluateCommand.self, SelectorCommand.self,
                      BenchCommand.self, BenchGeneratorCommand.self]
    )
}

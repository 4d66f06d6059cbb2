import ArgumentParser

@main
struct Recsim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recsim",
        abstract: "Simulate and test traffic-learned network-policy recommendation (Calico Enterprise model).",
        subcommands: [EvaluateCommand.self, SelectorCommand.self, GenerateCommand.self, FlowsCommand.self,
                      RunCommand.self, ReportCommand.self, RecommendCommand.self, BenchCommand.self, BenchGeneratorCommand.self,
                      CapacityCommand.self]
    )
}

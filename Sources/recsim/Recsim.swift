import ArgumentParser

@main
struct Recsim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recsim",
        abstract: "Simulate and test traffic-learned network-policy recommendation (Calico Enterprise model).",
        subcommands: [GenerateCommand.self, FlowsCommand.self, BenchGeneratorCommand.self]
    )
}

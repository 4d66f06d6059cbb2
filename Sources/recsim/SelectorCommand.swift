import ArgumentParser
import CalicoModel

/// `recsim selector '<expr>' --labels k=v,…`: prints whether the labels match; a bad selector exits 2.
struct SelectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selector",
        abstract: "Evaluate a Calico selector against a label set; prints true or false (exit 2 on a bad selector)."
    )

    @Argument(help: "The selector, e.g. \"app == 'web' && !has(canary)\".") var expression: String
    @Option(help: "Labels as k=v[,k=v…].") var labels: String = ""

    func validate() throws {
        guard Labels(commaSeparated: labels) != nil else {
            throw ValidationError("--labels must be k=v[,k=v…], got \"\(labels)\"")
        }
    }

    func run() throws {
        let selector: Selector
        do {
            selector = try Selector(expression)
        } catch {
            StandardError.write(error.description)
            throw ExitCode(2)
        }
        print(selector.matches(Labels(commaSeparated: labels) ?? [:]) ? "true" : "false")
    }
}

import ArgumentParser
import Foundation
import RecommendationEngine

/// `recsim assumptions`: the engine model's named assumptions, with their SPEC references and values.
struct AssumptionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assumptions",
        abstract: "List the engine model's named assumptions (what SPEC marks inferred or does not cover).",
        discussion: """
            Each behaviour of the model that ../shared/calico/SPEC.md marks inferred ([I]), that goes beyond SPEC, \
            or that differs between engine versions has an id, a default (what the engine's code does, as far as \
            SPEC can tell) and alternatives. Set one with `--assume ID=VALUE` on run, recommend, sweep, regress \
            and capacity, or in a scenario's `recommendation.assume` block; `recsim sensitivity` runs a scenario \
            under each alternative.
            """)

    @Flag(help: "Print JSON instead of a table.") var json = false

    struct Entry: Encodable {
        var id: String
        var summary: String
        var spec: String
        var tag: String
        var defaultValue: String
        var values: [Value]
        struct Value: Encodable {
            var name: String
            var meaning: String
        }
    }

    func run() throws {
        let registry = Assumptions.registry
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let doc = registry.map { info in
                Entry(
                    id: info.id.rawValue, summary: info.summary, spec: info.spec, tag: info.tag,
                    defaultValue: info.defaultValue,
                    values: info.values.map { Entry.Value(name: $0.name, meaning: $0.meaning) })
            }
            print(String(decoding: try encoder.encode(doc), as: UTF8.self))
            return
        }
        let rows =
            [["ID", "DEFAULT", "ALTERNATIVES", "SPEC", "SOURCE"]]
            + registry.map {
                [$0.id.rawValue, $0.defaultValue, $0.alternatives.joined(separator: ","), $0.spec, $0.tag]
            }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        for r in rows {
            let line = r.enumerated().map { i, c in
                i == r.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count + 2)
            }
            print(line.joined())
        }
        print("")
        for info in registry {
            print("\(info.id.rawValue): \(info.summary)")
            for (i, v) in info.values.enumerated() {
                print("  \(i == 0 ? "*" : " ") \(v.name): \(v.meaning)")
            }
        }
        print("")
        print("* default. Set with --assume ID=VALUE or a scenario's recommendation.assume block.")
    }
}

import CalicoModel
import Scenario
import Simulation
import Testing

/// Scenario files from elsewhere: names, labels, numbers and YAML structure are checked at the edge,
/// with file, line and key; nothing traps, hangs or expands without bound.
@Suite struct HostileScenarioTests {
    static let base = """
        name: hostile
        cluster:
          namespaces: [web, db]
          workloads:
            - {name: app, namespace: web, ports: [{name: http, port: 8080}]}
            - {name: pg, namespace: db, ports: [5432]}
        """

    struct Case: Sendable, CustomStringConvertible {
        var yaml: String
        var line: Int
        var key: String
        var expectation: String
        var description: String { key.isEmpty ? expectation : key }
    }

    static let traffic =
        "\ntraffic:\n  - {id: t, from: {workload: web/app}, to: {workload: db/pg}, port: 5432, steady: {rate: RATE}}"

    static let cases: [Case] = [
        Case(
            yaml: base.replacingOccurrences(of: "[web, db]", with: "[web, \"x' || all() || a == 'y\"]"), line: 3,
            key: "cluster.namespaces[1]", expectation: "is not a valid RFC 1123 label"),
        Case(
            yaml: base.replacingOccurrences(of: "[web, db]", with: "[web, {name: DB}]"), line: 3,
            key: "cluster.namespaces[1].name", expectation: "\"DB\" is not a valid RFC 1123 label"),
        Case(
            yaml: base.replacingOccurrences(of: "{name: app,", with: "{name: \"app/../x\","), line: 5,
            key: "cluster.workloads[0].name", expectation: "is not a valid RFC 1123 subdomain"),
        Case(
            yaml: base.replacingOccurrences(
                of: "namespace: web, ports", with: "namespace: web, labels: {\"a' || all()\": v}, ports"),
            line: 5, key: "cluster.workloads[0].labels.a' || all()", expectation: "is not a valid label key"),
        Case(
            yaml: base.replacingOccurrences(
                of: "namespace: web, ports", with: "namespace: web, labels: {app: \"w' || all() || 'x\"}, ports"),
            line: 5, key: "cluster.workloads[0].labels.app", expectation: "is not a valid label value"),
        Case(
            yaml: base.replacingOccurrences(of: "name: hostile", with: "name: ../../etc"), line: 1,
            key: "name", expectation: "is not a valid RFC 1123 subdomain"),
        Case(
            yaml: base + traffic.replacingOccurrences(of: "RATE", with: "1e12"), line: 8,
            key: "traffic[0].steady.rate", expectation: "at most 100000 connections per hour"),
        Case(
            yaml: base + traffic.replacingOccurrences(of: "RATE", with: ".inf"), line: 8,
            key: "traffic[0].steady.rate", expectation: "expected a rate"),
        Case(yaml: base + "\nduration: 401d", line: 7, key: "duration", expectation: "at most 400d"),
        Case(
            yaml: base + "\nduration: 99999999999999999999999h", line: 7, key: "duration",
            expectation: "longest accepted duration"),
        Case(
            yaml: base + "\nname: again", line: 7, key: "",
            expectation: "duplicate key \"name\" in one mapping (first at line 1)"),
        Case(
            yaml: base + "\ndescription: " + String(repeating: "[", count: 5_000)
                + String(repeating: "]", count: 5_000),
            line: 7, key: "", expectation: "not valid YAML: nested too deeply"),
    ]

    @Test(arguments: cases)
    func rejectedWithFileLineAndKey(_ c: Case) {
        do {
            _ = try Scenario.parse(c.yaml, file: "hostile.yaml")
            Issue.record("accepted: \(c)")
        } catch {
            #expect(error.file == "hostile.yaml")
            #expect(error.line == c.line, "\(error)")
            #expect(error.key == c.key, "\(error)")
            #expect(error.message.contains(c.expectation), "\(error)")
            #expect(!error.description.contains("\n"), "\(error)")
        }
    }

    @Test func aliasBombUnderExpectIsRefusedBeforeExpansion() {
        var yaml = Self.base + "\nexpect:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<12 {
            yaml += "  a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        do {
            _ = try Scenario.parse(yaml, file: "bomb.yaml")
            Issue.record("alias bomb accepted")
        } catch {
            #expect(error.line == 13, "\(error)")
            #expect(error.message.contains("aliases are expanded"), "\(error)")
        }
    }
}

import ArgumentParser
import Simulation

/// `--l3flow-window START/END`: the window an export of Linseed L3Flows covers (they carry no time of their own).
struct L3FlowWindowOption: ParsableArguments {
    @Option(
        name: .customLong("l3flow-window"),
        help: ArgumentHelp(
            "For Linseed L3Flow exports (aggregates without a time): the window they cover, START/END in RFC 3339.",
            valueName: "start/end"))
    var window: String?

    func validate() throws { _ = try parsed() }

    func parsed() throws -> (start: Int64, end: Int64)? {
        guard let window else { return nil }
        let parts = window.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = SimInstant(rfc3339: String(parts[0])),
            let b = SimInstant(rfc3339: String(parts[1])), a < b
        else {
            throw ValidationError(
                "--l3flow-window: expected START/END in RFC 3339 with START before END, e.g. 2026-01-05T00:00:00Z/2026-01-05T00:10:00Z, got \"\(window)\""
            )
        }
        return (a.unixSeconds, b.unixSeconds)
    }
}

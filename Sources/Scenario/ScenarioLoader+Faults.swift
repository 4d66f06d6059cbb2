import Simulation

extension ScenarioLoader {
    /// `faults: {events: [{at, fault, …}], random: {…}}`.
    func parseFaults(_ c: YAMLCursor, cluster: ClusterSpec) throws(ScenarioError) -> FaultSettings {
        try c.checkKeys(["events", "random"])
        var faults = FaultSettings()
        if let e = try c.optional("events") {
            for item in try e.items() { faults.events.append(try parseFaultEvent(item, cluster: cluster)) }
        }
        faults.events = faults.events.enumerated()
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        if let r = try c.optional("random") { faults.random = try parseRandomFaults(r) }
        return faults
    }

    private func parseFaultEvent(_ c: YAMLCursor, cluster: ClusterSpec) throws(ScenarioError) -> FaultEvent {
        let at = try c.required("at", "a time offset such as 3d or 36h").offset("a time offset such as 3d or 36h")
        let kind = try c.required("fault", "a fault kind").oneOf(Fault.Kind.self)
        func count(_ key: String) throws(ScenarioError) -> Int {
            guard let n = try c.optional(key) else { return 1 }
            let v = try n.int("a positive count")
            guard (1...1_000_000).contains(v) else { throw n.fail("expected a count from 1 to 1000000, got \(v)") }
            return Int(v)
        }
        func namespace() throws(ScenarioError) -> String? {
            guard let n = try c.optional("namespace") else { return nil }
            let name = try n.name(.dns1123Label)
            guard cluster.namespaces.contains(where: { $0.name == name }) else {
                throw n.fail("expected a namespace of the cluster, got \"\(name)\"")
            }
            return name
        }
        let fault: Fault
        switch kind {
        case .engineRestart:
            try c.checkKeys(["at", "fault", "downtime"])
            fault = .engineRestart(downtime: try c.optional("downtime")?.duration(allowZero: true) ?? .zero)
        case .missedTick:
            try c.checkKeys(["at", "fault", "count"])
            fault = .missedTicks(count: try count("count"))
        case .delayedTick:
            try c.checkKeys(["at", "fault", "delay"])
            fault = .delayedTick(delay: try c.required("delay", "how late the tick runs, e.g. 90s").duration())
        case .queryError:
            try c.checkKeys(["at", "fault", "namespace", "count"])
            fault = .queryError(namespace: try namespace(), ticks: try count("count"))
        case .writeFailure:
            try c.checkKeys(["at", "fault", "namespace", "count"])
            fault = .writeFailure(namespace: try namespace(), count: try count("count"))
        }
        return FaultEvent(at: at, fault: fault)
    }

    private func parseRandomFaults(_ c: YAMLCursor) throws(ScenarioError) -> RandomFaults {
        try c.checkKeys([
            "engineRestart", "restartDowntime", "missedTick", "delayedTick", "tickDelay", "queryError", "writeFailure",
        ])
        var r = RandomFaults()
        func probability(_ key: String) throws(ScenarioError) -> Double {
            guard let p = try c.optional(key) else { return 0 }
            let v = try p.double("a probability between 0 and 1")
            guard (0...1).contains(v) else { throw p.fail("expected a probability between 0 and 1, got \(v)") }
            return v
        }
        r.engineRestart = try c.optional("engineRestart")?.duration()
        r.restartDowntime = try c.optional("restartDowntime")?.duration(allowZero: true) ?? .zero
        r.missedTick = try probability("missedTick")
        r.delayedTick = try probability("delayedTick")
        r.tickDelay = try c.optional("tickDelay")?.duration() ?? .minutes(1)
        r.queryError = try probability("queryError")
        r.writeFailure = try probability("writeFailure")
        return r
    }
}

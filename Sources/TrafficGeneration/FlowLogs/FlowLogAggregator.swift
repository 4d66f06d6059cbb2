import CalicoModel
import PolicyEvaluation
import Simulation

/// A flow-log record with the ground truth of the connections it counts (kept outside the Calico fields).
public struct GeneratedFlowLog: Sendable {
    public var log: FlowLog
    public var truth: [PatternCount]
    public init(log: FlowLog, truth: [PatternCount]) { self.log = log; self.truth = truth }
}

/// Turns a window's connection attempts into Calico flow logs under a given policy set.
///
/// For every connection class it evaluates each reporter once — `src` when the source is a Calico endpoint,
/// `dst` when the destination is (and the source's egress allowed it) — and aggregates records the way Felix
/// does at `level` (SPEC §5.2):
/// - 0: one record per 5-tuple (pod names and IPs, an ephemeral source port per pod pair and window);
/// - 1: as 0 without the source port;
/// - 2 (default): pods by `name_aggr` (`frontend-7d4b9c6f5-*`), names `-`, IPs null, addresses as their
///   network set or `pub`/`pvt`;
/// - 3: as 2 without the destination port.
/// Records are kept apart by reporter, action, policy traces and reporting node (`host`), as Felix does.
/// `action` is the enforced verdict; `policies` holds the enforced and pending hit strings.
///
/// Usage: `var agg = FlowLogAggregator(scenario.flowLogs)`, then `agg.flowLogs(window, evaluator: e)` per
/// window. It is `mutating` only to memoise hit strings per distinct verdict.
public struct FlowLogAggregator: Sendable {
    public var level: Int
    public var legacyPolicyNames: Bool

    private var verdictCache: [Verdict: VerdictInfo] = [:]
    private var nextVerdictID: Int32 = 0

    struct VerdictInfo: Sendable {
        var id: Int32
        var enforcedAction: FlowAction
        var enforced: [String]
        var pending: [String]
    }

    public init(level: Int = 2, legacyPolicyNames: Bool = false) {
        precondition((0...3).contains(level), "aggregation level must be 0...3")
        self.level = level; self.legacyPolicyNames = legacyPolicyNames
    }

    public init(_ settings: FlowLogSettings) { self.init(level: settings.aggregation, legacyPolicyNames: settings.legacyPolicyNames) }

    private struct RecordKey: Hashable {
        var reporter: UInt8
        var verdict: Int32
        var source: Int32, destination: Int32, template: Int32, node: Int32
        var sourcePort: Int32
    }

    /// The window's flow-log records, in a deterministic order (first occurrence).
    public mutating func flowLogs(_ window: ConnectionWindow, evaluator: Evaluator) -> [GeneratedFlowLog] {
        var records: [GeneratedFlowLog] = []
        var index: [RecordKey: Int] = [:]
        var interner = Interner()
        records.reserveCapacity(window.connections.count * 2)
        index.reserveCapacity(window.connections.count * 2)
        for cls in window.connections {
            let id = cls.identity ?? interner.identity(of: cls)
            let c = cls.connection
            let aggregated = level >= 2
            let src = aggregated ? id.sourceGroup : id.source
            let dst = aggregated ? id.destinationGroup : id.destination
            var sourcePort: Int32 = -1
            if level == 0 {
                sourcePort = Int32(32768 + SplitMix64.mix(UInt64(UInt32(bitPattern: id.source)) << 32
                    ^ UInt64(UInt32(bitPattern: id.destination)) ^ UInt64(bitPattern: window.start.unixSeconds) &* 31) % 28_232)
            }
            var srcAllowed = true
            for reporter in [Reporter.src, .dst] {
                let reporting = reporter == .src ? c.source : c.destination
                guard reporting.isCalicoEndpoint else { continue }
                if reporter == .dst && !srcAllowed { continue }
                let v = info(for: evaluator.evaluate(c, reporter: reporter))
                if reporter == .src && v.enforcedAction == .deny { srcAllowed = false }
                let key = RecordKey(reporter: reporter == .src ? 0 : 1, verdict: v.id, source: src, destination: dst,
                                    template: id.template, node: reporter == .src ? id.sourceNode : id.destinationNode,
                                    sourcePort: sourcePort)
                let denied = v.enforcedAction == .deny
                let (bOut, bIn, pOut, pIn): (Int64, Int64, Int64, Int64) = {
                    if denied { return reporter == .src ? (60 * cls.count, 0, cls.count, 0) : (0, 60 * cls.count, 0, cls.count) }
                    return reporter == .src ? (cls.bytesSent, cls.bytesReceived, cls.packetsSent, cls.packetsReceived)
                                            : (cls.bytesReceived, cls.bytesSent, cls.packetsReceived, cls.packetsSent)
                }()
                if let i = index[key] {
                    records[i].log.bytesOut += bOut; records[i].log.bytesIn += bIn
                    records[i].log.packetsOut += pOut; records[i].log.packetsIn += pIn
                    records[i].log.numFlows += cls.count; records[i].log.numFlowsStarted += cls.count
                    records[i].log.numFlowsCompleted += cls.count
                    merge(cls.truth, into: &records[i].truth)
                    continue
                }
                var log = makeRecord(cls, reporter: reporter, verdict: v, window: window, sourcePort: sourcePort)
                log.bytesOut = bOut; log.bytesIn = bIn; log.packetsOut = pOut; log.packetsIn = pIn
                log.numFlows = cls.count; log.numFlowsStarted = cls.count; log.numFlowsCompleted = cls.count
                index[key] = records.count
                records.append(GeneratedFlowLog(log: log, truth: cls.truth))
            }
        }
        return records
    }

    private mutating func info(for verdict: Verdict) -> VerdictInfo {
        if let v = verdictCache[verdict] { return v }
        if verdictCache.count >= 50_000 { verdictCache.removeAll(keepingCapacity: true) }
        let v = VerdictInfo(id: nextVerdictID, enforcedAction: verdict.enforced.action,
                            enforced: verdict.enforced.hitStrings(legacy: legacyPolicyNames),
                            pending: verdict.pending.hitStrings(legacy: legacyPolicyNames))
        nextVerdictID &+= 1
        verdictCache[verdict] = v
        return v
    }

    private func merge(_ truth: [PatternCount], into out: inout [PatternCount]) {
        for t in truth {
            if let j = out.firstIndex(where: { $0.patternID == t.patternID }) { out[j].count += t.count } else { out.append(t) }
        }
    }

    private func makeRecord(_ cls: ConnectionClass, reporter: Reporter, verdict: VerdictInfo, window: ConnectionWindow,
                            sourcePort: Int32) -> FlowLog {
        let c = cls.connection
        let aggregated = level >= 2
        func name(_ e: FlowEndpoint) -> String { aggregated || e.kind != .workload ? "-" : e.name }
        func aggr(_ e: FlowEndpoint) -> String { e.aggregatedName }
        func ip(_ e: FlowEndpoint) -> String? { aggregated ? nil : e.ip?.description }
        func labels(_ e: FlowEndpoint) -> [String]? {
            e.kind == .network ? nil : e.labels.sortedPairs.map { "\($0.key)=\($0.value)" }
        }
        var log = FlowLog(startTime: window.start.unixSeconds, endTime: window.end.unixSeconds,
                          sourceName: name(c.source), sourceNameAggr: aggr(c.source), sourceNamespace: c.source.namespace ?? "-",
                          sourceType: c.source.flowLogType,
                          destName: name(c.destination), destNameAggr: aggr(c.destination),
                          destNamespace: c.destination.namespace ?? "-", destType: c.destination.flowLogType,
                          destPort: level == 3 ? nil : c.destinationPort.map(Int64.init), proto: c.protocol.flowLogName,
                          action: verdict.enforcedAction, reporter: reporter,
                          policies: FlowPolicies(enforced: verdict.enforced, pending: verdict.pending))
        log.sourceIP = ip(c.source); log.destIP = ip(c.destination)
        log.sourcePort = sourcePort >= 0 ? Int64(sourcePort) : nil
        log.sourceLabels = labels(c.source); log.destLabels = labels(c.destination)
        if let s = c.service {
            log.destServiceNamespace = s.namespace; log.destServiceName = s.name
            log.destServicePort = s.portName ?? "-"; log.destServicePortNum = s.port.map(Int64.init)
        }
        log.destDomains = c.destinationDomains.isEmpty ? nil : c.destinationDomains
        log.host = (reporter == .src ? cls.sourceNode : cls.destinationNode) ?? ""
        return log
    }
}

/// Interns endpoints and templates of classes built outside the simulator (which carry no identity).
private struct Interner {
    var endpoints: [FlowEndpoint: Int32] = [:]
    var groups: [String: Int32] = [:]
    var templates: [ConnectionTemplate: Int32] = [:]
    var nodes: [String: Int32] = [:]

    mutating func identity(of cls: ConnectionClass) -> ClassIdentity {
        let c = cls.connection
        func endpoint(_ e: FlowEndpoint) -> Int32 {
            if let i = endpoints[e] { return i }
            let i = Int32(endpoints.count); endpoints[e] = i; return i
        }
        func group(_ e: FlowEndpoint) -> Int32 {
            let k = "\(e.flowLogType.rawValue)|\(e.namespace ?? "-")|\(e.aggregatedName)|\(e.ip.map { e.kind == .workload ? "" : "\($0)" } ?? "")"
            if let i = groups[k] { return i }
            let i = Int32(groups.count); groups[k] = i; return i
        }
        func node(_ n: String?) -> Int32 {
            guard let n else { return -1 }
            if let i = nodes[n] { return i }
            let i = Int32(nodes.count); nodes[n] = i; return i
        }
        let t = ConnectionTemplate(port: c.destinationPort, proto: c.protocol, service: c.service, domains: c.destinationDomains)
        let ti: Int32
        if let i = templates[t] { ti = i } else { ti = Int32(templates.count); templates[t] = ti }
        return ClassIdentity(source: endpoint(c.source), destination: endpoint(c.destination), sourceGroup: group(c.source),
                             destinationGroup: group(c.destination), template: ti, sourceNode: node(cls.sourceNode),
                             destinationNode: node(cls.destinationNode))
    }
}

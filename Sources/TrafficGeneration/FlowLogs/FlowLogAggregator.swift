import CalicoModel
import PolicyEvaluation
import Scenario
import Simulation

/// A flow-log record with the ground truth of the connections it counts (kept outside the Calico fields).
public struct GeneratedFlowLog: Sendable {
    public var log: FlowLog
    public var truth: [PatternCount]
    public init(log: consuming FlowLog, truth: consuming [PatternCount]) { self.log = log; self.truth = truth }
}

/// Turns a window's connection attempts into Calico flow logs under a given policy set.
///
/// It evaluates each reporter — `src` when the source is a Calico endpoint, `dst` when the destination is
/// (and the source's egress allowed it) — once per distinct (workload or address, peer, port/service) in the
/// window: pods of one workload share labels, namespace, service account and named ports, so they get the
/// same verdict (set `evaluatePerPod` to evaluate each pod). Records are aggregated the way Felix does at
/// `level` (SPEC §5.2):
/// - 0: one record per 5-tuple (pod names and IPs, an ephemeral source port per pod pair and window);
/// - 1: as 0 without the source port;
/// - 2 (default): pods by `name_aggr` (`frontend-7d4b9c6f5-*`), names `-`, IPs null, addresses as their
///   network set or `pub`/`pvt`;
/// - 3: as 2 without the destination port.
/// Records are kept apart by reporter, action, policy traces and reporting node (`host`), as Felix does.
/// `action` is the enforced verdict; `policies` holds the enforced and pending hit strings.
///
/// Usage: `var agg = FlowLogAggregator(scenario.flowLogs)`, then `agg.flowLogs(window, evaluator: e)` per
/// window. It is `mutating` only for its caches (hit strings per distinct verdict, verdicts reused under an
/// unchanged `policyVersion`, records of earlier windows copied as prototypes); they never change the output.
public struct FlowLogAggregator: Sendable {
    public var level: Int
    public var legacyPolicyNames: Bool
    /// Evaluate every pod separately instead of once per workload per window (only matters for policies
    /// whose `nets` single out pod IPs).
    public var evaluatePerPod = false
    /// Whether records carry their ground truth (`GeneratedFlowLog.truth`, an array per record). A caller that
    /// never reads it turns it off (a run that stores no flow logs and delivers them at once); the records are
    /// otherwise the same.
    public var recordsTruth = true

    private var verdictCache: [Verdict: VerdictInfo] = [:]
    private var nextVerdictID: Int32 = 0
    private var lastVerdictKeys = FastIndex<EvaluationKey>()
    private var lastVerdicts: [(Verdict, VerdictInfo)] = []

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

    public init(_ settings: FlowLogSettings) {
        self.init(level: settings.aggregation, legacyPolicyNames: settings.legacyPolicyNames)
    }

    private struct RecordKey: FastHashable, Sendable {
        var reporter: UInt8
        var verdict: Int32
        var source: Int32, destination: Int32, template: Int32, node: Int32
        var sourcePort: Int32
        var fastHash: UInt64 {
            var x = fastMix(UInt64(UInt32(bitPattern: source)) << 32 | UInt64(UInt32(bitPattern: destination)))
            x = fastMix(x ^ (UInt64(UInt32(bitPattern: template)) << 32 | UInt64(UInt32(bitPattern: verdict))))
            return fastMix(
                x
                    ^ (UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: sourcePort)) << 1
                        | UInt64(reporter)))
        }
    }

    /// Which evaluation a verdict can be shared with inside one window: pods of one workload are
    /// policy-equivalent (same labels, namespace, service account and named ports), addresses are not.
    private struct EvaluationKey: FastHashable, Sendable {
        var reporter: UInt8
        var source: Int32, destination: Int32, template: Int32
        var fastHash: UInt64 {
            fastMix(
                fastMix(UInt64(UInt32(bitPattern: source)) << 32 | UInt64(UInt32(bitPattern: destination)))
                    ^ UInt64(UInt32(bitPattern: template)) << 1 | UInt64(reporter))
        }
    }

    /// Ground truth of a record while the window is aggregated: pattern indices into the run table, or
    /// materialised counts for classes built outside the simulator.
    private struct PendingTruth {
        var first: TruthEntry
        var more: [TruthEntry] = []
        var explicit: [PatternCount] = []
        mutating func add(_ e: TruthEntry) {
            if e.pattern < 0 { return }
            if first.pattern == e.pattern || first.pattern < 0 {
                first.pattern = e.pattern; first.count += e.count
            } else if let j = more.firstIndex(where: { $0.pattern == e.pattern }) {
                more[j].count += e.count
            } else {
                more.append(e)
            }
        }

        /// Adds a connection class's ground truth: table-relative entries for classes of the shared run table,
        /// pattern counts (merged by pattern) for classes built elsewhere.
        @inline(__always)
        mutating func add(_ c: ConnectionClass, shared: Bool) {
            if shared {
                add(c.firstTruth)
                for e in c.moreTruth { add(e) }
            } else {
                for t in c.truth {
                    if let j = explicit.firstIndex(where: { $0.patternID == t.patternID }) {
                        explicit[j].count += t.count
                    } else {
                        explicit.append(t)
                    }
                }
            }
        }

        /// The record's ground truth: explicit counts first, then the shared table's entries by pattern.
        func patternCounts(shared table: ConnectionTables?) -> [PatternCount] {
            var truth = explicit
            if let table, first.pattern >= 0 {
                truth.append(table.patternCount(first))
                for e in more { truth.append(table.patternCount(e)) }
            }
            return truth
        }
    }

    /// Records of earlier windows by key, copied instead of rebuilt (same run only).
    private var prototypeKeys = FastIndex<RecordKey>()
    private var prototypes: [FlowLog] = []
    private var prototypesTable: ConnectionTables?

    /// Verdicts of earlier windows, reusable while the caller's `policyVersion` and the run stay the same.
    private var evaluationKeys = FastIndex<EvaluationKey>()
    private var evaluations: [VerdictInfo] = []
    private var evaluationsVersion: Int?
    private var evaluationsTable: ConnectionTables?
    /// Per evaluation: the reporting endpoint's namespace id and that namespace's stamp when evaluated.
    private var evaluationNamespaces: [Int32] = []
    private var evaluationStamps: [UInt64] = []
    private var versions = NamespacePolicyVersions()

    /// The window's flow-log records, in a deterministic order (first occurrence).
    ///
    /// - Parameter policyVersion: pass the same value for consecutive windows whose policy set has not
    ///   changed, to reuse their verdicts instead of evaluating again; nil (the default) evaluates every window.
    ///   `changedNamespaces`, given with a new `policyVersion`, names the namespaces whose policies changed: a
    ///   reporter's verdict depends only on the policies applying to its endpoint, so verdicts of reporters in
    ///   other namespaces are kept (nil: any namespace may have changed).
    public mutating func flowLogs(
        _ window: ConnectionWindow, evaluator: Evaluator, policyVersion: Int? = nil,
        changedNamespaces: Set<String>? = nil
    ) -> [GeneratedFlowLog] {
        resetMemos(for: window, policyVersion: policyVersion, changedNamespaces: changedNamespaces)
        var records: [GeneratedFlowLog] = []
        var truths: [PendingTruth] = []
        var index = FastIndex<RecordKey>()
        var interner = ClassInterner()
        let classes = window.connections
        records.reserveCapacity(classes.count * 2)
        let withTruth = recordsTruth
        if withTruth { truths.reserveCapacity(classes.count * 2) }
        let aggregated = level >= 2
        let shared = window.table
        for ci in classes.indices {
            let local = classes[ci].identity
            let table = classes[ci].table
            let isShared = shared.map { $0 === table } ?? false
            let id = isShared ? local : interner.identity(of: classes[ci])
            let recordTemplate =
                level < 3
                ? id.template
                : isShared ? table.portlessTemplates[Int(id.template)] : interner.portlessTemplate(of: classes[ci])
            let src = aggregated ? id.sourceGroup : id.source
            let dst = aggregated ? id.destinationGroup : id.destination
            let count = classes[ci].count
            let sourcePort: Int32 = level == 0 ? Self.sourcePort(table: table, id: id, window: window) : -1
            var srcAllowed = true
            for side in 0..<2 {  // source reporter first, then destination (no array per class)
                let isSrc = side == 0
                guard table.fields[Int(isSrc ? local.source : local.destination)].reports else { continue }
                if !isSrc && !srcAllowed { continue }
                let ek = EvaluationKey(
                    reporter: (isSrc ? 0 : 1) + (isShared ? 0 : 2),
                    source: evaluatePerPod || id.sourceGroup < 0 ? Int32.min + id.source : id.sourceGroup,
                    destination: evaluatePerPod || id.destinationGroup < 0
                        ? Int32.min + id.destination : id.destinationGroup,
                    template: id.template)
                let v = verdict(
                    ek, of: classes[ci], evaluator: evaluator, reporter: isSrc ? .src : .dst,
                    namespace: table.fields[Int(isSrc ? local.source : local.destination)].namespace)
                let denied = v.enforcedAction == .deny
                if isSrc && denied { srcAllowed = false }
                let key = RecordKey(
                    reporter: isSrc ? 0 : 1, verdict: v.id, source: src, destination: dst,
                    template: recordTemplate, node: isSrc ? id.sourceNode : id.destinationNode, sourcePort: sourcePort)
                let (bOut, bIn, pOut, pIn) = Self.counters(of: classes[ci], fromSource: isSrc, denied: denied)
                let i: Int
                if let existing = index.find(key) {
                    i = existing
                    records[i].log.bytesOut += bOut; records[i].log.bytesIn += bIn
                    records[i].log.packetsOut += pOut; records[i].log.packetsIn += pIn
                    records[i].log.numFlows += count; records[i].log.numFlowsStarted += count
                    records[i].log.numFlowsCompleted += count
                } else {
                    i = index.insert(key)
                    if isShared, let p = prototypeKeys.find(key) {
                        // Same endpoints, port, node and trace as in an earlier window: copy that record.
                        var g = GeneratedFlowLog(log: prototypes[p], truth: [])
                        g.log.startTime = window.start.unixSeconds; g.log.endTime = window.end.unixSeconds
                        g.log.timestamp = window.end.unixSeconds * 1000
                        (g.log.bytesOut, g.log.bytesIn, g.log.packetsOut, g.log.packetsIn) = (bOut, bIn, pOut, pIn)
                        g.log.numFlows = count; g.log.numFlowsStarted = count; g.log.numFlowsCompleted = count
                        records.append(consume g)
                    } else {
                        records.append(
                            makeRecord(
                                table: table, id: local, reporter: isSrc ? .src : .dst, verdict: v, window: window,
                                sourcePort: sourcePort, counters: (bOut, bIn, pOut, pIn), count: count))
                        if isShared && level > 0 {
                            _ = prototypeKeys.insert(key)
                            prototypes.append(records[i].log)
                        }
                    }
                    if withTruth { truths.append(PendingTruth(first: TruthEntry(pattern: -1, count: 0))) }
                }
                if withTruth { truths[i].add(classes[ci], shared: isShared) }
            }
        }
        if withTruth {
            for i in records.indices { records[i].truth = truths[i].patternCounts(shared: shared) }
        }
        return records
    }

    /// Drops the verdict memo when it cannot be reused (no policy version, another run, too large, or every namespace
    /// may have changed), else marks the changed namespaces stale; drops the record prototypes of another run.
    private mutating func resetMemos(for window: ConnectionWindow, policyVersion: Int?, changedNamespaces: Set<String>?)
    {
        if policyVersion == nil || window.table == nil || window.table !== evaluationsTable
            || evaluations.count > 1_000_000
            || (policyVersion != evaluationsVersion && changedNamespaces == nil)
        {
            evaluationKeys.removeAll()
            evaluations.removeAll(keepingCapacity: true)
            evaluationNamespaces.removeAll(keepingCapacity: true)
            evaluationStamps.removeAll(keepingCapacity: true)
        } else if policyVersion != evaluationsVersion {
            versions.changed(changedNamespaces)
        }
        evaluationsVersion = policyVersion
        evaluationsTable = window.table
        // Prototypes are keyed by table-relative ids and verdict ids (never reused), so only a new run
        // (or their number) invalidates them.
        if window.table !== prototypesTable || prototypes.count > 500_000 {
            prototypeKeys.removeAll()
            prototypes.removeAll(keepingCapacity: true)
            prototypesTable = window.table
        }
    }

    /// A reporter's verdict: from the memo while its namespace's policies are unchanged, else evaluated and memoised.
    @inline(__always)
    private mutating func verdict(
        _ ek: EvaluationKey, of connection: ConnectionClass, evaluator: Evaluator, reporter: Reporter,
        namespace: String?
    ) -> VerdictInfo {
        if let e = evaluationKeys.find(ek), evaluationStamps[e] == versions.stamp(evaluationNamespaces[e]) {
            return evaluations[e]
        }
        let v = info(for: evaluator.evaluate(connection.connection, reporter: reporter), key: ek)
        let ns = versions.id(namespace)
        if let e = evaluationKeys.find(ek) {
            evaluations[e] = v; evaluationNamespaces[e] = ns; evaluationStamps[e] = versions.stamp(ns)
        } else {
            _ = evaluationKeys.insert(ek)
            evaluations.append(v); evaluationNamespaces.append(ns)
            evaluationStamps.append(versions.stamp(ns))
        }
        return v
    }

    /// The ephemeral source port of a non-aggregated record: the class's own, or one derived from its endpoints and
    /// the window (so it is stable within a window and varies between windows).
    static func sourcePort(table: ConnectionTables, id: ClassIdentity, window: ConnectionWindow) -> Int32 {
        table.sourcePort.map(Int32.init)
            ?? Int32(
                32768 + SplitMix64.mix(
                    UInt64(UInt32(bitPattern: id.source)) << 32
                        ^ UInt64(UInt32(bitPattern: id.destination)) ^ UInt64(
                            bitPattern: window.start.unixSeconds) &* 31) % 28_232)
    }

    /// Bytes and packets out and in, as the reporter sees them; a denied connection sends one 60-byte packet.
    @inline(__always)
    static func counters(of c: ConnectionClass, fromSource: Bool, denied: Bool) -> (Int64, Int64, Int64, Int64) {
        if denied { return fromSource ? (60 * c.count, 0, c.count, 0) : (0, 60 * c.count, 0, c.count) }
        return fromSource
            ? (c.bytesSent, c.bytesReceived, c.packetsSent, c.packetsReceived)
            : (c.bytesReceived, c.bytesSent, c.packetsReceived, c.packetsSent)
    }

    /// Hit strings and an id for a verdict. The verdict last seen for the same evaluation key is compared
    /// first (cheap equality), then all verdicts seen (hashing), so equal traces share one id.
    private mutating func info(for verdict: Verdict, key: EvaluationKey) -> VerdictInfo {
        if let slot = lastVerdictKeys.find(key), lastVerdicts[slot].0 == verdict { return lastVerdicts[slot].1 }
        let v = info(for: verdict)  // may reset both caches
        if let slot = lastVerdictKeys.find(key) { lastVerdicts[slot] = (verdict, v); return v }
        if lastVerdicts.count >= 200_000 { lastVerdictKeys.removeAll(); lastVerdicts.removeAll(keepingCapacity: true) }
        _ = lastVerdictKeys.insert(key)
        lastVerdicts.append((verdict, v))
        return v
    }

    private mutating func info(for verdict: Verdict) -> VerdictInfo {
        if let v = verdictCache[verdict] { return v }
        if verdictCache.count >= 50_000 {
            // Forget both caches together, so equal traces never carry two ids in one window.
            verdictCache.removeAll(keepingCapacity: true)
            lastVerdictKeys.removeAll()
            lastVerdicts.removeAll(keepingCapacity: true)
        }
        let v = VerdictInfo(
            id: nextVerdictID, enforcedAction: verdict.enforced.action,
            enforced: verdict.enforced.hitStrings(legacy: legacyPolicyNames),
            pending: verdict.pending.hitStrings(legacy: legacyPolicyNames))
        nextVerdictID &+= 1
        verdictCache[verdict] = v
        return v
    }

    /// Flow-log `*_labels` of an endpoint: `k=v` sorted by key; nil for `pub`/`pvt`.
    private func makeRecord(
        table: ConnectionTables, id: ClassIdentity, reporter: Reporter, verdict: VerdictInfo,
        window: ConnectionWindow, sourcePort: Int32, counters: (Int64, Int64, Int64, Int64),
        count: Int64
    ) -> GeneratedFlowLog {
        let aggregated = level >= 2
        let s = Int(id.source), d = Int(id.destination)
        let t = table.templates[Int(id.template)]
        let f = table.fields
        var g = GeneratedFlowLog(
            log: FlowLog(
                startTime: window.start.unixSeconds, endTime: window.end.unixSeconds,
                sourceName: aggregated || !f[s].isWorkload ? "-" : f[s].name,
                sourceNameAggr: f[s].aggregatedName, sourceNamespace: f[s].namespace, sourceType: f[s].type,
                destName: aggregated || !f[d].isWorkload ? "-" : f[d].name,
                destNameAggr: f[d].aggregatedName, destNamespace: f[d].namespace, destType: f[d].type,
                destPort: level == 3 ? nil : t.port.map(Int64.init), proto: table.protoNames[Int(id.template)],
                action: verdict.enforcedAction, reporter: reporter,
                policies: FlowPolicies(enforced: verdict.enforced, pending: verdict.pending)), truth: [])
        if !aggregated { g.log.sourceIP = f[s].ip; g.log.destIP = f[d].ip }
        g.log.sourcePort = sourcePort >= 0 ? Int64(sourcePort) : nil
        g.log.sourceLabels = table.labels[s]; g.log.destLabels = table.labels[d]
        (g.log.bytesOut, g.log.bytesIn, g.log.packetsOut, g.log.packetsIn) = counters
        g.log.numFlows = count; g.log.numFlowsStarted = count; g.log.numFlowsCompleted = count
        if let svc = t.service {
            g.log.destServiceNamespace = svc.namespace; g.log.destServiceName = svc.name
            g.log.destServicePort = svc.portName ?? "-"; g.log.destServicePortNum = svc.port.map(Int64.init)
        }
        if !t.domains.isEmpty { g.log.destDomains = t.domains }
        g.log.host = table.nodes[reporter == .src ? s : d] ?? ""
        return g
    }
}

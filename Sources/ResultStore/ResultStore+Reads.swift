import CalicoModel
import Simulation

extension ResultStore {
    private static let runColumns = """
        SELECT id, scenario, seed, settings, fingerprint, status, sweep_id, shard, virtual_start, virtual_end, started_at
        FROM run
        """

    /// Every run in the file, oldest first.
    public func runs() throws(StoreError) -> [RunRow] {
        try readRuns("\(Self.runColumns) ORDER BY id") { _ in }
    }

    /// One run, or nil.
    public func run(_ id: Int64) throws(StoreError) -> RunRow? {
        try readRuns("\(Self.runColumns) WHERE id = ?") { $0.bind(1, id) }.first
    }

    /// The most recent run of a scenario (highest id), any status.
    public func latestRun(scenario: String) throws(StoreError) -> RunRow? {
        try readRuns("\(Self.runColumns) WHERE scenario = ? ORDER BY id DESC LIMIT 1") { $0.bind(1, scenario) }.first
    }

    /// The runs of one sweep, oldest first.
    public func sweepRuns(sweepID: String) throws(StoreError) -> [RunRow] {
        try readRuns("\(Self.runColumns) WHERE sweep_id = ? ORDER BY id") { $0.bind(1, sweepID) }
    }

    /// Every metric of every run of a sweep in one query: runs oldest first, each with its metrics ordered
    /// by namespace ('' first) then name (runs without metrics included, with none).
    public func metrics(sweepID: String) throws(StoreError) -> [RunMetrics] {
        var result = try sweepRuns(sweepID: sweepID).map { RunMetrics(run: $0, metrics: []) }
        var position: [Int64: Int] = [:]
        for (index, entry) in result.enumerated() { position[entry.run.id] = index }
        let s = try connection.statement(
            """
            SELECT m.run_id, m.namespace, m.name, m.value
            FROM metric m JOIN run r ON r.id = m.run_id
            WHERE r.sweep_id = ?
            ORDER BY m.run_id, m.namespace, m.name
            """)
        defer { s.reset() }
        s.bind(1, sweepID)
        while try s.step() {
            guard let index = position[s.int64(0)] else { continue }
            result[index].metrics.append(MetricRow(namespace: s.string(1), name: s.string(2), value: s.double(3)))
        }
        return result
    }

    /// A run's recommendation versions in insertion order.
    public func recommendations(run: Int64) throws(StoreError) -> [RecommendationRow] {
        try read(
            """
            SELECT time, namespace, name, status, staged_action, egress_rules, ingress_rules, event, detail, yaml
            FROM recommendation_version WHERE run_id = ? ORDER BY id
            """, run: run
        ) { (s) throws(StoreError) in
            RecommendationRow(
                time: SimInstant(unixSeconds: s.int64(0)), namespace: s.string(1), name: s.string(2),
                status: try decode(s.string(3), column: "status"),
                stagedAction: try decode(s.string(4), column: "staged_action"),
                egressRules: s.int(5), ingressRules: s.int(6),
                event: try decode(s.string(7), column: "event"), detail: s.string(8), yaml: s.string(9))
        }
    }

    /// A run's outcome rows in insertion order.
    public func outcomes(run: Int64) throws(StoreError) -> [OutcomeRow] {
        try read(
            """
            SELECT bucket_start, namespace, pattern_id, rarity, truth, reporter, pending_verdict, enforced_verdict,
                   phase, flows, records
            FROM outcome WHERE run_id = ? ORDER BY id
            """, run: run
        ) { (s) throws(StoreError) in
            OutcomeRow(
                bucketStart: SimInstant(unixSeconds: s.int64(0)), namespace: s.string(1), patternID: s.string(2),
                rarity: try decode(s.string(3), column: "rarity"), truth: try decode(s.string(4), column: "truth"),
                reporter: try decode(s.string(5), column: "reporter"),
                pendingVerdict: try decode(s.string(6), column: "pending_verdict"),
                enforcedVerdict: try decode(s.string(7), column: "enforced_verdict"),
                phase: s.string(8), flows: s.int(9), records: s.int(10))
        }
    }

    /// A run's metrics, ordered by namespace ('' first) then name.
    public func metrics(run: Int64) throws(StoreError) -> [MetricRow] {
        try read(
            "SELECT namespace, name, value FROM metric WHERE run_id = ? ORDER BY namespace, name",
            run: run
        ) { (s) throws(StoreError) in
            MetricRow(namespace: s.string(0), name: s.string(1), value: s.double(2))
        }
    }

    /// A run's faults, in the order they happened.
    public func faults(run: Int64) throws(StoreError) -> [FaultRow] {
        try read("SELECT \(FaultRow.columns) FROM fault WHERE run_id = ? ORDER BY seq", run: run) { s in
            FaultRow(
                time: SimInstant(unixSeconds: s.int64(1)), kind: s.string(2), namespace: s.string(3),
                detail: s.string(4))
        }
    }

    /// A run's class verdicts, ordered by namespace and flow class.
    public func classVerdicts(run: Int64) throws(StoreError) -> [ClassVerdictRow] {
        try read(
            "SELECT \(ClassVerdictRow.columns) FROM class_verdict WHERE run_id = ? ORDER BY namespace, flow_class",
            run: run
        ) { (s) throws(StoreError) in
            ClassVerdictRow(
                namespace: s.string(0), flowClass: s.string(1), patternID: s.string(2),
                rarity: try decode(s.string(3), column: "rarity"),
                truth: try decode(s.string(4), column: "truth"), reporter: try decode(s.string(5), column: "reporter"),
                atStableDeniedFlows: s.int(6),
                atStableFirstDenied: s.optionalInt64(7).map { SimInstant(unixSeconds: $0) },
                afterStableDeniedFlows: s.int(8),
                afterStableFirstDenied: s.optionalInt64(9).map { SimInstant(unixSeconds: $0) },
                learnedAt: s.optionalInt64(10).map { SimInstant(unixSeconds: $0) }, missedFlows: s.int(11),
                firstMissed: s.optionalInt64(12).map { SimInstant(unixSeconds: $0) })
        }
    }

    /// A run's stored flow-log lines in insertion order (empty unless they were stored).
    public func flowLogs(run: Int64) throws(StoreError) -> [FlowLogRow] {
        try read("SELECT line, truth FROM flow_log WHERE run_id = ? ORDER BY id", run: run) { (s) throws(StoreError) in
            FlowLogRow(line: s.string(0), truth: s.string(1))
        }
    }

    // MARK: - Helpers

    private func readRuns(_ sql: String, bind: (Statement) -> Void) throws(StoreError) -> [RunRow] {
        let s = try connection.statement(sql)
        defer { s.reset() }
        bind(s)
        var rows: [RunRow] = []
        while try s.step() {
            let settings: RunSettings
            do throws(SettingsDecodeError) { settings = try RunSettings.decode(json: s.string(3)) } catch {
                throw StoreError(
                    kind: .corruptValue, message: "run \(s.int64(0)): unreadable settings: \(error.message)", path: path
                )
            }
            let info = RunInfo(
                scenario: s.string(1), seed: UInt64(bitPattern: s.int64(2)), settings: settings,
                sweepID: s.optionalString(6), shard: s.optionalString(7),
                virtualStart: SimInstant(unixSeconds: s.int64(8)),
                virtualEnd: SimInstant(unixSeconds: s.int64(9)), startedAt: s.optionalString(10))
            rows.append(
                RunRow(
                    id: s.int64(0), info: info, status: try decode(s.string(5), column: "status"),
                    fingerprint: s.optionalString(4)))
        }
        return rows
    }

    private func read<Row>(
        _ sql: String, run: Int64,
        row: (Statement) throws(StoreError) -> Row
    ) throws(StoreError) -> [Row] {
        let s = try connection.statement(sql)
        defer { s.reset() }
        s.bind(1, run)
        var rows: [Row] = []
        while try s.step() { rows.append(try row(s)) }
        return rows
    }

    private func decode<Value: RawRepresentable>(_ text: String, column: String) throws(StoreError) -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: text) else {
            throw StoreError(kind: .corruptValue, message: "unexpected \(column) value '\(text)'", path: path)
        }
        return value
    }
}

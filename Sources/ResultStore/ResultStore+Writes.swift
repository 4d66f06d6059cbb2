import CalicoModel
import Scenario
import Simulation

extension ResultStore {
    /// Inserts a run with status `running` and commits it, so an interrupted run stays visible.
    public func beginRun(_ info: RunInfo) throws(StoreError) -> Int64 {
        try connection.transaction { () throws(StoreError) -> Int64 in
            let insert = try connection.statement(
                """
                INSERT INTO run (scenario, seed, settings, status, sweep_id, shard, virtual_start, virtual_end, started_at)
                VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)
                """)
            insert.bind(1, info.scenario)
            insert.bind(2, Int64(bitPattern: info.seed))
            insert.bind(3, info.settingsJSON)
            insert.bind(4, info.sweepID)
            insert.bind(5, info.shard)
            insert.bind(6, info.virtualStart.unixSeconds)
            insert.bind(7, info.virtualEnd.unixSeconds)
            insert.bind(8, info.startedAt)
            try insert.run()
            return connection.lastInsertRowID
        }
    }

    /// Marks a run `complete` and stores its fingerprint.
    ///
    /// Accepts a run already marked `incomplete` too: another writer may have opened the file meanwhile.
    public func finishRun(_ id: Int64, fingerprint: String) throws(StoreError) {
        try connection.transaction { () throws(StoreError) in
            let update = try connection.statement(
                "UPDATE run SET status = 'complete', fingerprint = ? WHERE id = ? AND status IN ('running', 'incomplete')"
            )
            update.bind(1, fingerprint)
            update.bind(2, id)
            try update.run()
            if connection.changes != 1 {
                throw StoreError(
                    kind: .unknownRun, message: "run \(id) does not exist or is already complete", path: path)
            }
        }
    }

    /// Marks a run that was still being written `interrupted`: it stopped on request (SIGINT/SIGTERM), its rows
    /// are partial. Returns whether the run was marked (a finished run is left as it is).
    @discardableResult
    public func markRunInterrupted(_ id: Int64) throws(StoreError) -> Bool {
        try connection.transaction { () throws(StoreError) -> Bool in
            let update = try connection.statement(
                "UPDATE run SET status = 'interrupted' WHERE id = ? AND status IN ('running', 'incomplete')")
            update.bind(1, id)
            try update.run()
            return connection.changes == 1
        }
    }

    /// Appends recommendation versions to a run in one transaction (all or nothing).
    public func append(recommendations rows: some Sequence<RecommendationRow>, run: Int64) throws(StoreError) {
        try writeChunk(
            run: run,
            sql: """
                INSERT INTO recommendation_version
                    (run_id, time, namespace, name, status, staged_action, egress_rules, ingress_rules, event, detail, yaml)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rows: rows
        ) { insert, row in
            insert.bind(2, row.time.unixSeconds)
            insert.bind(3, row.namespace)
            insert.bind(4, row.name)
            insert.bind(5, row.status.rawValue)
            insert.bind(6, row.stagedAction.rawValue)
            insert.bind(7, row.egressRules)
            insert.bind(8, row.ingressRules)
            insert.bind(9, row.event.rawValue)
            insert.bind(10, row.detail)
            insert.bind(11, row.yaml)
        }
    }

    /// Appends aggregated outcome rows to a run in one transaction (all or nothing).
    ///
    /// The hot path of a run: text columns are bound without copies (see `Statement.withBorrowed`).
    public func append(outcomes rows: some Sequence<OutcomeRow>, run: Int64) throws(StoreError) {
        try connection.transaction { () throws(StoreError) in
            try requireWritable(run)
            let insert = try connection.statement(
                """
                INSERT INTO outcome
                    (run_id, bucket_start, namespace, pattern_id, rarity, truth, reporter, pending_verdict,
                     enforced_verdict, phase, flows, records)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for row in rows {
                insert.bind(1, run)
                insert.bind(2, row.bucketStart.unixSeconds)
                insert.bind(6, static: row.truth.sqlText)
                insert.bind(7, static: row.reporter.sqlText)
                insert.bind(8, static: row.pendingVerdict.sqlText)
                insert.bind(9, static: row.enforcedVerdict.sqlText)
                insert.bind(11, row.flows)
                insert.bind(12, row.records)
                try insert.withBorrowed(3, row.namespace) { () throws(StoreError) in
                    try insert.withBorrowed(4, row.patternID) { () throws(StoreError) in
                        try insert.withBorrowed(5, row.rarity.rawValue) { () throws(StoreError) in
                            try insert.withBorrowed(10, row.phase) { () throws(StoreError) in try insert.run() }
                        }
                    }
                }
            }
        }
    }

    /// Appends metrics to a run in one transaction; a (namespace, name) pair may be stored once per run.
    public func append(metrics rows: some Sequence<MetricRow>, run: Int64) throws(StoreError) {
        try writeChunk(
            run: run, sql: "INSERT INTO metric (run_id, namespace, name, value) VALUES (?, ?, ?, ?)",
            rows: rows
        ) { insert, row in
            insert.bind(2, row.namespace)
            insert.bind(3, row.name)
            insert.bind(4, row.value)
        }
    }

    /// Stores a run's class verdicts in one transaction.
    public func append(classVerdicts rows: some Sequence<ClassVerdictRow>, run: Int64) throws(StoreError) {
        try writeChunk(
            run: run,
            sql:
                "INSERT INTO class_verdict (run_id, \(ClassVerdictRow.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows: rows
        ) { insert, row in
            insert.bind(2, row.namespace)
            insert.bind(3, row.flowClass)
            insert.bind(4, row.patternID)
            insert.bind(5, row.rarity.rawValue)
            insert.bind(6, row.truth.rawValue)
            insert.bind(7, row.reporter.rawValue)
            insert.bind(8, row.atStableDeniedFlows)
            insert.bind(9, row.atStableFirstDenied?.unixSeconds)
            insert.bind(10, row.afterStableDeniedFlows)
            insert.bind(11, row.afterStableFirstDenied?.unixSeconds)
            insert.bind(12, row.learnedAt?.unixSeconds)
            insert.bind(13, row.missedFlows)
            insert.bind(14, row.firstMissed?.unixSeconds)
        }
    }

    /// Appends a run's faults, numbered in the given order.
    public func append(faults rows: [FaultRow], run: Int64) throws(StoreError) {
        try writeChunk(
            run: run, sql: "INSERT INTO fault (run_id, \(FaultRow.columns)) VALUES (?, ?, ?, ?, ?, ?)",
            rows: Array(rows.enumerated())
        ) { insert, item in
            insert.bind(2, Int64(item.offset))
            insert.bind(3, item.element.time.unixSeconds)
            insert.bind(4, item.element.kind)
            insert.bind(5, item.element.namespace)
            insert.bind(6, item.element.detail)
        }
    }

    /// Appends raw flow-log lines with their ground truth (JSON text each) in one transaction.
    public func append(flowLogs rows: some Sequence<(line: String, truth: String)>, run: Int64) throws(StoreError) {
        try writeChunk(
            run: run, sql: "INSERT INTO flow_log (run_id, line, truth) VALUES (?, ?, ?)",
            rows: rows
        ) { insert, row in
            insert.bind(2, row.line)
            insert.bind(3, row.truth)
        }
    }

    /// Appends `FlowLogRow`s (same as the tuple form).
    public func append(flowLogs rows: some Sequence<FlowLogRow>, run: Int64) throws(StoreError) {
        try append(flowLogs: rows.lazy.map { (line: $0.line, truth: $0.truth) }, run: run)
    }

    /// Deletes a run and (by cascade) everything recorded for it. Returns whether it existed.
    @discardableResult
    public func deleteRun(_ id: Int64) throws(StoreError) -> Bool {
        try connection.transaction { () throws(StoreError) -> Bool in
            let delete = try connection.statement("DELETE FROM run WHERE id = ?")
            delete.bind(1, id)
            try delete.run()
            return connection.changes == 1
        }
    }

    /// One transaction: check the run is writable, then bind and step the cached insert per row.
    private func writeChunk<Rows: Sequence>(
        run: Int64, sql: String, rows: Rows,
        bind: (Statement, Rows.Element) -> Void
    ) throws(StoreError) {
        try connection.transaction { () throws(StoreError) in
            try requireWritable(run)
            let insert = try connection.statement(sql)
            for row in rows {
                insert.bind(1, run)
                bind(insert, row)
                try insert.run()
            }
        }
    }

    private func requireWritable(_ run: Int64) throws(StoreError) {
        let check = try connection.statement("SELECT status FROM run WHERE id = ?")
        check.bind(1, run)
        defer { check.reset() }
        guard try check.step() else {
            throw StoreError(kind: .unknownRun, message: "run \(run) does not exist", path: path)
        }
        if check.string(0) == RunStatus.complete.rawValue {
            throw StoreError(kind: .unknownRun, message: "run \(run) is complete; it takes no more rows", path: path)
        }
    }
}

// Constant column texts, bound without copying on the hot insert path.
extension GroundTruth {
    var sqlText: StaticString {
        switch self {
        case .legit: "legit";
        case .attack: "attack"
        }
    }
}

extension Reporter {
    var sqlText: StaticString {
        switch self {
        case .src: "src";
        case .dst: "dst";
        case .fwd: "fwd"
        }
    }
}

extension FlowAction {
    var sqlText: StaticString {
        switch self {
        case .allow: "allow";
        case .deny: "deny"
        }
    }
}

import CSQLite

/// One input of a merge: a results file opened read-only and checked, with its runs listed.
///
/// Every check happens here, before the output is touched, so a refused input leaves the output as it was.
final class MergeSource {
    struct Run {
        let id: Int64
        let key: RunKey
        let status: RunStatus
        let fingerprint: String?
    }

    let path: String
    let connection: SQLiteConnection
    let runs: [Run]

    /// Opens `path` read-only; throws `.open` (missing/unreadable), `.corruptFile` (not SQLite, truncated,
    /// damaged), `.schemaMismatch`/`.schemaTooNew` (not this build's schema version), each naming the file.
    init(path: String) throws(StoreError) {
        self.path = path
        connection = try SQLiteConnection(path: path, readOnly: true)
        let version: Int, tables: Int
        do {
            let statement = try connection.statement("PRAGMA user_version", cached: false)
            version = try statement.step() ? statement.int(0) : 0
            statement.finalize()
            let count = try connection.statement("SELECT count(*) FROM sqlite_master", cached: false)
            tables = try count.step() ? count.int(0) : 0
            count.finalize()
        } catch {
            throw StoreError(
                kind: .corruptFile, message: "not a readable results database: \(error.message)",
                code: error.code, path: path)
        }
        let ours = Migrations.latestVersion
        if tables == 0 {
            // SQLite reads a missing or cut-off header as an empty database.
            throw StoreError(
                kind: .corruptFile, message: "holds no tables: empty, truncated, or not an SQLite database",
                path: path)
        }
        if version != ours {
            let what =
                version == 0
                ? "is not a recsim results database (schema version 0)"
                : "has schema version \(version)"
            throw StoreError(
                kind: version > ours ? .schemaTooNew : .schemaMismatch,
                message: "\(what); this build merges only version \(ours)", path: path)
        }
        try connection.requireIntact(path: path, role: "database")
        do throws(StoreError) {
            let list = try connection.statement(
                """
                SELECT id, sweep_id, scenario, settings, seed, status, fingerprint FROM run ORDER BY id
                """, cached: false)
            var runs: [Run] = []
            while try list.step() {
                guard let status = RunStatus(rawValue: list.string(5)) else {
                    throw StoreError(
                        kind: .corruptValue, message: "unexpected status value '\(list.string(5))'", path: path)
                }
                let key = RunKey(
                    sweepID: list.optionalString(1), scenario: list.string(2), settingsJSON: list.string(3),
                    seed: UInt64(bitPattern: list.int64(4)))
                runs.append(Run(id: list.int64(0), key: key, status: status, fingerprint: list.optionalString(6)))
            }
            list.finalize()
            self.runs = runs
        } catch {
            throw StoreError(
                kind: .corruptFile, message: "cannot list runs: \(error.message)", code: error.code,
                statement: error.statement, path: path)
        }
    }

    deinit { connection.close() }

    /// The distinct non-nil sweep ids of this file's runs, sorted.
    var sweepIDs: [String] { Array(Set(runs.compactMap(\.key.sweepID))).sorted() }

    /// Refuses inputs that between them hold runs of more than one sweep.
    static func requireOneSweep(_ sources: [MergeSource]) throws(StoreError) -> String? {
        var firstFile: [(sweep: String, path: String)] = []
        for source in sources {
            for sweep in source.sweepIDs where !firstFile.contains(where: { $0.sweep == sweep }) {
                firstFile.append((sweep, source.path))
            }
        }
        guard firstFile.count <= 1 else {
            let list = firstFile.map { "'\($0.sweep)' (first in \($0.path))" }.joined(separator: ", ")
            throw StoreError(
                kind: .sweepConflict, message: "inputs hold runs of different sweeps: \(list)",
                path: firstFile[1].path)
        }
        return firstFile.first?.sweep
    }

    /// The tables copied for each run, as (table, columns copied after `run_id`, order).
    static let childTables: [(table: String, columns: String, order: String)] = [
        (
            "recommendation_version",
            "time, namespace, name, status, staged_action, egress_rules, ingress_rules, event, detail, yaml", "id"
        ),
        (
            "outcome",
            "bucket_start, namespace, pattern_id, rarity, truth, reporter, pending_verdict, enforced_verdict, phase, flows, records",
            "id"
        ),
        ("metric", "namespace, name, value", "namespace, name"),
        ("class_verdict", ClassVerdictRow.columns, "namespace, flow_class"),
        ("fault", FaultRow.columns, "seq"),
        ("flow_log", "line, truth", "id"),
    ]

    /// Copies one run and its child rows into `output` (inside the caller's transaction); returns the new id.
    func copy(run: Run, into output: SQLiteConnection) throws(StoreError) -> Int64 {
        let insertRun = try output.statement(
            """
            INSERT INTO run (scenario, seed, settings, fingerprint, status, sweep_id, shard, virtual_start, virtual_end, started_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let selectRun = try readStatement(
            """
            SELECT scenario, seed, settings, fingerprint,
                   CASE status WHEN 'running' THEN 'incomplete' ELSE status END,
                   sweep_id, shard, virtual_start, virtual_end, started_at
            FROM run WHERE id = ?
            """)
        selectRun.bind(1, run.id)
        guard try readStep(selectRun) else {
            throw StoreError(kind: .corruptFile, message: "run \(run.id) disappeared while merging", path: path)
        }
        for column in 0..<selectRun.columnCount { insertRun.bind(column + 1, copyOf: selectRun, column: column) }
        try insertRun.run()
        selectRun.reset()
        let newID = output.lastInsertRowID

        for child in Self.childTables {
            let count = Int32(child.columns.split(separator: ",").count)
            let placeholders = Array(repeating: "?", count: Int(count) + 1).joined(separator: ", ")
            let insert = try output.statement(
                "INSERT INTO \(child.table) (run_id, \(child.columns)) VALUES (\(placeholders))")
            let select = try readStatement(
                "SELECT \(child.columns) FROM \(child.table) WHERE run_id = ? ORDER BY \(child.order)")
            select.bind(1, run.id)
            defer { select.reset() }
            while try readStep(select) {
                insert.bind(1, newID)
                for column in 0..<count { insert.bind(column + 2, copyOf: select, column: column) }
                try insert.run()
            }
        }
        return newID
    }

    /// A statement on the input; failures name the input file.
    private func readStatement(_ sql: String) throws(StoreError) -> Statement {
        do { return try connection.statement(sql) } catch {
            throw StoreError(kind: .corruptFile, message: error.message, code: error.code, statement: sql, path: path)
        }
    }

    private func readStep(_ statement: Statement) throws(StoreError) -> Bool {
        do { return try statement.step() } catch {
            throw StoreError(
                kind: .corruptFile, message: error.message, code: error.code,
                statement: statement.sql, path: path)
        }
    }
}

import CSQLite

/// The results database: one SQLite file holding many runs; the only code in recsim that speaks SQL.
///
/// Opening for writing creates the file if needed, switches it to WAL, enables foreign keys, applies
/// pending migrations, and marks runs left `running` by an earlier process as `incomplete` (see
/// `runsMarkedIncomplete`). One process writes a file at a time; sharded sweeps write one file per shard
/// and merge them with `merge(into:from:)`.
///
/// A store owns one connection and is not `Sendable`: use it from one task or actor.
public final class ResultStore {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Create/migrate as needed; stale `running` runs become `incomplete`.
        case readWrite
        /// Never writes; the schema must already be at `ResultStore.latestSchemaVersion`.
        case readOnly
    }

    /// The file this store reads and writes.
    public let path: String
    public let mode: Mode
    /// Runs found `running` when this store opened the file for writing and marked `incomplete`, by id.
    public private(set) var runsMarkedIncomplete: [Int64] = []

    let connection: SQLiteConnection

    /// The schema version this build writes.
    public static var latestSchemaVersion: Int { Migrations.latestVersion }

    /// Opens (and if needed creates and migrates) the database at `path`.
    public init(path: String, mode: Mode = .readWrite, busyTimeoutMilliseconds: Int32 = 5_000) throws(StoreError) {
        self.path = path
        self.mode = mode
        connection = try SQLiteConnection(path: path, readOnly: mode == .readOnly)
        sqlite3_busy_timeout(connection.handle, busyTimeoutMilliseconds)
        switch mode {
        case .readWrite:
            // WAL: readers never block the writer; NORMAL sync is crash-safe for a killed process.
            try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
            // Migrations run with foreign keys off (a rebuilt table must not cascade to its children) and end
            // with `foreign_key_check`.
            try migrate()
            try connection.execute("PRAGMA foreign_keys = ON")
            runsMarkedIncomplete = try markStaleRunsIncomplete()
        case .readOnly:
            try connection.execute("PRAGMA foreign_keys = ON")
            let version = try schemaVersion
            if version != Migrations.latestVersion {
                throw StoreError(
                    kind: version > Migrations.latestVersion ? .schemaTooNew : .schemaMismatch,
                    message: "schema version \(version), this build reads \(Migrations.latestVersion)",
                    path: path)
            }
        }
    }

    /// Closes the connection now (it is also closed when the store is released).
    public func close() { connection.close() }

    /// The schema version recorded in the file (`PRAGMA user_version`, mirrored in `schema_migrations`).
    public var schemaVersion: Int {
        get throws(StoreError) { try pragmaInt("user_version") }
    }

    /// The journal mode SQLite reports (`wal` once opened for writing).
    public var journalMode: String {
        get throws(StoreError) {
            let statement = try connection.statement("PRAGMA journal_mode")
            defer { statement.reset() }
            return try statement.step() ? statement.string(0) : ""
        }
    }

    /// Whether foreign-key enforcement is on for this connection.
    public var foreignKeysEnabled: Bool {
        get throws(StoreError) { try pragmaInt("foreign_keys") == 1 }
    }

    /// SQLite's `PRAGMA integrity_check` result lines (`["ok"]` for a healthy file).
    public func integrityCheck() throws(StoreError) -> [String] {
        let statement = try connection.statement("PRAGMA integrity_check")
        defer { statement.reset() }
        var lines: [String] = []
        while try statement.step() { lines.append(statement.string(0)) }
        return lines
    }

    /// Folds the WAL back into the main file (useful before copying the file elsewhere).
    public func checkpoint() throws(StoreError) {
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    func pragmaInt(_ name: String) throws(StoreError) -> Int {
        let statement = try connection.statement("PRAGMA \(name)")
        defer { statement.reset() }
        return try statement.step() ? statement.int(0) : 0
    }

    private func migrate() throws(StoreError) {
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name    TEXT NOT NULL
            )
            """)
        // Re-read the version inside the write lock so two processes opening a new file agree.
        try connection.transaction { () throws(StoreError) in
            let current = try pragmaInt("user_version")
            if current > Migrations.latestVersion {
                throw StoreError(
                    kind: .schemaTooNew,
                    message: "schema version \(current) is newer than this build's \(Migrations.latestVersion)",
                    path: path)
            }
            for migration in Migrations.all where migration.version > current {
                try connection.execute(migration.sql)
                let record = try connection.statement("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")
                record.bind(1, migration.version)
                record.bind(2, migration.name)
                try record.run()
                try connection.execute("PRAGMA user_version = \(migration.version)")
            }
            let violations = try connection.statement("PRAGMA foreign_key_check")
            defer { violations.reset() }
            if try violations.step() {
                throw StoreError(
                    kind: .corruptFile,
                    message: "migration left a row whose run is missing (table \(violations.string(0)))",
                    path: path)
            }
        }
    }

    private func markStaleRunsIncomplete() throws(StoreError) -> [Int64] {
        try connection.transaction { () throws(StoreError) -> [Int64] in
            let select = try connection.statement("SELECT id FROM run WHERE status = 'running' ORDER BY id")
            var ids: [Int64] = []
            while try select.step() { ids.append(select.int64(0)) }
            if !ids.isEmpty {
                try connection.statement("UPDATE run SET status = 'incomplete' WHERE status = 'running'").run()
            }
            return ids
        }
    }
}

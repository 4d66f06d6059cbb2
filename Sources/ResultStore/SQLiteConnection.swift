import CSQLite

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `SQLITE_TRANSIENT`: SQLite copies bound text before `bind` returns (the C macro is not imported).
private let transientDestructor = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// One SQLite connection with a cache of prepared statements.
///
/// Not thread-safe: a `ResultStore` owns exactly one and uses it from one isolation domain.
final class SQLiteConnection {
    let path: String
    private(set) var handle: OpaquePointer?
    private var cache: [String: Statement] = [:]

    init(path: String, readOnly: Bool) throws(StoreError) {
        self.path = path
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw StoreError(kind: .open, message: message, code: rc, path: path)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { close() }

    func close() {
        for statement in cache.values { statement.finalize() }
        cache.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    func error(_ kind: StoreError.Kind, _ rc: Int32, _ sql: String?) -> StoreError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "connection closed"
        return StoreError(kind: kind, message: message + osReason(rc), code: rc & 0xFF, statement: sql, path: path)
    }

    /// For I/O failures, the operating system's reason (so a full disk reads "No space left on device", not a
    /// generic "disk I/O error").
    func osReason(_ rc: Int32) -> String {
        let primary = rc & 0xFF
        guard primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN, let handle else {
            return ""
        }
        let number = sqlite3_system_errno(handle)
        return number == 0 ? "" : " (\(String(cString: strerror(number))))"
    }

    /// Runs one or more statements without results (DDL, pragmas, transaction control).
    func execute(_ sql: String) throws(StoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message =
                (errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))) + osReason(rc)
            sqlite3_free(errorMessage)
            throw StoreError(kind: .step, message: message, code: rc & 0xFF, statement: sql, path: path)
        }
    }

    /// A prepared statement for `sql`, compiled once per connection and reset before reuse.
    func statement(_ sql: String, cached: Bool = true) throws(StoreError) -> Statement {
        if cached, let cached = cache[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(.prepare, rc, sql) }
        let statement = Statement(raw, sql: sql, connection: self)
        if cached { cache[sql] = statement }
        return statement
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; any thrown error rolls the whole transaction back.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
            throw error
        }
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    var changes: Int { Int(sqlite3_changes(handle)) }
}

/// A prepared statement; bind with 1-based indices, then `step` or `run`.
final class Statement {
    private var raw: OpaquePointer?
    let sql: String
    unowned let connection: SQLiteConnection

    init(_ raw: OpaquePointer, sql: String, connection: SQLiteConnection) {
        self.raw = raw; self.sql = sql; self.connection = connection
    }

    func finalize() { sqlite3_finalize(raw); raw = nil }
    deinit { sqlite3_finalize(raw) }
    func reset() { sqlite3_reset(raw); sqlite3_clear_bindings(raw) }

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(raw, index, value) }
    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(raw, index, Int64(value)) }
    func bind(_ index: Int32, _ value: Double) { sqlite3_bind_double(raw, index, value) }
    func bind(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { bytes in
            if let base = bytes.baseAddress, bytes.count > 0 {
                let chars = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
                _ = sqlite3_bind_text(raw, index, chars, Int32(bytes.count), transientDestructor)
            } else {
                _ = sqlite3_bind_text(raw, index, "", 0, transientDestructor)
            }
        }
    }
    /// Binds a compile-time constant without copying it (`SQLITE_STATIC`): its storage lives forever.
    func bind(_ index: Int32, static value: StaticString) {
        value.withUTF8Buffer { bytes in
            let chars = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
            _ = sqlite3_bind_text(raw, index, chars, Int32(bytes.count), nil)
        }
    }
    /// Binds `value` without copying (`SQLITE_STATIC`), runs `body` (which must step) while the bytes are
    /// pinned, then unbinds before they go away. Saves a malloc per text column on hot insert paths.
    func withBorrowed<T>(_ index: Int32, _ value: String, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        var value = value
        let result: Result<T, StoreError> = value.withUTF8 { bytes in
            let chars =
                bytes.count > 0
                ? UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
                : UnsafePointer<CChar>(bitPattern: 1)!  // never read: length 0
            sqlite3_bind_text(raw, index, chars, Int32(bytes.count), nil)
            defer { sqlite3_bind_null(raw, index) }
            do throws(StoreError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(raw, index) }
    }
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(raw, index) }
    }

    /// Steps once; true while a row is available.
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(raw)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.error(.step, rc, sql)
            sqlite3_reset(raw)
            throw error
        }
    }

    /// Steps to completion, then resets so the statement is reusable.
    func run() throws(StoreError) {
        while try step() {}
        sqlite3_reset(raw)
    }

    /// Copies column `column` of `source`'s current row into parameter `index`, type and all (merge copies).
    func bind(_ index: Int32, copyOf source: Statement, column: Int32) {
        sqlite3_bind_value(raw, index, sqlite3_column_value(source.raw, column))
    }

    var columnCount: Int32 { sqlite3_column_count(raw) }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(raw, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(raw, column)) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(raw, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(raw, column) == SQLITE_NULL }
    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(raw, column) else { return "" }
        let count = Int(sqlite3_column_bytes(raw, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }
    func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
}

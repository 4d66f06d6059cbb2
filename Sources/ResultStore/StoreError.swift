/// A failure talking to the results database, with enough context to reproduce it.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: String, Sendable, Equatable {
        /// The file could not be opened or created.
        case open
        /// A statement failed to compile (a bug in this target, or a foreign database).
        case prepare
        /// A statement failed while running (constraint violation, I/O error, busy timeout, ...).
        case step
        /// The file was written by a newer `recsim` whose schema this build does not know.
        case schemaTooNew
        /// The file is not a results database (or its schema does not match the expected version).
        case schemaMismatch
        /// A row referenced a run that does not exist or is not writable.
        case unknownRun
        /// A stored value could not be decoded into its Swift type.
        case corruptValue
        /// The file is damaged or not an SQLite database at all (failed to read, or `quick_check` found problems).
        case corruptFile
        /// A merge would mix runs of different sweeps.
        case sweepConflict
        /// Stopped on request (SIGINT/SIGTERM); the transaction was rolled back.
        case interrupted
    }

    public var kind: Kind
    /// SQLite's (or this target's) message.
    public var message: String
    /// The SQLite primary result code (0 when the error did not come from SQLite).
    public var code: Int32
    /// The SQL statement that failed, if any.
    public var statement: String?
    /// The database file.
    public var path: String

    public init(kind: Kind, message: String, code: Int32 = 0, statement: String? = nil, path: String) {
        self.kind = kind; self.message = message; self.code = code; self.statement = statement; self.path = path
    }

    public var description: String {
        var text = "\(path): \(kind.rawValue) failed: \(message)"
        if code != 0 { text += " (sqlite code \(code))" }
        if let statement { text += "\n  in: \(statement)" }
        return text
    }
}

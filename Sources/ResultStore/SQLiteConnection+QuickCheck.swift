extension SQLiteConnection {
    /// Throws `.corruptFile` naming `path` unless SQLite's `quick_check` finds the file intact. quick_check reads
    /// every page of every table (not index contents), so a truncated or damaged file fails here rather than
    /// halfway through a copy or a write.
    func requireIntact(path: String, role: String) throws(StoreError) {
        var problems: [String] = []
        do {
            let check = try statement("PRAGMA quick_check(5)", cached: false)
            while try check.step() { problems.append(check.string(0)) }
            check.finalize()
        } catch {
            throw StoreError(
                kind: .corruptFile, message: "damaged \(role): \(error.message)", code: error.code, path: path)
        }
        if problems != ["ok"] {
            throw StoreError(
                kind: .corruptFile, message: "damaged \(role): \(problems.joined(separator: "; "))", path: path)
        }
    }
}

import Foundation
import Simulation

/// What a merge did.
public struct MergeSummary: Sendable, Hashable {
    /// Per input file, in the order given.
    public struct Input: Sendable, Hashable {
        public var path: String
        /// Runs in the file.
        public var runs: Int
        /// Of those, runs copied into the output.
        public var added: Int
    }

    public var inputs: [Input]
    /// The one sweep the inputs belong to (nil when none of their runs has a sweep id).
    public var sweepID: String?
    /// Ids of the runs added to the output, in canonical `RunKey` order (which is also their id order).
    public var addedRunIDs: [Int64]
    /// Input runs not copied because the output (or an earlier input) already holds that run.
    public var skippedDuplicates: Int
    /// Output runs removed because a `complete` copy of the same run replaced an `incomplete` one.
    public var replacedIncompleteRunIDs: [Int64]
    /// Runs present as `complete` more than once with different fingerprints: a determinism finding
    /// (same seed and settings should give the same rows). The first complete copy is kept.
    public var fingerprintMismatches: [RunKey]
}

extension ResultStore {
    /// Merges results files (e.g. the shards of a sweep) into the file at `outPath`, creating it if needed.
    ///
    /// Every input is opened read-only and checked first — schema version equal to this build's, a
    /// readable undamaged file, all runs of at most one sweep (and the output holding no other sweep) — so
    /// a refused input leaves the output untouched; so is a damaged output. Then all runs are copied in one transaction.
    /// See `merge(from:)` for identity, ordering and duplicates.
    @discardableResult
    public static func merge(into outPath: String, from inputs: [String]) throws(StoreError) -> MergeSummary {
        let sources = try openSources(inputs)
        if FileManager.default.fileExists(atPath: outPath) {
            // Checked before it is opened for writing (which migrates and updates it).
            let existing = try SQLiteConnection(path: outPath, readOnly: true)
            defer { existing.close() }
            try existing.requireIntact(path: outPath, role: "output database (nothing was merged)")
        }
        let store = try ResultStore(path: outPath)
        defer { store.close() }
        return try store.merge(sources)
    }

    /// Merges results files into this store in one transaction; a failure leaves it unchanged.
    ///
    /// - A run is identified by its `RunKey` (sweep, scenario, settings JSON, seed), never by id or shard:
    ///   merging an input twice, or two inputs holding the same run, adds it once.
    /// - New runs are inserted in `RunKey` order, so merging any sharding of a sweep into an empty file
    ///   gives the same run ids and rows as merging the unsharded file. Child rows keep their input order.
    /// - A `complete` run wins over `incomplete`/`running` copies of it (an incomplete copy already in this
    ///   store is deleted and replaced); otherwise the copy already present, or the first input's, wins.
    ///   Runs still `running` in an input arrive as `incomplete`.
    /// - Throws `.sweepConflict` if the inputs hold more than one sweep, or this store holds a sweep other
    ///   than theirs; `.corruptFile`, `.schemaMismatch`, `.schemaTooNew` or `.open` naming a bad input.
    @discardableResult
    public func merge(from inputs: [String]) throws(StoreError) -> MergeSummary {
        try merge(try Self.openSources(inputs))
    }

    private static func openSources(_ paths: [String]) throws(StoreError) -> [MergeSource] {
        var sources: [MergeSource] = []
        for path in paths { sources.append(try MergeSource(path: path)) }
        _ = try MergeSource.requireOneSweep(sources)
        return sources
    }

    private struct Existing {
        var hasComplete = false
        var completeFingerprint: String?
        var incompleteIDs: [Int64] = []
    }

    private func merge(_ sources: [MergeSource]) throws(StoreError) -> MergeSummary {
        let sweepID = try MergeSource.requireOneSweep(sources)
        // The output is checked like the inputs: merging into a damaged file would only spread the damage.
        try connection.requireIntact(path: path, role: "output database (nothing was merged)")
        return try connection.transaction { () throws(StoreError) -> MergeSummary in
            // What the output holds, by key (read inside the write lock).
            var existing: [RunKey: Existing] = [:]
            var otherSweeps: Set<String> = []
            for run in try runs() {
                let key = run.info.key
                if let sweep = key.sweepID, sweep != sweepID { otherSweeps.insert(sweep) }
                if run.status == .complete {
                    if existing[key]?.hasComplete != true {
                        existing[key, default: Existing()].hasComplete = true
                        existing[key]!.completeFingerprint = run.fingerprint
                    }
                } else {
                    existing[key, default: Existing()].incompleteIDs.append(run.id)
                }
            }
            if let sweepID, !otherSweeps.isEmpty {
                throw StoreError(
                    kind: .sweepConflict,
                    message:
                        "already holds runs of sweep \(otherSweeps.sorted().map { "'\($0)'" }.joined(separator: ", ")); "
                        + "the inputs are sweep '\(sweepID)'", path: path)
            }

            // Choose one copy per key among the inputs: the first complete one, else the first one.
            var chosen: [RunKey: (source: Int, run: MergeSource.Run)] = [:]
            var mismatches: Set<RunKey> = []
            var skipped = 0
            for (index, source) in sources.enumerated() {
                for run in source.runs {
                    guard let current = chosen[run.key] else { chosen[run.key] = (index, run); continue }
                    skipped += 1
                    if current.run.status != .complete && run.status == .complete {
                        chosen[run.key] = (index, run)
                    } else if current.run.status == .complete && run.status == .complete
                        && current.run.fingerprint != run.fingerprint
                    {
                        mismatches.insert(run.key)
                    }
                }
            }

            var added = Array(repeating: 0, count: sources.count)
            var addedIDs: [Int64] = []
            var replaced: [Int64] = []
            for key in chosen.keys.sorted() {
                if Interruption.requested != nil {
                    throw StoreError(
                        kind: .interrupted, message: "stopped on request; nothing was merged (rolled back)", path: path)
                }
                let (index, run) = chosen[key]!
                if let present = existing[key] {
                    if present.hasComplete {
                        skipped += 1
                        if run.status == .complete && present.completeFingerprint != run.fingerprint {
                            mismatches.insert(key)
                        }
                        continue
                    }
                    guard run.status == .complete else { skipped += 1; continue }
                    for id in present.incompleteIDs { try deleteRunRow(id) }
                    replaced += present.incompleteIDs
                }
                addedIDs.append(try sources[index].copy(run: run, into: connection))
                added[index] += 1
            }
            return MergeSummary(
                inputs: sources.indices.map {
                    MergeSummary.Input(path: sources[$0].path, runs: sources[$0].runs.count, added: added[$0])
                },
                sweepID: sweepID, addedRunIDs: addedIDs, skippedDuplicates: skipped,
                replacedIncompleteRunIDs: replaced.sorted(), fingerprintMismatches: mismatches.sorted())
        }
    }

    private func deleteRunRow(_ id: Int64) throws(StoreError) {
        let delete = try connection.statement("DELETE FROM run WHERE id = ?")
        delete.bind(1, id)
        try delete.run()
    }
}

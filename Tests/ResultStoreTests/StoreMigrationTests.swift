import Foundation
import Simulation
import Testing

@testable import ResultStore

/// Files written by an earlier schema open in this build with every row kept.
@Suite struct StoreMigrationTests {
    /// A version-1 file, as the first release wrote it: one complete run with a metric and a recommendation.
    static func versionOneFile(_ path: String) throws {
        let c = try SQLiteConnection(path: path, readOnly: false)
        defer { c.close() }
        try c.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        try c.execute(Migrations.v1)
        try c.execute(
            "INSERT INTO schema_migrations VALUES (1, 'initial schema'); PRAGMA user_version = 1; PRAGMA foreign_keys = ON"
        )
        try c.execute(
            """
            INSERT INTO run (scenario, seed, settings, fingerprint, status, virtual_start, virtual_end)
                VALUES ('old', 7, '\(legacySettings)', 'f00d', 'complete', 0, 3600);
            INSERT INTO metric VALUES (1, '', 'falseDenyRate', 0.25);
            INSERT INTO recommendation_version (run_id, time, namespace, name, status, staged_action, egress_rules,
                ingress_rules, event, detail, yaml)
                VALUES (1, 300, 'web', 'namespace-isolation.web', 'Learning', 'Learn', 1, 0, 'created', '', 'kind: x');
            """)
    }

    /// Settings as every version has stored them: a flat object of strings with sorted keys.
    static let legacySettings =
        #"{"aggregation":"1","defaults":"engine","duration":"1h","flushInterval":"5m0s","initialLookback":"24h0m0s","interval":"10m0s","intraNamespacePassThroughTraffic":"false","recStatus":"Enabled","selector":"all()","stabilizationPeriod":"1h0m0s"}"#

    @Test func versionOneGainsInterruptedAndKeepsEveryRow() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let path = dir.path("v1.sqlite")
        try Self.versionOneFile(path)

        let store = try ResultStore(path: path)
        #expect(try store.schemaVersion == ResultStore.latestSchemaVersion)
        #expect(try store.foreignKeysEnabled)
        #expect(try store.integrityCheck() == ["ok"])
        let old = try #require(try store.run(1))
        #expect(old.status == .complete && old.fingerprint == "f00d" && old.info.seed == 7)
        // The stored settings read as typed settings, and encode back to the same bytes.
        #expect(old.info.settings.engine.stabilizationPeriod == .hours(1) && old.info.settings.duration == .hours(1))
        #expect(old.info.settings.canonicalJSON == Self.legacySettings)
        // The rebuilt `run` table did not cascade to its children.
        #expect(try store.metrics(run: 1).map(\.value) == [0.25])
        #expect(try store.recommendations(run: 1).count == 1)

        let id = try store.beginRun(Fixture.runInfo())
        #expect(id == 2)
        #expect(try store.markRunInterrupted(id))
        #expect(try store.run(id)?.status == .interrupted)
        #expect(try !store.markRunInterrupted(1), "a complete run is left as it is")
        // Deleting a run still cascades: foreign keys point at the rebuilt table.
        try store.connection.execute("DELETE FROM run WHERE id = 1")
        #expect(try store.metrics(run: 1).isEmpty)
        #expect(try store.recommendations(run: 1).isEmpty)
    }

    /// Settings that do not read as `RunSettings` are an error naming the run and the file, not a guess.
    @Test func unreadableSettingsAreAnErrorNamingTheRun() throws {
        let dir = try TempDirectory(); defer { dir.cleanup() }
        let path = dir.path("v1.sqlite")
        try Self.versionOneFile(path)
        do {
            let c = try SQLiteConnection(path: path, readOnly: false)
            try c.execute(#"UPDATE run SET settings = '{"window":"24h"}'"#)
            c.close()
        }
        let store = try ResultStore(path: path)
        #expect {
            _ = try store.runs()
        } throws: { error in
            let e = error as? StoreError
            return e?.kind == .corruptValue && e?.message.contains("run 1") == true && e?.path == path
        }
    }
}

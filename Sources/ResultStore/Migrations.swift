/// The schema, as numbered migrations applied in order.
///
/// Never edit a migration once it has shipped: files in the wild were built by it. Change the schema by
/// appending a new migration (SQLite's `ALTER TABLE` is limited; rebuild a table with
/// `CREATE … ; INSERT … SELECT … ; DROP … ; ALTER … RENAME` when needed). `docs/results-schema.md`
/// documents the resulting tables and views.
enum Migrations {
    struct Migration: Sendable {
        let version: Int
        let name: String
        let sql: String
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "initial schema", sql: v1),
        Migration(version: 2, name: "run status interrupted", sql: v2),
        Migration(version: 3, name: "class verdicts", sql: v3),
        Migration(version: 4, name: "faults", sql: v4),
    ]

    static var latestVersion: Int { all.last!.version }

    // MARK: - 1: initial schema

    // Enumerated CHECKs are spelled `c = 'a' OR c = 'b'`, not `c IN ('a', 'b')`: SQLite builds an
    // ephemeral index for an IN list on every row inserted, which halved insert throughput.

    static let v1 = """
        CREATE TABLE run (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            scenario      TEXT    NOT NULL,
            seed          INTEGER NOT NULL,
            settings      TEXT    NOT NULL CHECK (json_valid(settings)),
            fingerprint   TEXT,
            status        TEXT    NOT NULL CHECK (status = 'running' OR status = 'complete' OR status = 'incomplete'),
            sweep_id      TEXT,
            shard         TEXT,
            virtual_start INTEGER NOT NULL,
            virtual_end   INTEGER NOT NULL CHECK (virtual_end >= virtual_start),
            started_at    TEXT
        );
        CREATE INDEX run_by_scenario ON run (scenario, id);
        CREATE INDEX run_by_sweep ON run (sweep_id, id) WHERE sweep_id IS NOT NULL;

        CREATE TABLE recommendation_version (
            id            INTEGER PRIMARY KEY,
            run_id        INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            time          INTEGER NOT NULL,
            namespace     TEXT    NOT NULL,
            name          TEXT    NOT NULL,
            status        TEXT    NOT NULL CHECK (status = 'Learning' OR status = 'Stabilizing' OR status = 'Stable'),
            staged_action TEXT    NOT NULL CHECK (staged_action = 'Set' OR staged_action = 'Delete' OR staged_action = 'Learn' OR staged_action = 'Ignore'),
            egress_rules  INTEGER NOT NULL CHECK (egress_rules >= 0),
            ingress_rules INTEGER NOT NULL CHECK (ingress_rules >= 0),
            event         TEXT    NOT NULL CHECK (event = 'created' OR event = 'updated' OR event = 'status' OR event = 'renamed' OR event = 'deleted' OR event = 'user-action'),
            detail        TEXT    NOT NULL,
            yaml          TEXT    NOT NULL
        );
        CREATE INDEX recommendation_version_by_run ON recommendation_version (run_id, namespace, time);

        CREATE TABLE outcome (
            id               INTEGER PRIMARY KEY,
            run_id           INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            bucket_start     INTEGER NOT NULL,
            namespace        TEXT    NOT NULL,
            pattern_id       TEXT    NOT NULL,
            rarity           TEXT    NOT NULL,
            truth            TEXT    NOT NULL CHECK (truth = 'legit' OR truth = 'attack'),
            reporter         TEXT    NOT NULL CHECK (reporter = 'src' OR reporter = 'dst' OR reporter = 'fwd'),
            pending_verdict  TEXT    NOT NULL CHECK (pending_verdict = 'allow' OR pending_verdict = 'deny'),
            enforced_verdict TEXT    NOT NULL CHECK (enforced_verdict = 'allow' OR enforced_verdict = 'deny'),
            phase            TEXT    NOT NULL,
            flows            INTEGER NOT NULL CHECK (flows >= 0),
            records          INTEGER NOT NULL CHECK (records >= 0)
        );
        CREATE INDEX outcome_by_run ON outcome (run_id);

        CREATE TABLE metric (
            run_id    INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            namespace TEXT    NOT NULL,
            name      TEXT    NOT NULL,
            value     REAL    NOT NULL,
            PRIMARY KEY (run_id, namespace, name)
        );

        CREATE TABLE flow_log (
            id     INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            line   TEXT    NOT NULL,
            truth  TEXT    NOT NULL
        );
        CREATE INDEX flow_log_by_run ON flow_log (run_id);

        CREATE VIEW runs AS
        SELECT id, scenario, seed, settings, fingerprint, status, sweep_id, shard,
               virtual_start, virtual_end, virtual_end - virtual_start AS virtual_duration, started_at
        FROM run;

        CREATE VIEW recommendations AS
        SELECT v.run_id, v.id AS version_id, v.time, datetime(v.time, 'unixepoch') AS time_utc,
               v.time - r.virtual_start AS offset, v.namespace, v.name, v.status, v.staged_action,
               v.egress_rules, v.ingress_rules, v.egress_rules + v.ingress_rules AS rules,
               v.event, v.detail, v.yaml
        FROM recommendation_version v JOIN run r ON r.id = v.run_id;

        CREATE VIEW outcomes AS
        SELECT o.run_id, o.bucket_start, o.bucket_start - r.virtual_start AS offset, o.namespace, o.pattern_id,
               o.rarity, o.truth, o.reporter, o.pending_verdict, o.enforced_verdict, o.phase, o.flows, o.records,
               (o.truth = 'legit' AND o.pending_verdict = 'deny') AS pending_false_deny,
               (o.truth = 'legit' AND o.enforced_verdict = 'deny') AS enforced_false_deny,
               (o.truth = 'attack' AND o.pending_verdict = 'allow') AS pending_missed_attack,
               (o.truth = 'attack' AND o.enforced_verdict = 'allow') AS enforced_missed_attack
        FROM outcome o JOIN run r ON r.id = o.run_id;

        CREATE VIEW metrics AS
        SELECT run_id, namespace, name, value FROM metric;

        CREATE VIEW flow_logs AS
        SELECT run_id, id AS seq, line, truth FROM flow_log;

        CREATE VIEW verdict_summary AS
        SELECT run_id, namespace, rarity, phase, reporter,
               SUM(CASE WHEN truth = 'legit' THEN flows ELSE 0 END) AS legit_flows,
               SUM(CASE WHEN truth = 'attack' THEN flows ELSE 0 END) AS attack_flows,
               SUM(CASE WHEN truth = 'legit' AND pending_verdict = 'deny' THEN flows ELSE 0 END) AS pending_false_denies,
               SUM(CASE WHEN truth = 'legit' AND enforced_verdict = 'deny' THEN flows ELSE 0 END) AS enforced_false_denies,
               SUM(CASE WHEN truth = 'attack' AND pending_verdict = 'allow' THEN flows ELSE 0 END) AS pending_missed_attacks,
               SUM(CASE WHEN truth = 'attack' AND enforced_verdict = 'allow' THEN flows ELSE 0 END) AS enforced_missed_attacks
        FROM outcome
        GROUP BY run_id, namespace, rarity, phase, reporter;

        CREATE VIEW namespace_milestones AS
        WITH ordered AS (
            SELECT v.run_id, v.id, v.time, v.namespace, v.status, v.event, v.egress_rules, v.ingress_rules,
                   LAG(v.status) OVER (PARTITION BY v.run_id, v.namespace ORDER BY v.time, v.id) AS previous_status
            FROM recommendation_version v
        )
        SELECT o.run_id, o.namespace,
               MIN(CASE WHEN o.egress_rules + o.ingress_rules > 0 THEN o.time END) - r.virtual_start AS time_to_first_rule,
               MIN(CASE WHEN o.status = 'Stable' THEN o.time END) - r.virtual_start AS time_to_stable,
               SUM(o.status = 'Learning' AND o.previous_status IN ('Stabilizing', 'Stable')) AS learning_resets,
               SUM(o.event = 'renamed') AS renames,
               COUNT(*) AS versions
        FROM ordered o JOIN run r ON r.id = o.run_id
        GROUP BY o.run_id, o.namespace;
        """

    // MARK: - 2: run status `interrupted`

    // A run stopped by SIGINT/SIGTERM is marked `interrupted` (a killed one is still found `running` and marked
    // `incomplete`). SQLite cannot alter a CHECK, so `run` is rebuilt: the views that name it are dropped first
    // (a rename checks every view) and recreated unchanged. Foreign keys are off while migrations run, so
    // dropping the old table does not cascade to its children; `foreign_key_check` runs before the commit.

    static let v2 = """
        DROP VIEW runs;
        DROP VIEW recommendations;
        DROP VIEW outcomes;
        DROP VIEW namespace_milestones;

        CREATE TABLE run_v2 (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            scenario      TEXT    NOT NULL,
            seed          INTEGER NOT NULL,
            settings      TEXT    NOT NULL CHECK (json_valid(settings)),
            fingerprint   TEXT,
            status        TEXT    NOT NULL CHECK (status = 'running' OR status = 'complete' OR status = 'incomplete' OR status = 'interrupted'),
            sweep_id      TEXT,
            shard         TEXT,
            virtual_start INTEGER NOT NULL,
            virtual_end   INTEGER NOT NULL CHECK (virtual_end >= virtual_start),
            started_at    TEXT
        );
        INSERT INTO run_v2 (id, scenario, seed, settings, fingerprint, status, sweep_id, shard, virtual_start, virtual_end, started_at)
        SELECT id, scenario, seed, settings, fingerprint, status, sweep_id, shard, virtual_start, virtual_end, started_at FROM run;
        DROP TABLE run;
        ALTER TABLE run_v2 RENAME TO run;
        CREATE INDEX run_by_scenario ON run (scenario, id);
        CREATE INDEX run_by_sweep ON run (sweep_id, id) WHERE sweep_id IS NOT NULL;

        CREATE VIEW runs AS
        SELECT id, scenario, seed, settings, fingerprint, status, sweep_id, shard,
               virtual_start, virtual_end, virtual_end - virtual_start AS virtual_duration, started_at
        FROM run;

        CREATE VIEW recommendations AS
        SELECT v.run_id, v.id AS version_id, v.time, datetime(v.time, 'unixepoch') AS time_utc,
               v.time - r.virtual_start AS offset, v.namespace, v.name, v.status, v.staged_action,
               v.egress_rules, v.ingress_rules, v.egress_rules + v.ingress_rules AS rules,
               v.event, v.detail, v.yaml
        FROM recommendation_version v JOIN run r ON r.id = v.run_id;

        CREATE VIEW outcomes AS
        SELECT o.run_id, o.bucket_start, o.bucket_start - r.virtual_start AS offset, o.namespace, o.pattern_id,
               o.rarity, o.truth, o.reporter, o.pending_verdict, o.enforced_verdict, o.phase, o.flows, o.records,
               (o.truth = 'legit' AND o.pending_verdict = 'deny') AS pending_false_deny,
               (o.truth = 'legit' AND o.enforced_verdict = 'deny') AS enforced_false_deny,
               (o.truth = 'attack' AND o.pending_verdict = 'allow') AS pending_missed_attack,
               (o.truth = 'attack' AND o.enforced_verdict = 'allow') AS enforced_missed_attack
        FROM outcome o JOIN run r ON r.id = o.run_id;

        CREATE VIEW namespace_milestones AS
        WITH ordered AS (
            SELECT v.run_id, v.id, v.time, v.namespace, v.status, v.event, v.egress_rules, v.ingress_rules,
                   LAG(v.status) OVER (PARTITION BY v.run_id, v.namespace ORDER BY v.time, v.id) AS previous_status
            FROM recommendation_version v
        )
        SELECT o.run_id, o.namespace,
               MIN(CASE WHEN o.egress_rules + o.ingress_rules > 0 THEN o.time END) - r.virtual_start AS time_to_first_rule,
               MIN(CASE WHEN o.status = 'Stable' THEN o.time END) - r.virtual_start AS time_to_stable,
               SUM(o.status = 'Learning' AND o.previous_status IN ('Stabilizing', 'Stable')) AS learning_resets,
               SUM(o.event = 'renamed') AS renames,
               COUNT(*) AS versions
        FROM ordered o JOIN run r ON r.id = o.run_id
        GROUP BY o.run_id, o.namespace;
        """

    // MARK: - 3: class verdicts

    // The flow classes behind each namespace's answer (what a verdict-first report names): legit classes denied by
    // the version frozen at Stable or by the staged policy after Stable, and attack classes allowed. Written once,
    // when the run finishes.

    static let v3 = """
        CREATE TABLE class_verdict (
            run_id                    INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            namespace                 TEXT    NOT NULL,
            flow_class                TEXT    NOT NULL,
            pattern_id                TEXT    NOT NULL,
            rarity                    TEXT    NOT NULL,
            truth                     TEXT    NOT NULL CHECK (truth = 'legit' OR truth = 'attack'),
            reporter                  TEXT    NOT NULL CHECK (reporter = 'src' OR reporter = 'dst' OR reporter = 'fwd'),
            at_stable_denied_flows    INTEGER NOT NULL CHECK (at_stable_denied_flows >= 0),
            at_stable_first_denied    INTEGER,
            after_stable_denied_flows INTEGER NOT NULL CHECK (after_stable_denied_flows >= 0),
            after_stable_first_denied INTEGER,
            learned_at                INTEGER,
            missed_flows              INTEGER NOT NULL CHECK (missed_flows >= 0),
            first_missed              INTEGER,
            PRIMARY KEY (run_id, namespace, flow_class)
        );

        CREATE VIEW class_verdicts AS
        SELECT c.run_id, c.namespace, c.flow_class, c.pattern_id, c.rarity, c.truth, c.reporter,
               c.at_stable_denied_flows, c.at_stable_first_denied - r.virtual_start AS at_stable_first_denied_offset,
               c.after_stable_denied_flows, c.after_stable_first_denied - r.virtual_start AS after_stable_first_denied_offset,
               c.learned_at - r.virtual_start AS learned_at_offset,
               c.missed_flows, c.first_missed - r.virtual_start AS first_missed_offset
        FROM class_verdict c JOIN run r ON r.id = c.run_id;
        """

    // MARK: - 4: faults

    // The faults injected into a run's engine (issue 17), in the order they happened: restarts, missed and delayed
    // ticks, failed flow queries, failed datastore writes.

    static let v4 = """
        CREATE TABLE fault (
            run_id    INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            seq       INTEGER NOT NULL,
            time      INTEGER NOT NULL,
            kind      TEXT    NOT NULL CHECK (kind = 'engineRestart' OR kind = 'missedTick' OR kind = 'delayedTick' OR kind = 'queryError' OR kind = 'writeFailure'),
            namespace TEXT    NOT NULL,
            detail    TEXT    NOT NULL,
            PRIMARY KEY (run_id, seq)
        );

        CREATE VIEW faults AS
        SELECT f.run_id, f.seq, f.time, f.time - r.virtual_start AS offset, f.kind, f.namespace, f.detail
        FROM fault f JOIN run r ON r.id = f.run_id;
        """
}

extension ResultStore {
    /// Copies every run of another results file (e.g. one shard of a sweep) into this one.
    ///
    /// Runs get new ids here, in the other file's id order; their rows keep their order. Runs still
    /// `running` in the other file arrive as `incomplete`. All or nothing: one transaction.
    /// - Returns: the new ids, in the other file's run order.
    @discardableResult
    public func importRuns(from otherPath: String) throws(StoreError) -> [Int64] {
        // Refuse a file of another schema version first (a read-only open checks it and never migrates).
        do { _ = try ResultStore(path: otherPath, mode: .readOnly) }
        let attach = try connection.statement("ATTACH DATABASE ? AS other", cached: false)
        attach.bind(1, otherPath)
        try attach.run()
        defer { try? connection.execute("DETACH DATABASE other") }

        return try connection.transaction { () throws(StoreError) -> [Int64] in
            let list = try connection.statement("SELECT id FROM other.run ORDER BY id", cached: false)
            var oldIDs: [Int64] = []
            while try list.step() { oldIDs.append(list.int64(0)) }

            var newIDs: [Int64] = []
            for old in oldIDs {
                try connection.execute(
                    """
                    INSERT INTO main.run (scenario, seed, settings, fingerprint, status, sweep_id, shard,
                                          virtual_start, virtual_end, started_at)
                    SELECT scenario, seed, settings, fingerprint,
                           CASE status WHEN 'running' THEN 'incomplete' ELSE status END,
                           sweep_id, shard, virtual_start, virtual_end, started_at
                    FROM other.run WHERE id = \(old)
                    """)
                let new = connection.lastInsertRowID
                try connection.execute(
                    """
                    INSERT INTO main.recommendation_version (run_id, time, namespace, name, status, staged_action,
                                                             egress_rules, ingress_rules, event, detail, yaml)
                    SELECT \(new), time, namespace, name, status, staged_action, egress_rules, ingress_rules,
                           event, detail, yaml
                    FROM other.recommendation_version WHERE run_id = \(old) ORDER BY id;
                    INSERT INTO main.outcome (run_id, bucket_start, namespace, pattern_id, rarity, truth, reporter,
                                              pending_verdict, enforced_verdict, phase, flows, records)
                    SELECT \(new), bucket_start, namespace, pattern_id, rarity, truth, reporter,
                           pending_verdict, enforced_verdict, phase, flows, records
                    FROM other.outcome WHERE run_id = \(old) ORDER BY id;
                    INSERT INTO main.metric (run_id, namespace, name, value)
                    SELECT \(new), namespace, name, value FROM other.metric WHERE run_id = \(old);
                    INSERT INTO main.class_verdict (run_id, \(ClassVerdictRow.columns))
                    SELECT \(new), \(ClassVerdictRow.columns) FROM other.class_verdict WHERE run_id = \(old) ORDER BY namespace, flow_class;
                    INSERT INTO main.fault (run_id, \(FaultRow.columns))
                    SELECT \(new), \(FaultRow.columns) FROM other.fault WHERE run_id = \(old) ORDER BY seq;
                    INSERT INTO main.flow_log (run_id, line, truth)
                    SELECT \(new), line, truth FROM other.flow_log WHERE run_id = \(old) ORDER BY id;
                    """)
                newIDs.append(new)
            }
            return newIDs
        }
    }
}

import Foundation
import TestSupport
import Testing

/// The example queries of docs/results-schema.md run as written on the database the README's first command
/// creates (a shorter run of the same scenario), and those about the newest run find rows.
@Suite struct DocsQueryTests {
    static func sqlBlocks() throws -> [String] {
        let text = try String(
            contentsOf: PackagePaths.root.appendingPathComponent("docs/results-schema.md"), encoding: .utf8
        )
        var blocks: [String] = [], current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "```sql" {
                current = []
            } else if line == "```", let c = current {
                blocks.append(c.joined(separator: "\n")); current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return blocks
    }

    @Test func exampleQueriesRunOnTheReadmeDatabase() throws {
        let blocks = try Self.sqlBlocks()
        #expect(blocks.count >= 8)
        let dir = try TemporaryFolder.make("docs-queries")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("recsim.sqlite").path
        let (status, _, stderr) = try ProcessRunner.recsim(
            [
                // A cold-started day has false denies for the queries to find (a warm start has none in a day).
                "run", PackagePaths.scenario("online-boutique"), "--days", "1", "--engine-start", "0s", "--db", db,
                "--report",
                dir.appendingPathComponent("report").path,
            ])
        #expect(status == 0, "\(stderr)")
        // Python's sqlite3 module (python3 is a test dependency already): rows of each statement, or the error.
        let script = """
            import sqlite3, sys
            con = sqlite3.connect(sys.argv[1]); con.execute("PRAGMA foreign_keys = ON")
            rows = 0
            for stmt in [s for s in sys.argv[2].split(";") if s.strip()]:
                rows += len(con.execute(stmt).fetchall())
            con.commit(); print(rows)
            """
        for sql in blocks {
            let (code, out, err) = try ProcessRunner.run(
                URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, db, sql])
            #expect(code == 0, "\(sql)\n\(err)")
            let rows = Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            if sql.contains("(SELECT MAX(id) FROM runs)") || sql.contains("GROUP BY scenario") {
                #expect(rows > 0, "no rows from:\n\(sql)")
            }
        }
    }
}

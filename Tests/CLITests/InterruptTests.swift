import Foundation
import HarnessFixtures
import ResultStore
import Simulation
import TestSupport
import Testing

@testable import Harness

/// SIGINT, SIGTERM and SIGKILL in the middle of work: no temp files, no half-written reports, a database that
/// passes `integrity_check`, the run marked `interrupted`, and a killed sweep that `--resume` finishes with the
/// same rows as an uninterrupted one.
@Suite struct InterruptTests {
    /// Starts recsim with stdout discarded and stderr captured.
    static func start(_ arguments: [String], in directory: URL) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = ProcessRunner.recsimBinary
        p.arguments = arguments
        p.currentDirectoryURL = directory
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        return (p, err)
    }

    /// Polls `condition` every 5 ms for up to `seconds`.
    static func wait(seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    /// Every file and folder under `dir`, relative, sorted.
    static func tree(_ dir: URL) -> [String] {
        let names = (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String]) ?? []
        return names.sorted()
    }

    @Test func sigintStopsARunAndMarksItInterrupted() throws {
        let dir = try TemporaryFolder.make("sigint-run")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (p, err) = try Self.start(
            ["run", PackagePaths.scenario("online-boutique"), "--days", "30", "--db", "r.sqlite"], in: dir)
        let db = dir.appendingPathComponent("r.sqlite").path
        let wrote = Self.wait(seconds: 120) {
            guard let store = try? ResultStore(path: db, mode: .readOnly), let run = try? store.runs().first else {
                return false
            }
            return run.status == .running && !((try? store.recommendations(run: run.id)) ?? []).isEmpty
        }
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(wrote, "the run never wrote rows before the timeout")
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 130)
        #expect(
            message.contains("error: interrupted by SIGINT; run 1 is marked interrupted in the store"), "\(message)")

        let store = try ResultStore(path: db)
        #expect(try store.integrityCheck() == ["ok"])
        let run = try #require(try store.runs().first)
        #expect(run.status == .interrupted)
        #expect(run.fingerprint == nil)
        store.close()
        // No report (it is written only for a finished run) and no temp files.
        #expect(Self.tree(dir).filter { !$0.hasPrefix("r.sqlite") } == [])
    }

    @Test func sigtermStopsGenerateWithoutLeavingTempFiles() throws {
        let dir = try TemporaryFolder.make("sigterm-generate")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (p, err) = try Self.start(
            ["generate", PackagePaths.scenario("online-boutique"), "--days", "60", "--out", "flows.jsonl"],
            in: dir)
        let temp = dir.appendingPathComponent(".flows.jsonl.tmp-\(p.processIdentifier)").path
        let writing = Self.wait(seconds: 60) {
            ((try? FileManager.default.attributesOfItem(atPath: temp)[.size] as? Int) ?? 0) > 0
        }
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(writing, "generate never wrote its temp file")
        #expect(p.terminationStatus == 143)
        #expect(message.contains("interrupted by SIGTERM"), "\(message)")
        #expect(Self.tree(dir) == [])
    }

    @Test func staleTempFilesOfKilledProcessesAreRemovedOnTheNextWrite() throws {
        let dir = try TemporaryFolder.make("stale-temp")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The pid of a process that has ended, as a SIGKILLed generate's would be.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier
        let stale = dir.appendingPathComponent(".flows.jsonl.tmp-\(dead)").path
        let live = dir.appendingPathComponent(".flows.jsonl.tmp-\(getpid())").path  // this (live) process's
        #expect(FileManager.default.createFile(atPath: stale, contents: Data("partial".utf8)))
        #expect(FileManager.default.createFile(atPath: live, contents: Data("busy".utf8)))
        let (status, _, err) = try ProcessRunner.recsim(
            [
                "generate", PackagePaths.scenario("online-boutique"), "--days", "0.05",
                "--out", "flows.jsonl",
            ], in: dir)
        #expect(status == 0, "\(err)")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("flows.jsonl").path))
    }

    static let sweepArguments = [
        "--interval", "150s,5m", "--stabilization", "10m,3h", "--seeds", "1..3", "--days", "4", "--jobs", "1",
    ]

    static func writeTinyScenario(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("tiny.yaml").path
        try SweepFixture.tiny.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every row, run ids included, so a resumed sweep must number its runs as an uninterrupted one does.
    static func rowsWithIDs(_ path: String) throws -> [String] {
        let store = try ResultStore(path: path, mode: .readOnly)
        return try store.runs().map { "run \($0.id)" } + SweepFixture.rows(path)
    }

    @Test func aKilledSweepResumesToTheSameRowsAsAnUninterruptedOne() throws {
        let dir = try TemporaryFolder.make("sweep-resume")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.writeTinyScenario(in: dir)

        let (whole, _, wholeErr) = try ProcessRunner.recsim(
            ["sweep", scenario, "--db", "whole.sqlite", "--report", "whole"] + Self.sweepArguments, in: dir)
        #expect(whole == 0, "\(wholeErr)")

        // Kill (SIGKILL: no cleanup at all) once seed 1's runs are finished and seed 2's are being written.
        let (p, _) = try Self.start(
            ["sweep", scenario, "--db", "resumed.sqlite", "--report", "resumed"] + Self.sweepArguments, in: dir)
        let scratch = try #require(
            Self.wait(seconds: 60) { Self.scratch(in: dir) != nil } ? Self.scratch(in: dir) : nil)
        let secondSeedStarted = Self.wait(seconds: 60) {
            FileManager.default.fileExists(atPath: scratch.appendingPathComponent("task-1.sqlite").path)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(secondSeedStarted)
        #expect(p.terminationReason == .uncaughtSignal)
        let kept = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasSuffix(".sqlite") }
        #expect(kept.count >= 4, "seed 1's four runs (and seed 2's unfinished ones) are in the scratch folder: \(kept)")

        // Without --resume the leftovers are not mistaken for a new sweep's; with it, only the rest runs.
        let (status, out, err) = try ProcessRunner.recsim(
            ["sweep", scenario, "--db", "resumed.sqlite", "--report", "resumed", "--resume"]
                + Self.sweepArguments, in: dir)
        #expect(status == 0, "\(err)")
        let resumedLine = try #require(out.split(separator: "\n").first { $0.hasPrefix("resumed: ") })
        #expect(!resumedLine.hasPrefix("resumed: 0 "), "\(resumedLine)")
        #expect(resumedLine.hasSuffix("ran now"))

        let resumed = dir.appendingPathComponent("resumed.sqlite").path
        #expect(try ResultStore(path: resumed).integrityCheck() == ["ok"])
        let expected = try Self.rowsWithIDs(dir.appendingPathComponent("whole.sqlite").path)
        #expect(expected.count > 16)
        #expect(try Self.rowsWithIDs(resumed) == expected)
        #expect(Self.scratch(in: dir) == nil, "the scratch folder is removed once the sweep is complete")
        let wholeReport = try String(contentsOf: dir.appendingPathComponent("whole/summary.md"), encoding: .utf8)
        let resumedReport = try String(contentsOf: dir.appendingPathComponent("resumed/summary.md"), encoding: .utf8)
        #expect(wholeReport == resumedReport)
    }

    @Test func sigintStopsASweepAndKeepsOnlyFinishedRuns() throws {
        let dir = try TemporaryFolder.make("sweep-sigint")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Self.writeTinyScenario(in: dir)
        let (p, err) = try Self.start(["sweep", scenario, "--db", "s.sqlite"] + Self.sweepArguments, in: dir)
        let started = Self.wait(seconds: 60) {
            Self.scratch(in: dir).map {
                FileManager.default.fileExists(atPath: $0.appendingPathComponent("task-1.sqlite").path)
            } ?? false
        }
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(started)
        #expect(p.terminationStatus == 130)
        #expect(message.contains("interrupted by SIGINT;") && message.contains("--resume"), "\(message)")
        // Only complete task databases remain: seed 2's half-written ones were removed on the way out.
        let scratch = try #require(Self.scratch(in: dir))
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
        #expect(!files.isEmpty)
        for f in files where f.hasSuffix(".sqlite") {
            let store = try ResultStore(path: scratch.appendingPathComponent(f).path, mode: .readOnly)
            #expect(try store.runs().map(\.status) == [.complete], "\(f)")
        }
        // --resume finishes it; running the same sweep again without --resume is refused (it would count runs twice).
        let (status, _, runErr) = try ProcessRunner.recsim(
            ["sweep", scenario, "--db", "s.sqlite", "--resume"] + Self.sweepArguments, in: dir)
        #expect(status == 0, "\(runErr)")
        let (again, _, againErr) = try ProcessRunner.recsim(
            ["sweep", scenario, "--db", "s.sqlite"] + Self.sweepArguments, in: dir)
        #expect(again == 2)
        #expect(againErr.contains("already holds 12 run(s) of sweep") && againErr.contains("--resume"), "\(againErr)")
    }

    static func scratch(in dir: URL) -> URL? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.first { $0.hasPrefix(".") && $0.contains(".recsim-scratch-") }.map {
            dir.appendingPathComponent($0)
        }
    }
}

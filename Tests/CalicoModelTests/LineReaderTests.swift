import Foundation
import Testing

@testable import CalicoModel

@Suite struct LineReaderTests {
    @Test(arguments: [1, 3, 7, 1 << 20])
    func readsLinesAcrossChunkBoundaries(chunk: Int) throws {
        let text = "first\r\nsecond\n\nfourth with ünïcode\nlast-no-newline"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(chunk)-\(getpid()).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var r = try LineReader(path: path, chunkSize: chunk)
        var lines: [String] = []
        while let l = try r.next() { lines.append(l) }
        #expect(lines == ["first", "second", "", "fourth with ünïcode", "last-no-newline"])
        #expect(r.lineNumber == 5)
    }

    @Test func missingFileIsAnError() {
        #expect(throws: LineReader.OpenError.self) { try LineReader(path: "/nonexistent/flows.jsonl") }
    }
}

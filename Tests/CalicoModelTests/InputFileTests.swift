import Foundation
import Testing

@testable import CalicoModel

/// YAML and text inputs bound their work and name the line of what is wrong.
@Suite struct InputFileTests {
    @Test func aliasBombsStopBeforeExpansion() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 {
            yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let error = try #require(throws: YAMLInputGuard.Violation.self) { try YAMLInputGuard.check(yaml) }
        #expect(error.line == 6)  // a5 stands for 1,111,111 nodes
        #expect(error.message.contains("aliases are expanded"))
        // Through the manifest reader: the same limit, with the file.
        let decode = try #require(throws: ResourceDecodeError.self) { try ResourceYAML.decode(yaml, file: "bomb.yaml") }
        #expect(decode.description.hasPrefix("bomb.yaml"))
        // Ordinary anchors are fine.
        try YAMLInputGuard.check("base: &b {app: web}\nother: *b\nlist: [*b, *b]\n")
    }

    @Test func nestingIsBounded() throws {
        let limit = YAMLInputGuard.maxDepth
        try YAMLInputGuard.check(String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        for depth in [limit + 1, 999, 200_000] {
            let text = "k: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let error = try #require(throws: YAMLInputGuard.Violation.self) { try YAMLInputGuard.check(text) }
            #expect(error.line == 1)
            #expect(error.description.count < 200, "\(error)")
        }
        // Block nesting in one line (`- - - x`) counts too.
        let dashes = String(repeating: "- ", count: 500) + "x"
        #expect(throws: YAMLInputGuard.Violation.self) { try YAMLInputGuard.check(dashes) }
    }

    @Test func duplicateKeysNameBothLines() throws {
        let error = try #require(throws: YAMLInputGuard.Violation.self) {
            try YAMLInputGuard.check("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n")
        }
        #expect(error.line == 5)
        #expect(error.message == "duplicate key \"c\" in one mapping (first at line 3)")
        // The same key in different mappings, or as a value, is fine.
        try YAMLInputGuard.check("a: {c: 1}\nb: {c: 1}\nc: c\n")
    }

    @Test func syntaxErrorsAreOneLineWithAPosition() throws {
        let error = try #require(throws: YAMLInputGuard.Violation.self) {
            try YAMLInputGuard.check("name: a\n  b: [\n")
        }
        #expect(error.line == 2)
        #expect(error.message.hasPrefix("not valid YAML: "))
        #expect(!error.description.contains("\n"))
    }

    @Test func textFilesNameTheLineOfTheFirstBadByte() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recsim-textfile-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ bytes: [UInt8]) -> String {
            let p = dir.appendingPathComponent(name).path
            #expect(FileManager.default.createFile(atPath: p, contents: Data(bytes)))
            return p
        }
        let good = write("good.yaml", Array("a: é€😀\nb: 1\n".utf8))
        #expect(try TextFile.read(good) == "a: é€😀\nb: 1\n")
        for (name, bytes, line, text) in [
            ("ff.yaml", Array("a: 1\nb: ".utf8) + [0xFF], 2, "byte 0xFF is not valid UTF-8"),
            ("overlong.yaml", Array("a\nb\nc".utf8) + [0xC0, 0xAF], 3, "byte 0xC0 is not valid UTF-8"),
            ("surrogate.yaml", [0xED, 0xA0, 0x80], 1, "byte 0xED is not valid UTF-8"),
            ("truncated.yaml", Array("x\n".utf8) + [0xE2, 0x82], 2, "byte 0xE2 is not valid UTF-8"),
            ("nul.yaml", Array("a: 1\n".utf8) + [0, 1, 2], 2, "NUL byte"),
        ] as [(String, [UInt8], Int, String)] {
            let error = try #require(throws: TextFile.ReadError.self) { try TextFile.read(write(name, bytes)) }
            #expect(error.line == line, "\(name)")
            #expect(error.message.contains(text), "\(error)")
        }
        let missing = try #require(throws: TextFile.ReadError.self) {
            try TextFile.read(dir.appendingPathComponent("nope.yaml").path)
        }
        #expect(missing.message == "cannot read: No such file or directory")
        let directory = try #require(throws: TextFile.ReadError.self) { try TextFile.read(dir.path) }
        #expect(directory.message.contains("is a directory"))
    }
}

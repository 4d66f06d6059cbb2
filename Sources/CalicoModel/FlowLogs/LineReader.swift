import Foundation

/// Reads a text file line by line in fixed-size chunks, so a month of flow logs never sits in memory.
public struct LineReader {
    public struct OpenError: Error, CustomStringConvertible, Sendable {
        public var path: String
        /// The operating system's reason, e.g. "No such file or directory".
        public var reason: String = ""
        public var description: String {
            "\(path): cannot open the file for reading" + (reason.isEmpty ? "" : ": \(reason)")
        }
    }

    private let handle: FileHandle
    private let path: String
    private var buffer: [UInt8] = []
    /// Start of the unread part of `buffer` (kept instead of copying the rest after every line).
    private var offset = 0
    private var atEnd = false
    private let chunkSize: Int
    /// 1-based number of the line last returned.
    public private(set) var lineNumber = 0

    public init(path: String, chunkSize: Int = 4 << 20) throws(OpenError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw OpenError(path: path, reason: "is a directory")
        }
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw OpenError(
                path: path, reason: access(path, F_OK) != 0 ? "No such file or directory" : "Permission denied")
        }
        handle = h
        self.path = path
        self.chunkSize = chunkSize
    }

    /// The next line without its terminator (`\n` or `\r\n`), or nil at the end. A line that is not UTF-8 is an
    /// error naming it, as in every command that reads flow logs.
    public mutating func next() throws(FlowLogParseError) -> String? {
        guard let bytes = nextBytes() else { return nil }
        return try text(bytes)
    }

    /// The next line's bytes without its terminator, or nil at the end (no UTF-8 check: `FlowLogDecoder` makes it).
    /// The slice is valid until the next call.
    public mutating func nextBytes() -> ArraySlice<UInt8>? {
        while true {
            let from = offset
            let found: Int? = buffer.withUnsafeBufferPointer { b in
                guard from < b.count, let base = b.baseAddress, let p = memchr(base + from, 0x0A, b.count - from) else {
                    return nil
                }
                return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            if let nl = found {
                var end = nl
                if end > offset && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                lineNumber += 1
                let start = offset
                offset = nl + 1  // past the line even when it is rejected, so a caller may skip it
                return buffer[start..<end]
            }
            if atEnd {
                guard offset < buffer.count else { return nil }
                lineNumber += 1
                let start = offset
                offset = buffer.count
                return buffer[start...]
            }
            if offset > 0 { buffer.removeFirst(offset); offset = 0 }
            let chunk = handle.readData(ofLength: chunkSize)
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }

    private func text(_ bytes: ArraySlice<UInt8>) throws(FlowLogParseError) -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw FlowLogParseError(file: path, line: lineNumber, field: "", message: "not UTF-8")
        }
        return s
    }
}

import Foundation

/// Reads a text file line by line in fixed-size chunks, so a month of flow logs never sits in memory.
public struct LineReader {
    public struct OpenError: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var description: String { "\(path): cannot open the file for reading" }
    }

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Start of the unread part of `buffer` (kept instead of copying the rest after every line).
    private var offset = 0
    private var atEnd = false
    private let chunkSize: Int
    /// 1-based number of the line last returned.
    public private(set) var lineNumber = 0

    public init(path: String, chunkSize: Int = 1 << 20) throws(OpenError) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw OpenError(path: path) }
        handle = h
        self.chunkSize = chunkSize
    }

    /// The next line without its terminator (`\n` or `\r\n`), or nil at the end. Invalid UTF-8 is repaired.
    public mutating func next() -> String? {
        while true {
            if let nl = buffer[offset...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = nl
                if end > offset && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[offset..<end], as: UTF8.self)
                offset = nl + 1
                lineNumber += 1
                return line
            }
            if atEnd {
                guard offset < buffer.count else { return nil }
                let line = String(decoding: buffer[offset...], as: UTF8.self)
                offset = buffer.count
                lineNumber += 1
                return line
            }
            if offset > 0 { buffer.removeFirst(offset); offset = 0 }
            let chunk = handle.readData(ofLength: chunkSize)
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}

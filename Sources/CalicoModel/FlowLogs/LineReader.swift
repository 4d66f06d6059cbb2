import Foundation

/// Reads a text file line by line with large `read(2)` calls into one reused buffer, so a month of flow logs never
/// sits in memory and no line is copied on its way to the decoder.
public struct LineReader {
    public struct OpenError: Error, CustomStringConvertible, Sendable {
        public var path: String
        /// The operating system's reason, e.g. "No such file or directory".
        public var reason: String = ""
        public var description: String {
            "\(path): cannot open the file for reading" + (reason.isEmpty ? "" : ": \(reason)")
        }
    }

    /// The file descriptor and the buffer, released together when the last copy of the reader goes.
    private final class Storage {
        let fd: Int32
        var buffer: UnsafeMutablePointer<UInt8>
        var capacity: Int
        /// Bytes of `buffer` holding file data.
        var filled = 0
        /// Start of the unread part of the buffer.
        var offset = 0
        var atEnd = false
        /// The reason a read failed (nil: none).
        var readError: String?

        init(fd: Int32, capacity: Int) {
            self.fd = fd
            self.capacity = capacity
            buffer = .allocate(capacity: capacity)
        }

        deinit {
            buffer.deallocate()
            close(fd)
        }

        /// Moves the unread tail to the front, grows the buffer when one line fills it, then reads into the free space.
        func refill(chunkSize: Int) {
            if offset > 0 {
                let rest = filled - offset
                if rest > 0 { memmove(buffer, buffer + offset, rest) }
                filled = rest
                offset = 0
            }
            if filled == capacity {  // one line longer than the buffer
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + chunkSize)
                grown.update(from: buffer, count: filled)
                buffer.deallocate()
                buffer = grown
                capacity += chunkSize
            }
            while true {
                let n = read(fd, buffer + filled, capacity - filled)
                if n > 0 { filled += n; return }
                if n < 0 && errno == EINTR { continue }
                if n < 0 { readError = String(cString: strerror(errno)) }
                atEnd = true
                return
            }
        }
    }

    private let storage: Storage
    private let path: String
    private let chunkSize: Int
    /// 1-based number of the line last returned.
    public private(set) var lineNumber = 0

    public init(path: String, chunkSize: Int = 256 << 10) throws(OpenError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw OpenError(path: path, reason: "is a directory")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw OpenError(path: path, reason: String(cString: strerror(errno))) }
        self.path = path
        self.chunkSize = max(1, chunkSize)
        storage = Storage(fd: fd, capacity: self.chunkSize)
    }

    /// The next line without its terminator (`\n` or `\r\n`), or nil at the end. A line that is not UTF-8 is an
    /// error naming it, as in every command that reads flow logs.
    public mutating func next() throws(FlowLogParseError) -> String? {
        guard let bytes = try nextBytes() else { return nil }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw FlowLogParseError(file: path, line: lineNumber, field: "", message: "not UTF-8")
        }
        return s
    }

    /// The next line's bytes without its terminator, or nil at the end (no UTF-8 check: `FlowLogDecoder` makes it).
    /// The bytes are valid until the next call. A failed read is an error naming the file and the line reached.
    public mutating func nextBytes() throws(FlowLogParseError) -> UnsafeBufferPointer<UInt8>? {
        let s = storage
        var searchFrom = s.offset
        while true {
            if searchFrom < s.filled, let p = memchr(s.buffer + searchFrom, 0x0A, s.filled - searchFrom) {
                let nl = s.buffer.distance(to: p.assumingMemoryBound(to: UInt8.self))
                var end = nl
                if end > s.offset && s.buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                lineNumber += 1
                let start = s.offset
                s.offset = nl + 1  // past the line even when it is rejected, so a caller may skip it
                return UnsafeBufferPointer(start: s.buffer + start, count: end - start)
            }
            if s.atEnd {
                if let reason = s.readError {
                    throw FlowLogParseError(
                        file: path, line: lineNumber + 1, field: "", message: "cannot read the file: \(reason)")
                }
                guard s.offset < s.filled else { return nil }
                lineNumber += 1
                let start = s.offset
                s.offset = s.filled
                return UnsafeBufferPointer(start: s.buffer + start, count: s.filled - start)
            }
            let scanned = s.filled - s.offset
            s.refill(chunkSize: chunkSize)
            searchFrom = s.offset + scanned
        }
    }
}

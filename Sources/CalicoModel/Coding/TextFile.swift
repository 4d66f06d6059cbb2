import Foundation

/// The one way recsim reads a whole text input file (scenarios, manifests, scope and cluster files): the OS
/// reason when it cannot be read, and the line of the first byte that is not text (invalid UTF-8 or NUL), so
/// every command reports a bad file the same way. Flow logs are streamed line by line instead.
public enum TextFile {
    /// Why a file is not readable text.
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        public var path: String
        /// 1-based line of the offending byte; 0 when the file could not be read at all.
        public var line: Int
        public var message: String
        public var description: String { "\(path)\(line > 0 ? ":\(line)" : ""): \(message)" }
    }

    /// Largest file read whole (256 MiB): scenario and manifest files are far smaller.
    public static let maxBytes = 256 << 20

    public static func read(_ path: String) throws(ReadError) -> String {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
                throw ReadError(path: path, line: 0, message: "is a directory; expected a file")
            }
            if let size = attributes[.size] as? Int, size > maxBytes {
                throw ReadError(
                    path: path, line: 0,
                    message: "is \(size) bytes; expected a text file of at most \(maxBytes >> 20) MiB")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let e as ReadError {
            throw e
        } catch {
            throw ReadError(path: path, line: 0, message: "cannot read: \(reason(error))")
        }
        return try text(data, path: path)
    }

    /// Validates bytes as text: UTF-8 without NUL bytes.
    public static func text(_ data: Data, path: String) throws(ReadError) -> String {
        let bytes = [UInt8](data)
        var line = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { line += 1; i += 1; continue }
            if b == 0 {
                throw ReadError(
                    path: path, line: line, message: "contains a NUL byte; expected a text file, not a binary one")
            }
            if b < 0x80 { i += 1; continue }
            let length = utf8Length(bytes, at: i)
            guard length > 0 else {
                throw ReadError(
                    path: path, line: line,
                    message: "byte 0x\(String(b, radix: 16, uppercase: true)) is not valid UTF-8; expected UTF-8 text")
            }
            i += length
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Length of a well-formed UTF-8 sequence at `i` (RFC 3629: no overlongs, surrogates or values above U+10FFFF), else 0.
    private static func utf8Length(_ b: [UInt8], at i: Int) -> Int {
        func cont(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            i + k < b.count && range.contains(b[i + k])
        }
        switch b[i] {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0...0xBF) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80...0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90...0xBF) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80...0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    /// The OS's reason (e.g. "No such file or directory", "Permission denied").
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "No such file or directory"
            case NSFileReadNoPermissionError: return "Permission denied"
            default: break
            }
        }
        return ns.localizedDescription
    }
}

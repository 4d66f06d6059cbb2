import CalicoModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why an output file could not be written.
public struct OutputFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// Writes lines to `path` through a temporary file in the same directory, renamed into place on `commit()`,
/// so readers never see a half-written file.
public final class AtomicLineWriter {
    public let path: String
    let temporaryPath: String
    private var handle: UnsafeMutablePointer<FILE>?
    public private(set) var lines = 0

    public init(path: String) throws(OutputFileError) {
        self.path = path
        do { temporaryPath = try OutputPath.temporaryForWriting(path) } catch {
            throw OutputFileError(path: path, message: "cannot write: \(error.reason)")
        }
        guard let h = fopen(temporaryPath, "wx") else {
            throw OutputFileError(
                path: path, message: "cannot create \(temporaryPath): \(String(cString: strerror(errno)))")
        }
        handle = h
        setvbuf(h, nil, _IOFBF, 1 << 20)
    }

    public func write(line: String) {
        var s = line
        s.append("\n")
        s.withUTF8 { buf in _ = fwrite(buf.baseAddress, 1, buf.count, handle) }
        lines += 1
    }

    /// Flushes, closes and renames into place.
    public func commit() throws(OutputFileError) {
        guard let h = handle else { return }
        handle = nil
        let failed = ferror(h) != 0
        if fclose(h) != 0 || failed {
            unlink(temporaryPath)
            throw OutputFileError(path: path, message: "write failed: \(String(cString: strerror(errno)))")
        }
        if rename(temporaryPath, path) != 0 {
            unlink(temporaryPath)
            throw OutputFileError(path: path, message: "cannot rename into place: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if let h = handle { fclose(h); unlink(temporaryPath) }
    }
}

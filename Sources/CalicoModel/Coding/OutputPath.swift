import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The one check every output file path passes before recsim writes it: a new path, or an existing regular
/// file. A symbolic link, FIFO, device node, socket or directory is refused, so `--out` never replaces (or
/// writes through) something that is not a plain file — `/dev/null` as root, a link into another folder.
public enum OutputPath {
    /// Nil when `path` may be written; otherwise what is wrong, e.g. "is a symbolic link; expected a regular file or a new path".
    public static func problem(_ path: String) -> String? {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            return errno == ENOENT ? nil : "cannot inspect: \(String(cString: strerror(errno)))"
        }
        let kind: String
        switch st.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFLNK: kind = "a symbolic link"
        case S_IFIFO: kind = "a FIFO"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFSOCK: kind = "a socket"
        case S_IFDIR: kind = "a directory"
        default: kind = "not a regular file"
        }
        return "is \(kind); expected a regular file or a new path"
    }

    /// The temporary sibling recsim writes `path` through: `.<name>.tmp-<pid>` in the same folder (so the final
    /// rename stays on one file system).
    public static func temporary(for path: String, pid: Int32 = getpid()) -> String {
        sibling(of: path, tag: "tmp", pid: pid)
    }

    /// Everything before writing the file `path` through its temporary sibling: `path` passes `problem`, the
    /// leftovers of killed processes are removed, and so is this process's own leftover (or a planted link), so
    /// the returned temporary path can be created exclusively. Throws what is wrong with `path`.
    public static func temporaryForWriting(_ path: String) throws(Refused) -> String {
        if let problem = problem(path) { throw Refused(reason: problem) }
        removeStaleTemporaries(for: path)
        let temporary = temporary(for: path)
        unlink(temporary)
        return temporary
    }

    /// Why an output path was refused, e.g. "is a symbolic link; expected a regular file or a new path".
    public struct Refused: Error, Sendable {
        public var reason: String
    }

    /// Where an earlier report folder waits while a new one is swapped in: `.<name>.old-<pid>`.
    public static func previous(for path: String, pid: Int32 = getpid()) -> String {
        sibling(of: path, tag: "old", pid: pid)
    }

    private static func sibling(of path: String, tag: String, pid: Int32) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        return (dir.isEmpty ? "" : dir + "/") + ".\(base).\(tag)-\(pid)"
    }

    /// Removes what a killed recsim left beside `path`: `.<name>.tmp-<pid>` and `.<name>.old-<pid>` files or
    /// folders whose process no longer exists (SIGKILL runs no cleanup). Those of live processes are left alone.
    /// Returns the paths removed.
    @discardableResult
    public static func removeStaleTemporaries(for path: String) -> [String] {
        let dir = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        let folder = dir.isEmpty ? "." : dir
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names.sorted() {
            for tag in ["tmp", "old"] {
                let prefix = ".\(base).\(tag)-"
                guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count)), pid > 0 else { continue }
                guard kill(pid, 0) != 0 && errno == ESRCH else { continue }  // still running (or not ours to signal)
                let stale = (dir.isEmpty ? "" : dir + "/") + name
                if (try? FileManager.default.removeItem(atPath: stale)) != nil { removed.append(stale) }
            }
        }
        return removed
    }
}

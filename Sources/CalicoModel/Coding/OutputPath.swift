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
}

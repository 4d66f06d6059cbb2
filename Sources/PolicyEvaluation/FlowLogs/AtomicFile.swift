import Foundation

/// Writes a file all at once: the text goes to a temporary file beside the target, which is then renamed
/// over it, so a failure never leaves a partial output file.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(EvaluateError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try Data(text.utf8).write(to: temp)
        } catch {
            throw EvaluateError.io(path: path, message: "cannot write (\((error as NSError).localizedDescription))")
        }
        if rename(temp.path, url.path) != 0 {
            let message = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw EvaluateError.io(path: path, message: "cannot replace (\(message))")
        }
    }
}

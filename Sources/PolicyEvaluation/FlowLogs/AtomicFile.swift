import CalicoModel
import Foundation

/// Writes a file all at once: the text goes to a temporary file beside the target, which is then renamed
/// over it, so a failure never leaves a partial output file.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(EvaluateError) {
        if let problem = OutputPath.problem(path) { throw EvaluateError.io(path: path, message: "cannot write: \(problem)") }
        let url = URL(fileURLWithPath: path)
        let temp = URL(fileURLWithPath: OutputPath.temporary(for: url.path))
        OutputPath.removeStaleTemporaries(for: url.path)
        do {
            unlink(temp.path)  // a leftover (or planted link) from an earlier run; `.withoutOverwriting` then creates it anew
            try Data(text.utf8).write(to: temp, options: .withoutOverwriting)
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

import CalicoModel
import Foundation

/// Writes a file all at once: the text goes to a temporary file beside the target, which is then renamed
/// over it, so a failure never leaves a partial output file.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(EvaluateError) {
        let url = URL(fileURLWithPath: path)
        let temp: URL
        do { temp = URL(fileURLWithPath: try OutputPath.temporaryForWriting(path)) } catch {
            throw EvaluateError.io(path: path, message: "cannot write: \(error.reason)")
        }
        do {
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

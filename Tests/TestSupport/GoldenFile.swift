import Foundation

/// Golden files: expected outputs checked in beside the tests. With `RECSIM_UPDATE_GOLDEN=1` a check rewrites the
/// file instead (review the diff like code).
public enum GoldenFile {
    /// Whether this test run rewrites golden files.
    public static var updating: Bool { ProcessInfo.processInfo.environment["RECSIM_UPDATE_GOLDEN"] == "1" }

    /// The golden text at `url` (nil when missing); when updating, `actual` is written first.
    public static func expected(at url: URL, updatingWith actual: String) throws -> String? {
        if updating {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url, options: .atomic)
        }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// Nil when `actual` equals the golden file at `url` (or the file was just rewritten); otherwise what is wrong.
    public static func mismatch(_ actual: String, at url: URL) throws -> String? {
        guard let expected = try expected(at: url, updatingWith: actual) else {
            return "missing golden file \(url.lastPathComponent); run with RECSIM_UPDATE_GOLDEN=1 to create it"
        }
        guard expected != actual else { return nil }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        let got = line < a.count ? String(a[line]) : "<end>", want = line < e.count ? String(e[line]) : "<end>"
        return
            "\(url.lastPathComponent) differs from its golden file at line \(line + 1): got \"\(got)\", expected \"\(want)\"; "
            + "review and rerun with RECSIM_UPDATE_GOLDEN=1 to accept"
    }
}

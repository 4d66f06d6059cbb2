/// One rendered output file; writing it to disk is the caller's job.
public struct ReportFile: Sendable, Hashable {
    /// A bare file name (`index.html`, `summary.md`, `namespaces.csv`, ...).
    public var name: String
    public var contents: String
    public init(name: String, contents: String) { self.name = name; self.contents = contents }
}

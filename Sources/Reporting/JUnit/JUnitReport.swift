/// Regression-suite results as JUnit XML, the schema Jenkins, GitLab and GitHub test reporters read:
/// `<testsuites>` → `<testsuite name tests failures errors skipped time>` → `<testcase classname name time>`
/// with an optional `<failure message type>detail</failure>`.
///
/// Pure and deterministic: suites and cases are written in the order given; times are the caller's
/// (seconds, may be 0). recsim never skips a case and reports no errors (a case that cannot run is a
/// failure with its reason), so `skipped` and `errors` are always 0.
public struct JUnitReport: Sendable, Hashable {
    public struct Failure: Sendable, Hashable {
        /// One-line summary (the `message` attribute).
        public var message: String
        /// Category (the `type` attribute), e.g. `threshold` or `fingerprint`.
        public var type: String
        /// Multi-line detail (the element's text).
        public var detail: String
        public init(message: String, type: String = "failure", detail: String = "") {
            self.message = message; self.type = type; self.detail = detail
        }
    }

    public struct TestCase: Sendable, Hashable {
        public var name: String
        /// Dotted group, shown as the "class" by CI tools (e.g. `recsim.regress.three-tier`).
        public var classname: String
        public var timeSeconds: Double
        /// nil when the case passed.
        public var failure: Failure?
        public init(name: String, classname: String, timeSeconds: Double = 0, failure: Failure? = nil) {
            self.name = name; self.classname = classname; self.timeSeconds = timeSeconds; self.failure = failure
        }
    }

    public struct Suite: Sendable, Hashable {
        public var name: String
        public var cases: [TestCase]
        public init(name: String, cases: [TestCase]) { self.name = name; self.cases = cases }

        public var failures: Int { cases.filter { $0.failure != nil }.count }
        /// The sum of the cases' times.
        public var timeSeconds: Double { cases.map { JUnitReport.sanitized($0.timeSeconds) }.reduce(0, +) }
    }

    /// The `<testsuites name>`.
    public var name: String
    public var suites: [Suite]

    public init(name: String = "recsim", suites: [Suite]) { self.name = name; self.suites = suites }

    public var tests: Int { suites.map(\.cases.count).reduce(0, +) }
    public var failures: Int { suites.map(\.failures).reduce(0, +) }

    /// The report as one file, `junit.xml`.
    public func files() -> [ReportFile] { [ReportFile(name: "junit.xml", contents: xml())] }

    /// The XML document (UTF-8, LF line ends).
    public func xml() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"\(Self.attribute(name))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\""
            + " skipped=\"0\" time=\"\(Self.time(suites.map(\.timeSeconds).reduce(0, +)))\">\n"
        for suite in suites {
            out +=
                "  <testsuite name=\"\(Self.attribute(suite.name))\" tests=\"\(suite.cases.count)\""
                + " failures=\"\(suite.failures)\" errors=\"0\" skipped=\"0\" time=\"\(Self.time(suite.timeSeconds))\">\n"
            for test in suite.cases {
                out +=
                    "    <testcase classname=\"\(Self.attribute(test.classname))\" name=\"\(Self.attribute(test.name))\""
                    + " time=\"\(Self.time(test.timeSeconds))\""
                guard let failure = test.failure else { out += "/>\n"; continue }
                out +=
                    ">\n      <failure message=\"\(Self.attribute(failure.message))\" type=\"\(Self.attribute(failure.type))\">"
                out += Self.text(failure.detail) + "</failure>\n    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// Seconds with millisecond resolution; negative or non-finite times (a caller bug) read as 0.
    static func time(_ seconds: Double) -> String { Format.number(sanitized(seconds), decimals: 3) }

    static func sanitized(_ seconds: Double) -> Double { seconds.isFinite && seconds > 0 ? seconds : 0 }

    /// Attribute values: XML-escaped, and line breaks/tabs as character references so parsers keep them
    /// (attribute-value normalisation would turn a literal newline into a space).
    static func attribute(_ text: String) -> String {
        var out = ""
        for scalar in Escape.xml(text).unicodeScalars {
            switch scalar {
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Element text: XML-escaped, carriage returns as references so CRLF survives parsing.
    static func text(_ text: String) -> String {
        var out = ""
        for scalar in Escape.xml(text).unicodeScalars {
            if scalar == "\r" { out += "&#13;" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}

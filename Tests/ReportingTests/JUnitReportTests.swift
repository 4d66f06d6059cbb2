import Testing

@testable import Reporting

@Suite struct JUnitReportTests {
    static let report = JUnitReport(
        name: "recsim regress",
        suites: [
            .init(
                name: "three-tier",
                cases: [
                    .init(name: "false denies ≤ 0.1%", classname: "recsim.regress.three-tier", timeSeconds: 1.2345),
                    .init(
                        name: "time to Stable < 2h", classname: "recsim.regress.three-tier", timeSeconds: 0.5,
                        failure: .init(
                            message: "median 3h 10m > 2h & \"rising\"\nsee detail", type: "threshold",
                            detail: "namespace <backend>: 3h 10m\r\nnamespace 'db': never\u{1}")),
                ]),
            .init(name: "empty", cases: []),
            .init(
                name: "fingerprints",
                cases: [
                    .init(
                        name: "seed 42", classname: "recsim.regress.fingerprints", timeSeconds: -1,
                        failure: .init(message: "fingerprint changed"))
                ]),
        ])

    @Test func parsesAndCountsMatch() throws {
        let xml = Self.report.xml()
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "))
        let (parsed, error) = XMLNode.parse(xml)
        #expect(error == nil, "\(error ?? "")")
        let root = try #require(parsed)
        #expect(root.name == "testsuites")
        #expect(root.attributes["tests"] == "3" && root.attributes["failures"] == "2")
        #expect(root.attributes["errors"] == "0" && root.attributes["skipped"] == "0")
        #expect(root.attributes["time"] == "1.735")
        let suites = root.descendants("testsuite")
        #expect(suites.map { $0.attributes["name"]! } == ["three-tier", "empty", "fingerprints"])
        for suite in suites {
            let cases = suite.descendants("testcase")
            #expect(suite.attributes["tests"] == String(cases.count))
            #expect(suite.attributes["failures"] == String(cases.filter { !$0.descendants("failure").isEmpty }.count))
        }
        #expect(suites.map { $0.attributes["time"]! } == ["1.735", "0", "0"])
        let failed = try #require(root.descendants("testcase").first { $0.attributes["name"] == "time to Stable < 2h" })
        let failure = try #require(failed.descendants("failure").first)
        // Escaped text comes back exactly (a forbidden control character becomes U+FFFD).
        #expect(failure.attributes["message"] == "median 3h 10m > 2h & \"rising\"\nsee detail")
        #expect(failure.attributes["type"] == "threshold")
        #expect(failure.text == "namespace <backend>: 3h 10m\r\nnamespace 'db': never\u{FFFD}")
        #expect(failed.attributes["classname"] == "recsim.regress.three-tier")
        let negative = try #require(root.descendants("testcase").first { $0.attributes["name"] == "seed 42" })
        #expect(negative.attributes["time"] == "0")
        #expect(negative.descendants("failure").first?.attributes["type"] == "failure")
    }

    @Test func deterministicAndOneFile() {
        #expect(Self.report.xml() == Self.report.xml())
        #expect(Self.report.files().map(\.name) == ["junit.xml"])
        #expect(Self.report.tests == 3 && Self.report.failures == 2)
        let empty = JUnitReport(suites: []).xml()
        #expect(
            empty
                == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"recsim\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">\n</testsuites>\n"
        )
    }
}

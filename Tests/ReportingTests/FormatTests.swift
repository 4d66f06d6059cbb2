import Testing

@testable import Reporting

@Suite struct FormatTests {
    @Test(arguments: [
        (0.0, 2, "0"), (1.0, 2, "1"), (2.5, 2, "2.5"), (0.125, 2, "0.13"), (-0.125, 3, "-0.125"), (-0.001, 2, "0"),
        (1234567.891, 1, "1234567.9"), (0.1 + 0.2, 3, "0.3"), (10.0, 0, "10"), (.infinity, 2, "Inf"), (.nan, 2, "NaN"),
        (0.05, 1, "0.1"), (1e-7, 9, "0.0000001"),
    ])
    func number(value: Double, decimals: Int, expected: String) {
        #expect(Format.number(value, decimals: decimals) == expected)
    }

    @Test func durations() {
        #expect(Format.duration(seconds: 0) == "0s")
        #expect(Format.duration(seconds: 45) == "45s")
        #expect(Format.duration(seconds: 150) == "2m 30s")
        #expect(Format.duration(seconds: 3 * 3_600 + 20 * 60 + 7) == "3h 20m")
        #expect(Format.duration(seconds: 2 * 86_400 + 4 * 3_600) == "2d 4h")
        #expect(Format.duration(seconds: 86_400 + 60) == "1d")
        #expect(Format.offset(seconds: 86_400 + 12 * 3_600) == "1d12h")
        #expect(Format.offset(seconds: 0) == "0")
    }

    @Test func utc() {
        #expect(Format.utc(unixSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(Format.utc(unixSeconds: 1_767_225_600) == "2026-01-01T00:00:00Z")
        #expect(Format.utc(unixSeconds: 951_782_400 + 86_399) == "2000-02-29T23:59:59Z")
        #expect(Format.utc(unixSeconds: -1) == "1969-12-31T23:59:59Z")
    }

    @Test func csvQuoting() {
        #expect(Escape.csvField("plain") == "plain")
        #expect(Escape.csvField("a,b") == "\"a,b\"")
        #expect(Escape.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(Escape.csvField("two\nlines") == "\"two\nlines\"")
        #expect(Escape.csvField("") == "")
        // CSV injection: formulas are neutralised, numbers and the "-" placeholder are not.
        #expect(Escape.csvField("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(Escape.csvField("+1+cmd") == "'+1+cmd")
        #expect(Escape.csvField("@SUM(A1)") == "'@SUM(A1)")
        #expect(Escape.csvField("-2+3") == "'-2+3")
        #expect(Escape.csvField("\tx") == "'\tx")
        #expect(Escape.csvField("-0.25") == "-0.25")
        #expect(Escape.csvField("-") == "-")
        #expect(Escape.csvRecord(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
    }

    @Test func xmlAndMarkdownEscaping() {
        #expect(Escape.xml("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
        #expect(Escape.xml("bell\u{07}") == "bell\u{FFFD}")
        #expect(Escape.markdownCell("a|b\\c\nd") == "a\\|b\\\\c d")
        #expect(Escape.markdownCell("<script>x</script> `code` & more") == "&lt;script>x&lt;/script> \\`code\\` & more")
    }
}

@Suite struct PercentFormatTests {
    @Test(arguments: [
        (0.0, "0%"), (0.25, "25%"), (0.00006, "0.01%"), (0.000004, "0.0004%"), (0.0004, "0.04%"),
        (0.0000000001, "<0.0001%"),
    ])
    func smallNonZeroRatesNeverReadAsZero(fraction: Double, expected: String) {
        #expect(Format.percent(fraction) == expected)
    }
}

import Testing

@testable import Simulation

@Suite struct SimulationTests {
    @Test(arguments: [("150s", 150), ("2m30s", 150), ("24h", 86_400), ("1.5h", 5400), ("300ms", 0), ("10m0s", 600)])
    func goDurationsParse(text: String, seconds: Int64) throws {
        #expect(try SimDuration(parsing: text).seconds == seconds)
    }

    @Test func daysAndWeeksOnlyWhenAllowed() throws {
        #expect(try SimDuration(parsing: "7d", allowDays: true).seconds == 604_800)
        #expect(try SimDuration(parsing: "2w", allowDays: true).seconds == 1_209_600)
        #expect(throws: DurationParseError.self) { try SimDuration(parsing: "7d") }
        #expect(throws: DurationParseError.self) { try SimDuration(parsing: "10") }
        #expect(throws: DurationParseError.self) { try SimDuration(parsing: "") }
    }

    @Test func goStringMatchesMetav1Duration() {
        #expect(SimDuration(seconds: 150).goString == "2m30s")
        #expect(SimDuration.hours(24).goString == "24h0m0s")
        #expect(SimDuration.minutes(10).goString == "10m0s")
        #expect(SimDuration(seconds: 5).goString == "5s")
        #expect(SimDuration.days(7).compact == "1w" && SimDuration(seconds: 150).compact == "150s")
    }

    @Test func civilTimeRoundTrips() {
        let t = CivilTime.unixSeconds(year: 2026, month: 1, day: 5, hour: 3, minute: 4, second: 5)
        #expect(SimInstant(unixSeconds: t).rfc3339 == "2026-01-05T03:04:05Z")
        #expect(SimInstant(rfc3339: "2026-01-05T03:04:05Z")?.unixSeconds == t)
        #expect(CivilTime(unixSeconds: t).weekday == 1)  // a Monday
        #expect(SimInstant(unixSeconds: 1_597_166_383).rfc3339 == "2020-08-11T17:19:43Z")
    }

    @Test func eventQueueBreaksTiesByInsertionOrder() {
        var q = EventQueue<String>()
        let t = SimInstant(unixSeconds: 100)
        q.schedule("b", at: t); q.schedule("late", at: t + .seconds(5)); q.schedule("c", at: t);
        q.schedule("a", at: SimInstant(unixSeconds: 1))
        var out: [String] = []
        while let e = q.pop() { out.append(e.event) }
        #expect(out == ["a", "b", "c", "late"])
    }

    @Test func generatorsAreDeterministicAndDerivedStreamsIndependent() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
        var d1 = SeededGenerator(seed: 42).derived("pattern-1"), d2 = SeededGenerator(seed: 42).derived("pattern-2")
        #expect(d1.next() != d2.next())
        var u = SeededGenerator(seed: 7)
        for _ in 0..<1000 { let v = u.below(10); #expect(v < 10) }
    }

    @Test func exponentialMeanIsWithinTolerance() {
        var g = SeededGenerator(seed: 1)
        let n = 200_000
        let mean = (0..<n).map { _ in g.exponential(rate: 2.0) }.reduce(0, +) / Double(n)
        // Standard error of the mean is 0.5/sqrt(n) ≈ 0.0011; allow 5 sigma.
        #expect(abs(mean - 0.5) < 0.0056)
    }

    @Test func sha2MatchesKnownVectors() {
        #expect(SHA2.hash("abc").hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA2.hash("abc", .sha224).hexString == "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")
        #expect(
            SHA2.hash(String(repeating: "a", count: 1000)).hexString
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        #expect(BaseEncoding.base64URLRaw(SHA2.hash("s:all()", .sha224)) == "5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug")
        #expect(BaseEncoding.base32Hex([0xff]) == "VS======")
        // Updates split at odd places (across the 64-byte blocks) hash like one update.
        let text = String(repeating: "0123456789abcdef", count: 50) + "tail"
        for chunk in [1, 7, 63, 64, 65, 200] {
            var s = SHA2()
            var rest = Substring(text)
            while !rest.isEmpty { s.update(String(rest.prefix(chunk))); rest = rest.dropFirst(chunk) }
            #expect(s.finalize() == SHA2.hash(text), "chunk \(chunk)")
        }
    }
}

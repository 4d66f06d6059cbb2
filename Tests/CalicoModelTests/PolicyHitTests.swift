import Testing

@testable import CalicoModel

@Suite struct PolicyHitTests {
    @Test(arguments: [
        ("0|tier|gnp:tier.name|allow|0", "0|tier|tier.name|allow|0"),
        (
            "1|namespace-isolation|snp:curl-ns/namespace-isolation.curl-ns-vfzgh|allow|3",
            "1|namespace-isolation|curl-ns/namespace-isolation.staged:curl-ns-vfzgh|allow|3"
        ),
        ("0|default|knp:ns/allow-web|allow|2", "0|default|ns/knp.default.allow-web|allow|2"),
        ("0|default|sknp:ns/allow-web|deny|-1", "0|default|ns/staged:knp.default.allow-web|deny|-1"),
        ("1|__PROFILE__|pro:kns.curl-ns|allow|0", "1|__PROFILE__|__PROFILE__.kns.curl-ns|allow|0"),
        ("2|default|np:policy-demo/access-nginx|allow|2", "2|default|policy-demo/default.access-nginx|allow|2"),
        ("0|t2|sgnp:t2.p|pass|-", "0|t2|t2.staged:p|pass|-"),
    ])
    func modernAndLegacyFormatsRoundTrip(modern: String, legacy: String) throws {
        let hit = try #require(PolicyHit(parsing: modern))
        #expect(hit.formatted() == modern)
        #expect(hit.formatted(legacy: true) == legacy)
        let fromLegacy = try #require(PolicyHit(parsing: legacy))
        #expect(fromLegacy.formatted() == modern, "legacy \(legacy) parsed as \(fromLegacy)")
    }

    @Test func acceptsOldFourFieldFormAndRejectsGarbage() {
        #expect(PolicyHit(parsing: "0|default|ns/default.p|allow")?.ruleIndex == nil)
        #expect(PolicyHit(parsing: "0|default|ns/default.p|eot-deny|-1")?.action == .eotDeny)
        #expect(PolicyHit(parsing: "x|default|p|allow|0") == nil)
        #expect(PolicyHit(parsing: "0|default|p|maybe|0") == nil)
        #expect(PolicyHit(parsing: "0|default") == nil)
    }
}

import Testing

@testable import CalicoModel

@Suite struct NumOrStringTests {
    @Test(arguments: [
        ("tcp", "TCP", 6), ("UDP", "UDP", 17), ("icmpv6", "ICMPv6", 58), ("sctp", "SCTP", 132), ("ipip", "ipip", 4),
        ("132", "132", 132),
    ])
    func protocolsNormaliseLikeCalico(input: String, canonical: String, number: Int) throws {
        let p = try #require(ProtocolValue(parsing: input))
        #expect(p.description == canonical)
        #expect(Int(p.number) == number)
    }

    @Test func portsParseAndSort() throws {
        #expect(Port(parsing: "80") == Port(80))
        #expect(Port(parsing: "80:90") == Port(min: 80, max: 90))
        #expect(Port(parsing: "90:80") == nil)
        #expect(Port(parsing: "http")?.isNamed == true)
        #expect(Port(parsing: "") == nil)
        #expect(
            [Port(named: "a"), Port(443), Port(min: 80, max: 90), Port(80)].sorted() == [
                Port(named: "a"), Port(80), Port(min: 80, max: 90), Port(443),
            ])
        #expect(Port(min: 80, max: 90).contains(85) && !Port(min: 80, max: 90).contains(91))
    }

    @Test func cidrsMatch() throws {
        let c = try #require(CIDR("10.0.0.0/8"))
        #expect(c.contains(IPAddress("10.1.2.3")!) && !c.contains(IPAddress("11.0.0.1")!))
        #expect(
            IPAddress("172.20.0.1")!.isPrivate && !IPAddress("172.32.0.1")!.isPrivate
                && IPAddress("192.168.1.1")!.isPrivate)
        let v6 = try #require(CIDR("1001::/16"))
        #expect(v6.contains(IPAddress("1001::2")!) && !v6.contains(IPAddress("1002::2")!))
        #expect(CIDR("0.0.0.0/0")!.contains(IPAddress("8.8.8.8")!))
        #expect(IPAddress("1.2.3") == nil && IPAddress("256.1.1.1") == nil)
    }
}

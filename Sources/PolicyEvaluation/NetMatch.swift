import CalicoModel

enum NamedPorts {
    /// Whether the endpoint has a container port named one of `names` with this number and protocol (default TCP).
    static func contains<C: Collection<String>>(_ e: FlowEndpoint, port: UInt16, proto: UInt8, names: C) -> Bool {
        for cp in e.namedPorts where cp.containerPort == port {
            guard let n = cp.name, names.contains(n) else { continue }
            if (cp.protocol.flatMap(ProtocolValue.init(parsing:))?.number ?? 6) == proto { return true }
        }
        return false
    }
}

/// CIDR matching, including endpoints whose address is unknown (aggregated flow logs).
enum NetMatch {
    static let privateRanges = CIDR.privateRanges.compactMap(CIDR.init)

    /// Whether the endpoint's address is certainly in one of `nets`. Without an address, only `pvt`/`pub`
    /// networks can match, and only when the nets cover every address they may stand for.
    @inline(__always)
    static func any(_ nets: ArraySlice<CIDR>, contain e: FlowEndpoint) -> Bool {
        if let ip = e.ip {
            for n in nets where n.contains(ip) { return true }
            return false
        }
        guard e.kind == .network else { return false }
        if e.name == "pvt" { return privateRanges.allSatisfy { r in nets.contains { covers($0, r) } } }
        return nets.contains { $0.prefixLength == 0 && $0.address.isIPv4 }
    }

    /// Whether the endpoint's address may be in one of `nets` (for `notNets`: an unknown `pvt`/`pub`
    /// address is excluded when the nets overlap the range it stands for).
    @inline(__always)
    static func mayContain(_ nets: ArraySlice<CIDR>, _ e: FlowEndpoint) -> Bool {
        if let ip = e.ip {
            for n in nets where n.contains(ip) { return true }
            return false
        }
        guard e.kind == .network else { return false }
        if e.name == "pvt" { return nets.contains { n in privateRanges.contains { overlaps(n, $0) } } }
        return nets.contains { n in n.address.isIPv4 && !privateRanges.contains { covers($0, n) } }
    }

    static func covers(_ outer: CIDR, _ inner: CIDR) -> Bool {
        outer.address.isIPv4 == inner.address.isIPv4 && outer.prefixLength <= inner.prefixLength
            && outer.contains(inner.address)
    }

    static func overlaps(_ a: CIDR, _ b: CIDR) -> Bool { covers(a, b) || covers(b, a) }
}

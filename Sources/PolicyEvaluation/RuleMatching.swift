import CalicoModel

/// Rule matching (SPEC §4.2) over the compiled tables.
extension RuleTables {
    @inline(__always)
    func matches(rule index: Int, _ c: Connection, _ m: MatchContext) -> Bool {
        let r = rules[index]
        if r.protocolNumber >= 0 && UInt8(r.protocolNumber) != m.proto { return false }
        if r.notProtocolNumber >= 0 && UInt8(r.notProtocolNumber) == m.proto { return false }
        if r.ipVersion != 0 && m.ipVersion != 0 && r.ipVersion != m.ipVersion { return false }
        if r.icmp.present {
            guard m.isICMP else { return false }
            if r.icmp.type >= 0 && c.icmpType != Int(r.icmp.type) { return false }
            if r.icmp.code >= 0 && c.icmpCode != Int(r.icmp.code) { return false }
        }
        if r.notICMP.present && m.isICMP {
            let typeHit = r.notICMP.type < 0 || c.icmpType == Int(r.notICMP.type)
            let codeHit = r.notICMP.code < 0 || c.icmpCode == Int(r.notICMP.code)
            if typeHit && codeHit { return false }
        }
        if !r.source.isEmpty
            && !entity(r.source, c.source, identity: m.sourceIdentity, port: c.sourcePort, c, m, isDestination: false)
        {
            return false
        }
        if !r.destination.isEmpty
            && !entity(
                r.destination, c.destination, identity: m.destinationIdentity, port: c.destinationPort, c, m,
                isDestination: true)
        {
            return false
        }
        return true
    }

    func entity(
        _ x: EntityCode, _ e: FlowEndpoint, identity: EndpointIdentity?, port: UInt16?, _ c: Connection,
        _ m: MatchContext,
        isDestination: Bool
    ) -> Bool {
        if x.nets.isSet && !NetMatch.any(cidrs[x.nets.range], contain: e) { return false }
        if x.notNets.isSet && NetMatch.mayContain(cidrs[x.notNets.range], e) { return false }
        if x.needsEndpoint {
            guard let id = identity else { return false }
            switch x.scope.kind {
            case .any: break
            case .namespace: if e.namespace != strings[Int(x.scope.index)] { return false }
            case .namespaced: if e.namespace == nil { return false }
            case .selector: if !selectors[Int(x.scope.index)].matches(id.namespaceLabels) { return false }
            }
            if x.selector >= 0 && !selectors[Int(x.selector)].matches(id.labels) { return false }
            if x.serviceAccountNames.isSet {
                guard let sa = e.serviceAccount, strings[x.serviceAccountNames.range].contains(sa) else { return false }
            }
            if x.serviceAccountSelector >= 0 {
                guard e.serviceAccount != nil, selectors[Int(x.serviceAccountSelector)].matches(id.serviceAccountLabels)
                else { return false }
            }
        }
        if x.notSelector >= 0, let id = identity, selectors[Int(x.notSelector)].matches(id.labels) { return false }
        if x.ports.isSet {
            guard let p = port, portListed(p, x.ports, x.portNames, m.proto, e) else { return false }
        }
        if x.notPorts.isSet, let p = port, portListed(p, x.notPorts, x.notPortNames, m.proto, e) { return false }
        if x.service >= 0
            && !matchesService(services[Int(x.service)], e, port: port, c, m, isDestination: isDestination)
        {
            return false
        }
        if x.domains.isSet {
            guard isDestination, m.direction == .egress,
                DomainPattern.any(domains[x.domains.range], matchAnyOf: c.destinationDomains)
            else { return false }
        }
        return true
    }

    /// Whether `port` of protocol `proto` is in the ranges, or is a named port of `endpoint` listed by name.
    @inline(__always)
    func portListed(_ port: UInt16, _ ranges: Span, _ names: Span, _ proto: UInt8, _ endpoint: FlowEndpoint) -> Bool {
        for i in ranges.range where portRanges[i].min <= port && port <= portRanges[i].max { return true }
        if names.count <= 0 { return false }
        return NamedPorts.contains(endpoint, port: port, proto: proto, names: strings[names.range])
    }

    private func matchesService(
        _ s: ServiceCriterion, _ e: FlowEndpoint, port: UInt16?, _ c: Connection, _ m: MatchContext,
        isDestination: Bool
    ) -> Bool {
        if isDestination, let ref = c.service, ref.name == s.name, ref.namespace == s.namespace { return true }
        // Traffic from (ingress source) or straight to (egress destination) a pod backing the Service.
        guard let selector = s.backendSelector, !selector.isEmpty, e.kind == .workload, e.namespace == s.namespace,
            selector.allSatisfy({ e.labels[$0.key] == $0.value })
        else { return false }
        if !isDestination || s.targetPorts.isEmpty { return true }
        guard let p = port else { return false }
        for t in s.targetPorts {
            if t.isNamed ? NamedPorts.contains(e, port: p, proto: m.proto, names: [t.name]) : t.contains(p) {
                return true
            }
        }
        return false
    }
}

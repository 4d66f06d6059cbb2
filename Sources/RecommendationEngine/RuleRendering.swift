import CalicoModel

extension RuleState {
    /// `buildRules`: the rule maps parsed back from a policy's rules via their annotations (SPEC §2.6).
    ///
    /// Reproduces the engine's rebuild exactly, including what it drops or changes:
    /// - rules without metadata or `…/scope`, `DomainSet` rules (a TODO in the engine), and Namespace and
    ///   NetworkSet rules missing an annotation are dropped;
    /// - Domains and Private rules without ports (port-less protocols such as ICMP) are dropped: they vanish
    ///   at the next tick that has any flow, unless their own traffic re-creates them;
    /// - other port-less rules rebuild with no ports, so each of their flows appends the zero port again and
    ///   bumps the timestamp: the policy changes (back to `Learning`) on every tick their traffic is in the
    ///   window;
    /// - a NetworkSet rule with `namespaceSelector: global()` is keyed with namespace `""` while flows key
    ///   global sets with `-`, so a second rule appears while the traffic continues, and the two collapse at
    ///   the next rebuild (SPEC §2.14 quirk 2);
    /// - Domains and Service rules land in the egress maps whatever their direction.
    ///
    /// Flow logs without a destination port never reach the engine through Linseed (see
    /// `FlowWindow.dropsFlowsWithoutDestPort`), so the port-less cases matter only when that is turned off.
    init(egress: [Rule]?, ingress: [Rule]?) {
        self.init()
        build(.egress, egress ?? [])
        build(.ingress, ingress ?? [])
    }

    private mutating func build(_ direction: TrafficDirection, _ rules: [Rule]) {
        for rule in rules {
            guard let ann = rule.metadata?.annotations, let scope = ann[RecommendationKeys.scope],
                let proto = rule.protocol
            else { continue }
            let destPorts = rule.destination?.ports ?? []
            switch RuleScope(rawValue: scope) {
            case .domains?:
                guard let port = destPorts.first else { continue }
                egress.domains.set(
                    RuleKey(proto: proto, port: port),
                    RuleData(
                        action: rule.action, proto: proto, ports: [port], domains: rule.destination?.domains ?? [],
                        timestamp: ann[RecommendationKeys.lastUpdated] ?? ""))
            case .service?:
                guard let svc = rule.destination?.services else { continue }
                let name = svc.name ?? "", ns = svc.namespace ?? ""
                egress.services.set(
                    RuleKey(name: name, namespace: ns, proto: proto),
                    RuleData(
                        action: rule.action, proto: proto, ports: destPorts, name: name, namespace: ns,
                        timestamp: ann[RecommendationKeys.lastUpdated] ?? ""))
            case .namespace?:
                guard let ns = ann[RecommendationKeys.namespace], let ts = ann[RecommendationKeys.lastUpdated] else {
                    continue
                }
                self[direction].namespaces.set(
                    RuleKey(namespace: ns, proto: proto),
                    RuleData(action: rule.action, proto: proto, ports: destPorts, namespace: ns, timestamp: ts))
            case .networkSet?:
                let entity = direction == .egress ? rule.destination : rule.source
                let global = entity?.namespaceSelector == "global()"
                var ns = ""
                if !global {
                    guard let n = ann[RecommendationKeys.namespace] else { continue }
                    ns = n
                }
                guard let name = ann[RecommendationKeys.name], let ts = ann[RecommendationKeys.lastUpdated] else {
                    continue
                }
                self[direction].networkSets.set(
                    RuleKey(global: global, name: name, namespace: ns, proto: proto),
                    RuleData(
                        action: rule.action, proto: proto, ports: destPorts, name: name,
                        namespace: ns, global: global, timestamp: ts))
            case .private?:
                guard !destPorts.isEmpty, let ts = ann[RecommendationKeys.lastUpdated] else { continue }
                self[direction].privates.set(
                    RuleKey(proto: proto),
                    RuleData(action: rule.action, proto: proto, ports: destPorts, timestamp: ts))
            case .public?:
                guard let ts = ann[RecommendationKeys.lastUpdated] else { continue }
                self[direction].publics.set(
                    RuleKey(proto: proto),
                    RuleData(action: rule.action, proto: proto, ports: destPorts, timestamp: ts))
            case .domainSet?, nil:
                continue
            }
        }
    }

    /// `getIncomingV3Rules`: the rules of one direction in block order, each block sorted by the engine's
    /// comparator (SPEC §2.8); nil when there are none.
    func rendered(_ direction: TrafficDirection) -> [Rule]? {
        let r = self[direction]
        var out: [Rule] = []
        out += RuleRendering.block(r.domains, direction, render: RuleRendering.domains, less: RuleRendering.lessDomains)
        out += RuleRendering.block(
            r.services, direction, render: RuleRendering.service, less: RuleRendering.lessService)
        out += RuleRendering.block(
            r.namespaces, direction, render: RuleRendering.namespace, less: RuleRendering.lessNamespace)
        out += RuleRendering.block(
            r.networkSets, direction, render: RuleRendering.networkSet, less: RuleRendering.lessNetworkSet)
        out += RuleRendering.block(
            r.privates, direction, render: RuleRendering.private, less: RuleRendering.lessProtocol)
        out += RuleRendering.block(r.publics, direction, render: RuleRendering.public, less: RuleRendering.lessProtocol)
        return out.isEmpty ? nil : out
    }
}

/// The rule shapes of `calico-resources/stagednetworkpolicy.go` (SPEC §2.7) and the comparators of
/// `recommendation.go` (SPEC §2.8).
enum RuleRendering {
    typealias Render = (RuleData, TrafficDirection) -> Rule
    typealias Less = (Rule, Rule, TrafficDirection) -> Bool

    /// Renders and sorts one block. Ties under the engine's comparator keep insertion order (Go's
    /// `sort.Slice` over map iteration leaves them unspecified).
    static func block(_ rules: ScopedRules, _ direction: TrafficDirection, render: Render, less: Less) -> [Rule] {
        let rendered = rules.values.map { render($0, direction) }
        let order = rendered.indices.sorted { i, j in
            if less(rendered[i], rendered[j], direction) { return true }
            if less(rendered[j], rendered[i], direction) { return false }
            return i < j
        }
        return order.map { rendered[$0] }
    }

    static func annotations(_ d: RuleData, _ scope: RuleScope, _ extra: [String: String] = [:]) -> RuleMetadata {
        var a = extra
        a[RecommendationKeys.lastUpdated] = d.timestamp
        a[RecommendationKeys.scope] = scope.rawValue
        return RuleMetadata(annotations: a)
    }

    static func ports(_ d: RuleData, sorted: Bool = true) -> [Port]? {
        guard d.proto.supportsPorts, !d.ports.isEmpty else { return nil }
        return sorted ? d.ports.sorted() : d.ports
    }

    static func rule(
        _ d: RuleData, _ meta: RuleMetadata, source: EntityRule = EntityRule(), destination: EntityRule = EntityRule()
    ) -> Rule {
        Rule(
            action: d.action, protocol: d.proto, source: source.isEmpty ? nil : source,
            destination: destination.isEmpty ? nil : destination, metadata: meta)
    }

    /// Domains: `destination.domains` sorted byte-wise; ports as accumulated (one per rule). An empty
    /// domain list is omitted, leaving a rule that allows the port to any destination (SPEC §2.14 quirk 3).
    static func domains(_ d: RuleData, _ dir: TrafficDirection) -> Rule {
        let dom = d.domains.sorted()
        return rule(
            d, annotations(d, .domains),
            destination: EntityRule(ports: ports(d, sorted: false), domains: dom.isEmpty ? nil : dom))
    }

    /// Service: `destination.services {name, namespace}`; the namespace is never captured (always empty).
    static func service(_ d: RuleData, _ dir: TrafficDirection) -> Rule {
        let meta = annotations(
            d, .service, [RecommendationKeys.name: d.name, RecommendationKeys.namespace: d.namespace])
        return rule(
            d, meta,
            destination: EntityRule(
                ports: ports(d),
                services: ServiceMatch(name: d.name, namespace: d.namespace.isEmpty ? nil : d.namespace)))
    }

    static func namespace(_ d: RuleData, _ dir: TrafficDirection) -> Rule {
        let meta = annotations(
            d, .namespace,
            [
                RecommendationKeys.namespace: d.namespace,
                RecommendationKeys.warnings: RecommendationKeys.nonServiceTypeWarning,
            ])
        let selector = SelectorLiteral.equalsOrNothing("projectcalico.org/name", d.namespace)
        if dir == .egress {
            return rule(d, meta, destination: EntityRule(namespaceSelector: selector, ports: ports(d)))
        }
        return rule(d, meta, source: EntityRule(namespaceSelector: selector), destination: EntityRule(ports: ports(d)))
    }

    static func networkSet(_ d: RuleData, _ dir: TrafficDirection) -> Rule {
        let meta = annotations(
            d, .networkSet, [RecommendationKeys.name: d.name, RecommendationKeys.namespace: d.namespace])
        let selector =
            SelectorLiteral.equalsOrNothing("projectcalico.org/name", RecommendationNaming.lengthLimitedName(d.name))
            + " && projectcalico.org/kind == 'NetworkSet'"
        let nsSelector = d.global ? "global()" : SelectorLiteral.equalsOrNothing("projectcalico.org/name", d.namespace)
        if dir == .egress {
            return rule(
                d, meta, destination: EntityRule(selector: selector, namespaceSelector: nsSelector, ports: ports(d)))
        }
        return rule(
            d, meta, source: EntityRule(selector: selector, namespaceSelector: nsSelector),
            destination: EntityRule(ports: ports(d)))
    }

    static func `private`(_ d: RuleData, _ dir: TrafficDirection) -> Rule {
        let nets = RecommendationKeys.privateNets
        if dir == .egress {
            return rule(d, annotations(d, .private), destination: EntityRule(nets: nets, ports: ports(d)))
        }
        return rule(
            d, annotations(d, .private), source: EntityRule(nets: nets), destination: EntityRule(ports: ports(d)))
    }

    static func `public`(_ d: RuleData, _ dir: TrafficDirection) -> Rule {
        rule(d, annotations(d, .public), destination: EntityRule(ports: ports(d)))
    }

    // MARK: comparators

    static func entity(_ r: Rule, _ dir: TrafficDirection) -> EntityRule? { dir == .egress ? r.destination : r.source }
    static func proto(_ r: Rule) -> String { r.protocol?.stringValue ?? "" }

    /// `lessPorts`: element-wise MinPort, MaxPort, then port name ascending, as `sortPorts` orders them
    /// (SPEC §2.7–2.8); a shorter list that is a prefix of the other sorts first.
    static func comparePorts(_ a: [Port]?, _ b: [Port]?) -> Int {
        let a = a ?? [], b = b ?? []
        for i in a.indices {
            if i >= b.count { return 1 }
            if a[i].minPort != b[i].minPort { return a[i].minPort < b[i].minPort ? -1 : 1 }
            if a[i].maxPort != b[i].maxPort { return a[i].maxPort < b[i].maxPort ? -1 : 1 }
            if a[i].name != b[i].name { return a[i].name < b[i].name ? -1 : 1 }
        }
        return a.count != b.count ? -1 : 0
    }

    static func lessStrings(_ a: [String]?, _ b: [String]?) -> Bool {
        let a = a ?? [], b = b ?? []
        for i in a.indices {
            if i >= b.count { return false }
            if a[i] != b[i] { return a[i] < b[i] }
        }
        return a.count < b.count
    }

    static func lessProtocol(_ l: Rule, _ r: Rule, _ dir: TrafficDirection) -> Bool { proto(l) < proto(r) }

    static func lessDomains(_ l: Rule, _ r: Rule, _ dir: TrafficDirection) -> Bool {
        if proto(l) != proto(r) { return proto(l) < proto(r) }
        let c = comparePorts(l.destination?.ports, r.destination?.ports)
        if c != 0 { return c == -1 }
        return lessStrings(l.destination?.domains, r.destination?.domains)
    }

    static func lessService(_ l: Rule, _ r: Rule, _ dir: TrafficDirection) -> Bool {
        if proto(l) != proto(r) { return proto(l) < proto(r) }
        let c = comparePorts(l.destination?.ports, r.destination?.ports)
        if c != 0 { return c == -1 }
        let ln = l.destination?.services?.name ?? "", rn = r.destination?.services?.name ?? ""
        if ln != rn { return ln < rn }
        return (l.destination?.services?.namespace ?? "") < (r.destination?.services?.namespace ?? "")
    }

    static func lessNamespace(_ l: Rule, _ r: Rule, _ dir: TrafficDirection) -> Bool {
        if proto(l) != proto(r) { return proto(l) < proto(r) }
        let c = comparePorts(l.destination?.ports, r.destination?.ports)
        if c != 0 { return c == -1 }
        return (entity(l, dir)?.namespaceSelector ?? "") < (entity(r, dir)?.namespaceSelector ?? "")
    }

    static func lessNetworkSet(_ l: Rule, _ r: Rule, _ dir: TrafficDirection) -> Bool {
        if proto(l) != proto(r) { return proto(l) < proto(r) }
        let c = comparePorts(l.destination?.ports, r.destination?.ports)
        if c != 0 { return c == -1 }
        let ln = entity(l, dir)?.namespaceSelector ?? "", rn = entity(r, dir)?.namespaceSelector ?? ""
        if ln != rn { return ln < rn }
        return (entity(l, dir)?.selector ?? "") < (entity(r, dir)?.selector ?? "")
    }

    /// `getPolicyTypes`: `Egress` if there are egress rules, then `Ingress` if there are ingress rules.
    static func types(egress: [Rule]?, ingress: [Rule]?) -> [PolicyType]? {
        var t: [PolicyType] = []
        if !(egress ?? []).isEmpty { t.append(.egress) }
        if !(ingress ?? []).isEmpty { t.append(.ingress) }
        return t.isEmpty ? nil : t
    }
}

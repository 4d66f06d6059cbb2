import CalicoModel
import Foundation

/// A policy ready for the tier walk: where it sits, whom it selects, where its compiled rules are.
final class CompiledPolicy: Sendable {
    let kind: PolicyKind
    let hitKind: HitKind
    /// Name as flow logs show it (Kubernetes policies keep the Kubernetes name).
    let name: String
    let namespace: String?
    let tierIndex: Int
    /// `order`, +infinity when unset.
    let order: Double
    /// Tie-break among equal orders: `<name>/<namespace>/<kind>`.
    let sortKey: String
    let staged: Bool
    let selector: Selector
    /// Which endpoints by namespace: the policy's own (namespaced kinds) or a global policy's `namespaceSelector`.
    let namespaceScope: ScopeCode
    let serviceAccountSelector: Selector?
    let appliesToIngress: Bool
    let appliesToEgress: Bool
    /// Rules in `RuleTables.rules`.
    let ingress: Range<Int>
    let egress: Range<Int>
    /// This policy's hit with index 0, rule 0, allow; the walk copies it and sets those three.
    let hitTemplate: PolicyHit

    init(
        kind: PolicyKind, name: String, namespace: String?, tierIndex: Int, tierName: String, order: Double,
        staged: Bool, selector: Selector,
        namespaceScope: ScopeCode, serviceAccountSelector: Selector?, types: [PolicyType], ingress: Range<Int>,
        egress: Range<Int>
    ) {
        self.kind = kind; hitKind = HitKind(kind); self.name = name; self.namespace = namespace;
        self.tierIndex = tierIndex
        self.order = order; sortKey = "\(name)/\(namespace ?? "")/\(kind.shortName)"; self.staged = staged;
        self.selector = selector
        self.namespaceScope = namespaceScope; self.serviceAccountSelector = serviceAccountSelector
        appliesToIngress = types.contains(.ingress); appliesToEgress = types.contains(.egress)
        self.ingress = ingress; self.egress = egress
        hitTemplate = PolicyHit(
            index: 0, tier: tierName, kind: hitKind, namespace: namespace, name: name, action: .allow, ruleIndex: 0)
    }

    func applies(to direction: PolicyType) -> Bool { direction == .ingress ? appliesToIngress : appliesToEgress }
}

/// A tier as the walk needs it.
struct CompiledTier: Sendable {
    var name: String
    var order: Double
    var defaultAction: TierDefaultAction
}

/// Turns policy resources into `CompiledPolicy` values and `RuleTables`, parsing each distinct selector once.
struct PolicyCompiler {
    var tables = RuleTableBuilder()
    private var selectorIndex: [String: Int32] = [:]
    private var stringIndex: [String: Int32] = [:]
    let services: [String: Service]  // key "ns/name"

    init(services: [Service]) {
        var byKey: [String: Service] = [:]
        for s in services { byKey["\(s.metadata.namespace ?? "default")/\(s.metadata.name)"] = s }
        self.services = byKey
    }

    mutating func parse(_ text: String, _ what: String, _ field: String) throws(PolicySetError) -> Selector {
        if let i = selectorIndex[text] { return tables.selectors[Int(i)] }
        do {
            let s = try Selector(text)
            selectorIndex[text] = Int32(tables.selectors.count)
            tables.selectors.append(s)
            return s
        } catch {
            throw PolicySetError(policy: what, field: field, message: error.description)
        }
    }

    /// Index of a selector in the tables, -1 when absent (nil or empty: Calico treats `""` as "not set").
    mutating func selector(_ text: String?, _ what: String, _ field: String) throws(PolicySetError) -> Int32 {
        guard let text, !PolicyCompiler.isBlank(text) else { return -1 }
        _ = try parse(text, what, field)
        return selectorIndex[text]!
    }

    mutating func add(_ s: Selector) -> Int32 {
        let key = "\u{1}" + s.canonical  // rewritten selectors get their own keys
        if let i = selectorIndex[key] { return i }
        selectorIndex[key] = Int32(tables.selectors.count)
        tables.selectors.append(s)
        return selectorIndex[key]!
    }

    mutating func string(_ s: String) -> Int32 {
        if let i = stringIndex[s] { return i }
        stringIndex[s] = Int32(tables.strings.count)
        tables.strings.append(s)
        return stringIndex[s]!
    }

    /// Appends strings as one contiguous span (not deduplicated, so the span is contiguous).
    mutating func strings(_ list: [String]) -> Span {
        let start = Int32(tables.strings.count)
        tables.strings += list
        return Span(start: start, count: Int32(list.count))
    }

    static func isBlank(_ s: String) -> Bool { s.allSatisfy { $0 == " " || $0 == "\t" } }

    /// The namespace restriction a `namespaceSelector` imposes, as Calico's update processors rewrite it:
    /// `all()` means "any namespaced endpoint" (`has(projectcalico.org/namespace)`); in rules `global()` means
    /// "non-namespaced only" (`!has(projectcalico.org/namespace)`), while a GlobalNetworkPolicy's own
    /// `namespaceSelector` leaves `global()` alone (it then matches everything, as in a plain selector).
    mutating func namespaceScope(
        _ text: String?, _ what: String, _ field: String, rule: Bool
    ) throws(PolicySetError) -> ScopeCode? {
        guard let text, !PolicyCompiler.isBlank(text) else { return nil }
        var s = try parse(text, what, field)
        if s.isAll { return ScopeCode(kind: .namespaced, index: 0) }
        if rule && s.containsGlobal { s = s.rewritingGlobalForNamespaceSelector() }
        return ScopeCode(kind: .selector, index: add(try PolicyCompiler.replacingAll(s, what, field)))
    }

    /// Calico replaces `all()` textually, wherever it appears, by `has(projectcalico.org/namespace)`.
    static func replacingAll(_ s: Selector, _ what: String, _ field: String) throws(PolicySetError) -> Selector {
        guard s.canonical.contains("all()") else { return s }
        do {
            return try Selector(s.canonical.replacingOccurrences(of: "all()", with: "has(projectcalico.org/namespace)"))
        } catch {
            throw PolicySetError(policy: what, field: field, message: error.description)
        }
    }

    mutating func compile(
        kind: PolicyKind, name: String, namespace: String?, spec: PolicySpec, tierIndex: Int, tierName: String,
        what: String
    ) throws(PolicySetError) -> CompiledPolicy {
        let ingressStart = tables.rules.count
        for (i, r) in spec.rules(.ingress).enumerated() {
            tables.rules.append(try rule(r, namespace: namespace, what: what, field: "spec.ingress[\(i)]"))
        }
        let egressStart = tables.rules.count
        for (i, r) in spec.rules(.egress).enumerated() {
            tables.rules.append(try rule(r, namespace: namespace, what: what, field: "spec.egress[\(i)]"))
        }
        let scope: ScopeCode
        if let ns = namespace {
            scope = ScopeCode(kind: .namespace, index: string(ns))
        } else {
            scope = try namespaceScope(spec.namespaceSelector, what, "spec.namespaceSelector", rule: false) ?? .any
        }
        let sa = try selector(spec.serviceAccountSelector, what, "spec.serviceAccountSelector")
        var policySelector =
            try spec.selector.map { text throws(PolicySetError) in try parse(text, what, "spec.selector") } ?? .all
        if namespace == nil, scope.kind != .any, let text = spec.selector, !PolicyCompiler.isBlank(text) {
            // The GlobalNetworkPolicy processor's textual all() replacement covers the policy's own selector too.
            policySelector = try PolicyCompiler.replacingAll(policySelector, what, "spec.selector")
        }
        return CompiledPolicy(
            kind: kind, name: name, namespace: namespace, tierIndex: tierIndex, tierName: tierName,
            order: spec.order?.value ?? .infinity,
            staged: kind.isStaged, selector: policySelector,
            namespaceScope: scope, serviceAccountSelector: sa >= 0 ? tables.selectors[Int(sa)] : nil,
            types: spec.effectiveTypes,
            ingress: ingressStart..<egressStart, egress: egressStart..<tables.rules.count)
    }

    mutating func rule(_ r: Rule, namespace: String?, what: String, field: String) throws(PolicySetError) -> RuleCode {
        func proto(_ p: ProtocolValue?, _ f: String) throws(PolicySetError) -> Int16 {
            guard let p else { return -1 }
            if case .name(let n) = p, ProtocolValue(parsing: n) == nil {
                throw PolicySetError(policy: what, field: "\(field).\(f)", message: "unknown protocol \"\(n)\"")
            }
            return Int16(p.number)
        }
        if let v = r.ipVersion, v != 4 && v != 6 {
            throw PolicySetError(policy: what, field: "\(field).ipVersion", message: "expected 4 or 6, got \(v)")
        }
        return RuleCode(
            action: r.action, protocolNumber: try proto(r.protocol, "protocol"),
            notProtocolNumber: try proto(r.notProtocol, "notProtocol"),
            icmp: ICMPCode(r.icmp), notICMP: ICMPCode(r.notICMP), ipVersion: UInt8(r.ipVersion ?? 0),
            source: try entity(r.source, namespace: namespace, what: what, field: "\(field).source"),
            destination: try entity(r.destination, namespace: namespace, what: what, field: "\(field).destination"))
    }

    mutating func entity(
        _ e: EntityRule?, namespace: String?, what: String, field: String
    ) throws(PolicySetError) -> EntityCode {
        var out = EntityCode()
        guard let e, !e.isEmpty else { return out }
        out.isEmpty = false
        func cidrs(_ list: [String]?, _ f: String) throws(PolicySetError) -> Span {
            guard let list, !list.isEmpty else { return .unset }
            let start = Int32(tables.cidrs.count)
            for (i, text) in list.enumerated() {
                guard let c = CIDR(text) else {
                    throw PolicySetError(policy: what, field: "\(field).\(f)[\(i)]", message: "not a CIDR: \"\(text)\"")
                }
                tables.cidrs.append(c)
            }
            return Span(start: start, count: Int32(list.count))
        }
        out.nets = try cidrs(e.nets, "nets")
        out.notNets = try cidrs(e.notNets, "notNets")
        out.selector = try selector(e.selector, what, "\(field).selector")
        out.notSelector = try selector(e.notSelector, what, "\(field).notSelector")
        let nsScope = try namespaceScope(e.namespaceSelector, what, "\(field).namespaceSelector", rule: true)
        if let sa = e.serviceAccounts {
            if let names = sa.names, !names.isEmpty { out.serviceAccountNames = strings(names) }
            out.serviceAccountSelector = try selector(sa.selector, what, "\(field).serviceAccounts.selector")
        }
        let hasServiceAccounts = out.serviceAccountNames.isSet || out.serviceAccountSelector >= 0
        if let nsScope {
            out.scope = nsScope
            out.needsEndpoint = true
        } else if let ns = namespace, out.selector >= 0 || out.notSelector >= 0 || hasServiceAccounts {
            out.scope = ScopeCode(kind: .namespace, index: string(ns))
            out.needsEndpoint = true
        } else {
            out.needsEndpoint = out.selector >= 0 || hasServiceAccounts
        }
        func ports(_ list: [CalicoModel.Port]?) -> (Span, Span) {
            guard let list, !list.isEmpty else { return (.unset, .unset) }
            let start = Int32(tables.portRanges.count)
            for p in list where !p.isNamed { tables.portRanges.append(PortRange(min: p.minPort, max: p.maxPort)) }
            let ranges = Span(start: start, count: Int32(tables.portRanges.count) - start)
            return (ranges, strings(list.filter(\.isNamed).map(\.name)))
        }
        (out.ports, out.portNames) = ports(e.ports)
        (out.notPorts, out.notPortNames) = ports(e.notPorts)
        if let s = e.services {
            let ns = s.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? namespace ?? "default"
            let name = s.name ?? ""
            let svc = services["\(ns)/\(name)"]
            out.service = Int32(tables.services.count)
            tables.services.append(
                ServiceCriterion(
                    name: name, namespace: ns, backendSelector: svc?.spec.selector,
                    targetPorts: (svc?.spec.ports ?? []).map { $0.targetPort ?? CalicoModel.Port($0.port) }))
        }
        if let d = e.domains, !d.isEmpty {
            let start = Int32(tables.domains.count)
            for (i, text) in d.enumerated() {
                guard let p = DomainPattern(text) else {
                    throw PolicySetError(
                        policy: what, field: "\(field).domains[\(i)]",
                        message: "at most one * wildcard allowed: \"\(text)\"")
                }
                tables.domains.append(p)
            }
            out.domains = Span(start: start, count: Int32(d.count))
        }
        return out
    }
}

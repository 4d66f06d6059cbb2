import Simulation
import Yams

/// Reads Calico and Kubernetes manifests: multi-document YAML (or JSON), `List` kinds, `kubectl get -o yaml` output.
public enum ResourceYAML {
    /// Decodes every document of a manifest file's text.
    ///
    /// - Parameter ignoreUnknownKinds: pass over kinds recsim does not model (ConfigMap, Route, …) instead of failing.
    public static func decode(
        _ text: String, file: String, ignoreUnknownKinds: Bool = false
    ) throws(ResourceDecodeError) -> [LocatedResource] {
        do { try YAMLInputGuard.check(text) } catch {
            throw ResourceDecodeError(file: file, document: 0, line: error.line, field: "", message: error.message)
        }
        let nodes: [Node]
        do {
            // Not `compose_all`: its sequence swallows parse errors and just ends early.
            let parser = try Parser(yaml: text)
            var all: [Node] = []
            while let node = try parser.nextRoot() { all.append(node) }
            nodes = all
        } catch let error as YamlError {
            throw ResourceDecodeError(
                file: file, document: 0, line: error.line, field: "", message: "not valid YAML: \(error.summary)")
        } catch {
            throw ResourceDecodeError(file: file, document: 0, line: 0, field: "", message: "not valid YAML: \(error)")
        }
        var out: [LocatedResource] = []
        for (index, node) in nodes.enumerated() {
            let doc = index + 1
            if node.isNullScalar { continue }
            guard node.mapping != nil else {
                throw ResourceDecodeError(
                    file: file, document: doc, line: node.line, field: "",
                    message: "expected a mapping with apiVersion and kind")
            }
            try decodeObject(
                node, file: file, document: doc, listKind: nil, ignoreUnknownKinds: ignoreUnknownKinds, into: &out)
        }
        return out
    }

    private static func decodeObject(
        _ node: Node, file: String, document: Int, listKind: String?, ignoreUnknownKinds: Bool,
        into out: inout [LocatedResource]
    ) throws(ResourceDecodeError) {
        func fail(_ field: String, _ message: String, at n: Node? = nil) -> ResourceDecodeError {
            ResourceDecodeError(file: file, document: document, line: (n ?? node).line, field: field, message: message)
        }
        let kindNode = node["kind"]
        guard let kind = kindNode?.string ?? listKind, !kind.isEmpty else {
            throw fail("kind", "missing; expected one of \(Resource.knownKinds.keys.sorted().joined(separator: ", "))")
        }
        let apiVersion = node["apiVersion"]?.string ?? ""
        if kind == "List" || kind.hasSuffix("List") {
            guard let items = node["items"]?.sequence else { throw fail("items", "a \(kind) needs an items sequence") }
            let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
            for item in items {
                try decodeObject(
                    item, file: file, document: document, listKind: itemKind, ignoreUnknownKinds: ignoreUnknownKinds,
                    into: &out)
            }
            return
        }
        guard let versions = Resource.knownKinds[kind] else {
            if ignoreUnknownKinds { return }
            throw fail(
                "kind",
                "unknown kind \"\(kind)\"; expected one of \(Resource.knownKinds.keys.sorted().joined(separator: ", "))",
                at: kindNode)
        }
        if !apiVersion.isEmpty && !versions.contains(apiVersion) {
            if ignoreUnknownKinds && kind != "NetworkPolicy" { return }
            throw fail(
                "apiVersion",
                "\"\(apiVersion)\" is not an apiVersion of \(kind); expected \(versions.joined(separator: " or "))",
                at: node["apiVersion"])
        }
        let resource: Resource
        do {
            resource = try decodeResource(kind: kind, apiVersion: apiVersion, node: node)
        } catch let error as PrefixedDecodingError {
            let (path, message) = describe(error.error)
            let full = [error.prefix, path].filter { !$0.isEmpty }.joined(separator: ".")
            throw fail(full, message, at: node.descendant(at: full) ?? node)
        } catch let error as DecodingError {
            let (path, message) = describe(error)
            throw fail(path, message, at: node.descendant(at: path) ?? node)
        } catch {
            throw fail("", "\(error)")
        }
        try validate(resource, node: node, fail: fail)
        out.append(LocatedResource(resource: resource, file: file, document: document, line: node.line))
    }

    private static func decodeResource(kind: String, apiVersion: String, node: Node) throws -> Resource {
        let d = YAMLDecoder()
        let empty = Node.mapping(Node.Mapping([]))
        // Sub-decoders report paths relative to their node; prefix them so errors name the full field.
        func sub<T: Decodable>(_ t: T.Type, _ key: String) throws -> T {
            do { return try d.decode(T.self, from: node[key] ?? empty) } catch let e as DecodingError {
                throw PrefixedDecodingError(prefix: key, error: e)
            }
        }
        func meta() throws -> ObjectMeta { try sub(ObjectMeta.self, "metadata") }
        func spec<T: Decodable>(_ t: T.Type) throws -> T { try sub(T.self, "spec") }
        switch kind {
        case "Tier": return .tier(Tier(metadata: try meta(), spec: try spec(Tier.Spec.self)))
        case "NetworkPolicy" where apiVersion == "networking.k8s.io/v1":
            return .kubernetesPolicy(
                KubernetesNetworkPolicy(
                    metadata: try meta(), spec: try spec(KubernetesNetworkPolicySpec.self), staged: false))
        case "StagedKubernetesNetworkPolicy":
            return .kubernetesPolicy(
                KubernetesNetworkPolicy(
                    metadata: try meta(), spec: try spec(KubernetesNetworkPolicySpec.self), staged: true))
        case "NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy":
            return .policy(
                CalicoPolicy(kind: PolicyKind(rawValue: kind)!, metadata: try meta(), spec: try spec(PolicySpec.self)))
        case "NetworkSet", "GlobalNetworkSet":
            return .networkSet(
                NetworkSet(
                    metadata: try meta(), spec: try spec(NetworkSet.Spec.self), isGlobal: kind == "GlobalNetworkSet"))
        case "PolicyRecommendationScope":
            return .scope(
                PolicyRecommendationScope(metadata: try meta(), spec: try spec(PolicyRecommendationScope.Spec.self)))
        case "HostEndpoint": return .hostEndpoint(try d.decode(HostEndpoint.self, from: node))
        case "Namespace": return .namespace(try d.decode(Namespace.self, from: node))
        case "Pod": return .pod(try d.decode(Pod.self, from: node))
        case "Service": return .service(try d.decode(Service.self, from: node))
        default:
            var w = try d.decode(WorkloadController.self, from: node)
            w.kind = kind
            return .workload(w)
        }
    }

    /// Checks that decoding alone cannot: selectors parse, staged policies carry a valid stagedAction.
    private static func validate(
        _ r: Resource, node: Node, fail: (String, String, Node?) -> ResourceDecodeError
    ) throws(ResourceDecodeError) {
        if r.metadata.name.isEmpty {
            throw fail("metadata.name", "missing; every resource needs a name", node["metadata"])
        }
        if case .scope(let scope) = r {
            // metav1.Duration fields: the API server rejects text Go cannot parse.
            for (field, value) in [
                ("interval", scope.spec.interval), ("initialLookback", scope.spec.initialLookback),
                ("stabilizationPeriod", scope.spec.stabilizationPeriod),
            ] {
                guard let value else { continue }
                do { _ = try SimDuration(parsing: value) } catch {
                    throw fail(
                        "spec.\(field)", "expected a Go duration such as 150s, 2m30s or 24h: \(error)",
                        node.descendant(at: "spec.\(field)"))
                }
            }
        }
        guard case .policy(let p) = r else { return }
        var selectors: [(String, String?)] = [
            ("spec.selector", p.spec.selector), ("spec.namespaceSelector", p.spec.namespaceSelector),
            ("spec.serviceAccountSelector", p.spec.serviceAccountSelector),
        ]
        for dir in [PolicyType.ingress, .egress] {
            for (i, rule) in p.spec.rules(dir).enumerated() {
                for (side, e) in [("source", rule.source), ("destination", rule.destination)] {
                    let base = "spec.\(dir == .ingress ? "ingress" : "egress")[\(i)].\(side)"
                    selectors += [
                        ("\(base).selector", e?.selector), ("\(base).notSelector", e?.notSelector),
                        ("\(base).namespaceSelector", e?.namespaceSelector),
                        ("\(base).serviceAccounts.selector", e?.serviceAccounts?.selector),
                    ]
                }
            }
        }
        for (path, text) in selectors {
            guard let text else { continue }
            do { _ = try Selector(text) } catch { throw fail(path, error.summary, node.descendant(at: path)) }
        }
    }

    /// A decoding error as (dotted field path, what was expected).
    static func describe(_ error: DecodingError) -> (String, String) {
        func path(_ keys: [CodingKey]) -> String {
            var s = ""
            for k in keys {
                if let i = k.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + k.stringValue }
            }
            return s
        }
        switch error {
        case .typeMismatch(let t, let c): return (path(c.codingPath), "expected \(typeName(t)); \(c.debugDescription)")
        case .valueNotFound(let t, let c): return (path(c.codingPath), "expected \(typeName(t)), found nothing")
        case .keyNotFound(let k, let c): return (path(c.codingPath + [k]), "required field is missing")
        case .dataCorrupted(let c): return (path(c.codingPath), c.debugDescription)
        @unknown default: return ("", "\(error)")
        }
    }

    private static func typeName(_ t: Any.Type) -> String {
        let n = String(describing: t)
        switch n {
        case "String": return "a string"
        case "Int", "Int64", "UInt16", "UInt8", "Int32": return "an integer"
        case "Double": return "a number"
        case "Bool": return "true or false"
        default:
            if n.hasPrefix("Array") { return "a list" }
            if n.hasPrefix("Dictionary") { return "a mapping" }
            if let e = enumCases[n] { return "one of \(e)" }
            return n
        }
    }

    private static let enumCases: [String: String] = [
        "RuleAction": "Allow, Deny, Pass, Log", "StagedAction": "Set, Delete, Learn, Ignore",
        "PolicyType": "Ingress, Egress", "TierDefaultAction": "Deny, Pass", "RecStatus": "Enabled, Disabled",
    ]
}

/// A decoding error from a sub-node (`metadata`, `spec`), with the key it was found under.
struct PrefixedDecodingError: Error {
    var prefix: String
    var error: DecodingError
}

extension Node {
    var line: Int { (mark?.line).map { $0 } ?? 0 }
    var isNullScalar: Bool {
        if case .scalar(let s) = self { return s.string.isEmpty || s.string == "~" || s.string == "null" }; return false
    }

    /// The node at a dotted path such as `spec.ingress[0].action`, if present.
    func descendant(at path: String) -> Node? {
        var current: Node? = self
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.last == "]" {
                if let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                    indices.insert(i, at: 0)
                }
                name = name[..<open]
            }
            if !name.isEmpty { current = current?[String(name)] }
            for i in indices { current = current?.sequence.flatMap { i < $0.count ? $0[i] : nil } }
        }
        return current
    }
}

extension YamlError {
    var line: Int {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 0
        }
    }
    var summary: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default: return "\(self)"
        }
    }
}

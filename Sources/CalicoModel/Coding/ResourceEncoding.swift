import Yams

/// Writes resources as `kubectl apply`-able YAML (documents separated by `---`), with deterministic key order.
extension ResourceYAML {
    public static func encode(_ resources: [Resource]) throws -> String {
        var out = ""
        for (i, r) in resources.enumerated() {
            if i > 0 { out += "---\n" }
            out += try encode(r)
        }
        return out
    }

    public static func encode(_ resource: Resource) throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.allowUnicode = true
        return try encoder.encode(Envelope(resource))
    }
}

/// `apiVersion`, `kind`, `metadata`, `spec` in that order.
struct Envelope: Encodable {
    let resource: Resource
    init(_ r: Resource) { resource = r }
    enum Keys: String, CodingKey { case apiVersion, kind, metadata, spec, status }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(resource.apiVersion, forKey: .apiVersion)
        try c.encode(resource.kind, forKey: .kind)
        try c.encode(resource.metadata, forKey: .metadata)
        switch resource {
        case .tier(let r): try c.encode(r.spec, forKey: .spec)
        case .policy(let r): try c.encode(r.spec, forKey: .spec)
        case .kubernetesPolicy(let r): try c.encode(r.spec, forKey: .spec)
        case .networkSet(let r): try c.encode(r.spec, forKey: .spec)
        case .scope(let r): try c.encode(r.spec, forKey: .spec)
        case .hostEndpoint(let r): try c.encode(r.spec, forKey: .spec)
        case .pod(let r):
            try c.encodeIfPresent(r.spec, forKey: .spec)
            try c.encodeIfPresent(r.status, forKey: .status)
        case .workload(let r): try c.encodeIfPresent(r.spec, forKey: .spec)
        case .service(let r): try c.encode(r.spec, forKey: .spec)
        case .namespace: break
        }
    }
}

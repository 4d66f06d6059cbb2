/// Kubernetes object metadata (the fields recsim reads and writes).
public struct ObjectMeta: Codable, Hashable, Sendable {
    public var name: String
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?

    public init(
        name: String, namespace: String? = nil, labels: [String: String]? = nil,
        annotations: [String: String]? = nil, ownerReferences: [OwnerReference]? = nil
    ) {
        self.name = name; self.namespace = namespace; self.labels = labels
        self.annotations = annotations; self.ownerReferences = ownerReferences
    }

    enum CodingKeys: String, CodingKey {
        case name, namespace, uid, resourceVersion, labels, annotations, ownerReferences
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        namespace = try c.decodeIfPresent(String.self, forKey: .namespace)
        uid = try c.decodeIfPresent(String.self, forKey: .uid)
        resourceVersion = try c.decodeIfPresent(String.self, forKey: .resourceVersion)
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels)
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations)
        ownerReferences = try c.decodeIfPresent([OwnerReference].self, forKey: .ownerReferences)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        // A pod template's metadata has no name; every resource's has one.
        if !name.isEmpty { try c.encode(name, forKey: .name) }
        try c.encodeIfPresent(namespace, forKey: .namespace)
        try c.encodeIfPresent(uid, forKey: .uid)
        try c.encodeIfPresent(resourceVersion, forKey: .resourceVersion)
        try c.encodeSortedIfPresent(labels, forKey: .labels)
        try c.encodeSortedIfPresent(annotations, forKey: .annotations)
        if let o = ownerReferences, !o.isEmpty { try c.encode(o, forKey: .ownerReferences) }
    }
}

/// `metadata.ownerReferences[]` entry.
public struct OwnerReference: Codable, Hashable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    public var controller: Bool?
    public var blockOwnerDeletion: Bool?
    public init(
        apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil,
        blockOwnerDeletion: Bool? = nil
    ) {
        self.apiVersion = apiVersion; self.kind = kind; self.name = name; self.uid = uid
        self.controller = controller; self.blockOwnerDeletion = blockOwnerDeletion
    }
}

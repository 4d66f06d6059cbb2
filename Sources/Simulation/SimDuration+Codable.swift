/// A duration is stored as Go's `time.Duration` text (`2m30s`, `336h0m0s`), the form Kubernetes and Calico
/// write; reading also accepts recsim's day and week units (`14d`).
extension SimDuration: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try SimDuration(parsing: text, allowDays: true) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(goString)
    }
}

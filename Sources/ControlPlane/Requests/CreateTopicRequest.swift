/// `POST /kafka/v3/clusters/{cluster}/topics`.
public struct CreateTopicRequest: Sendable, Equatable {
    public var name: String
    /// Default 6.
    public var partitionsCount: Int?
    /// Only Confluent Cloud's 3 is accepted (as there); omit it.
    public var replicationFactor: Int?
    public var configs: [(name: String, value: String)]
    /// `validate_only`: check, create nothing (200 instead of 201).
    public var validateOnly: Bool

    public init(name: String, partitionsCount: Int? = nil, replicationFactor: Int? = nil,
                configs: [(name: String, value: String)] = [], validateOnly: Bool = false) {
        self.name = name
        self.partitionsCount = partitionsCount
        self.replicationFactor = replicationFactor
        self.configs = configs
        self.validateOnly = validateOnly
    }

    public static func == (a: CreateTopicRequest, b: CreateTopicRequest) -> Bool {
        a.name == b.name && a.partitionsCount == b.partitionsCount && a.replicationFactor == b.replicationFactor
            && a.configs.map(\.name) == b.configs.map(\.name) && a.configs.map(\.value) == b.configs.map(\.value)
            && a.validateOnly == b.validateOnly
    }
}

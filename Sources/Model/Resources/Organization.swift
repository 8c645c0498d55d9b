/// An organization (Confluent's `org/v2` Organization); the id is a UUID.
public struct Organization: Sendable, Equatable {
    public var id: String
    public var displayName: String
    /// Epoch milliseconds.
    public var createdAt: Int64
    public var updatedAt: Int64
    public var resourceVersion: Int64

    public init(id: String, displayName: String, createdAt: Int64, updatedAt: Int64, resourceVersion: Int64 = 1) {
        self.id = id
        self.displayName = displayName
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.resourceVersion = resourceVersion
    }
}

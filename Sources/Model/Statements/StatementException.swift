/// One entry of `…/statements/{name}/exceptions` (newest first).
public struct StatementException: Sendable, Equatable {
    public var name: String
    public var message: String
    public var timestamp: Int64

    public init(name: String, message: String, timestamp: Int64) {
        self.name = name
        self.message = message
        self.timestamp = timestamp
    }
}

/// One event of a CMF application (`/cmf/api/v1alpha1/…/events`).
public struct CMFApplicationEvent: Sendable, Equatable {
    /// `status.type`.
    public enum EventType: String, Sendable, Equatable {
        case cmfStatus = "CMF_STATUS"
        case clusterStatus = "CLUSTER_STATUS"
        case jobStatus = "JOB_STATUS"
        case jobException = "JOB_EXCEPTION"
    }

    /// `status.data`: absent, `{newStatus}` or `{exceptionString}` — nothing else (the CLI's SDK decodes a
    /// oneOf and rejects any other shape).
    public enum Data: Sendable, Equatable {
        case none
        case newStatus(String)
        case exceptionString(String)
    }

    public var applicationUID: String
    public var uid: String
    /// The instance current when it happened (nil before the first).
    public var instance: String?
    public var type: EventType
    public var message: String
    public var data: Data
    public var createdAt: Int64

    public init(applicationUID: String, uid: String, instance: String?, type: EventType, message: String,
                data: Data, createdAt: Int64) {
        self.applicationUID = applicationUID
        self.uid = uid
        self.instance = instance
        self.type = type
        self.message = message
        self.data = data
        self.createdAt = createdAt
    }
}

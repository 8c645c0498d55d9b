/// One instance of a CMF application: the effective spec (application spec with the environment's defaults
/// merged in) at one point in its history. Every change of the effective spec appends one; they are never
/// edited except for the last observed job state and `updatedAt`.
public struct CMFApplicationInstance: Sendable, Equatable {
    /// The application's `uid`.
    public var applicationUID: String
    /// UUID (`metadata.name` = `metadata.uid`).
    public var uid: String
    public var spec: JSONObject
    /// The FlinkCloud job version this instance deployed (nil when the application does not run here).
    public var jobVersion: Int?
    public var jobID: String?
    /// Last observed Flink job state (`RUNNING`, `SUSPENDED`, …).
    public var jobState: String
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(applicationUID: String, uid: String, spec: JSONObject, jobVersion: Int?, jobID: String?,
                jobState: String, createdAt: Int64, updatedAt: Int64) {
        self.applicationUID = applicationUID
        self.uid = uid
        self.spec = spec
        self.jobVersion = jobVersion
        self.jobID = jobID
        self.jobState = jobState
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

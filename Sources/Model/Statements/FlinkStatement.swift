/// A sql/v1 Statement: one SQL statement submitted to an environment, with its desired state (`spec`) and
/// what it is doing (`status`). INSERT statements run as jobs (`jobID`); the job's status is the phase.
public struct FlinkStatement: Sendable, Equatable {
    public var name: String
    public var environmentID: String
    public var organizationID: String
    public var uid: String
    public var sql: String
    public var properties: [String: String]
    public var labels: [String: String]
    public var computePoolID: String
    public var principal: String
    public var stopped: Bool
    public var phase: StatementPhase
    public var detail: String
    /// Set once the statement is past PENDING (kept while PENDING too, but not shown then).
    public var traits: StatementTraits?
    public var scalingStatus: ScalingStatus
    /// Topic → `partition:0,offset:100;partition:1,offset:200`, written when the statement stops.
    public var latestOffsets: [String: String]
    public var latestOffsetsAt: Int64?
    /// The job running an INSERT / statement set.
    public var jobID: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    /// When it reached COMPLETED, FAILED or STOPPED.
    public var endTime: Int64?
    public var resourceVersion: Int64

    public init(name: String, environmentID: String, organizationID: String, uid: String, sql: String,
                properties: [String: String] = [:], labels: [String: String] = [:], computePoolID: String,
                principal: String, stopped: Bool = false, phase: StatementPhase = .pending, detail: String = "",
                traits: StatementTraits? = nil, scalingStatus: ScalingStatus = .ok, latestOffsets: [String: String] = [:],
                latestOffsetsAt: Int64? = nil, jobID: String? = nil, createdAt: Int64, updatedAt: Int64,
                endTime: Int64? = nil, resourceVersion: Int64 = 1) {
        self.name = name
        self.environmentID = environmentID
        self.organizationID = organizationID
        self.uid = uid
        self.sql = sql
        self.properties = properties
        self.labels = labels
        self.computePoolID = computePoolID
        self.principal = principal
        self.stopped = stopped
        self.phase = phase
        self.detail = detail
        self.traits = traits
        self.scalingStatus = scalingStatus
        self.latestOffsets = latestOffsets
        self.latestOffsetsAt = latestOffsetsAt
        self.jobID = jobID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.endTime = endTime
        self.resourceVersion = resourceVersion
    }
}

/// A CMF application as the API shows it: the stored resource plus the live state of its FlinkCloud job.
public struct CMFApplication: Sendable, Equatable {
    public var resource: CMFResource
    /// The job running it (nil for an application that cannot run here, or whose job was deleted).
    public var job: Job?
    /// The latest instance's uid (`status.currentDeployedInstanceName`).
    public var currentInstance: String?
    /// Flink job state (`CREATED`, `RUNNING`, `SUSPENDED`, `FAILED`, `FINISHED`, …).
    public var jobState: String
    /// Operator lifecycle state (`DEPLOYED`, `STABLE`, `SUSPENDED`, `FAILED`).
    public var lifecycleState: String
    /// Why it does not run (unsupported jar, unreadable script, failure), else nil.
    public var error: String?

    public init(resource: CMFResource, job: Job?, currentInstance: String?, jobState: String, lifecycleState: String,
                error: String?) {
        self.resource = resource
        self.job = job
        self.currentInstance = currentInstance
        self.jobState = jobState
        self.lifecycleState = lifecycleState
        self.error = error
    }
}

/// A CMF statement as the API shows it: the stored CMF document, the FlinkCloud statement it is, and that
/// statement's job.
public struct CMFStatement: Sendable, Equatable {
    public var resource: CMFResource
    public var statement: FlinkStatement
    public var job: Job?
    /// `PENDING`, `RUNNING`, `COMPLETED`, `DELETING`, `FAILING`, `FAILED`, `STOPPED`.
    public var phase: String
    public var detail: String
    /// `SELECT`, `INSERT_INTO`, `CREATE_TABLE`, `SHOW_TABLES`, …
    public var sqlKind: String
    /// The rows of a completed DDL or SHOW statement (`result` on the statement).
    public var result: StatementResultPage?

    public init(resource: CMFResource, statement: FlinkStatement, job: Job?, phase: String, detail: String, sqlKind: String,
                result: StatementResultPage? = nil) {
        self.resource = resource
        self.statement = statement
        self.job = job
        self.phase = phase
        self.detail = detail
        self.sqlKind = sqlKind
        self.result = result
    }
}

/// `POST /flink/v1/environments/{env}/jobs/validate`: the SQL and the configuration a job would be
/// created with (parallelism default 1; the pool defaults to the environment's).
public struct ValidateJobRequest: Sendable, Equatable {
    public var sql: String?
    public var parallelism: Int?
    public var computePoolID: String?

    public init(sql: String?, parallelism: Int? = nil, computePoolID: String? = nil) {
        self.sql = sql
        self.parallelism = parallelism
        self.computePoolID = computePoolID
    }
}

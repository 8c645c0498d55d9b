/// `POST /sql/v1/organizations/{org}/environments/{env}/statements`. A missing or empty `computePoolID`
/// means the environment's default pool (written back into `spec.compute_pool_id`).
public struct CreateStatementRequest: Sendable, Equatable {
    public var name: String?
    public var sql: String?
    public var properties: [String: String]
    public var computePoolID: String?
    public var principal: String?
    public var stopped: Bool
    public var labels: [String: String]

    public init(name: String?, sql: String?, properties: [String: String] = [:], computePoolID: String? = nil,
                principal: String? = nil, stopped: Bool = false, labels: [String: String] = [:]) {
        self.name = name
        self.sql = sql
        self.properties = properties
        self.computePoolID = computePoolID
        self.principal = principal
        self.stopped = stopped
        self.labels = labels
    }
}

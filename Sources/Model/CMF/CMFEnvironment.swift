/// A CMF environment: CMF names environments, FlinkCloud identifies them by id (`env-…`). Each CMF
/// environment is bound to exactly one FlinkCloud environment (`environmentID`), created with it (display
/// name = the CMF name) unless the CMF name is the id of an existing FlinkCloud environment, which is then
/// adopted. `defaultPoolID` is the FlinkCloud compute pool its applications run in.
public struct CMFEnvironment: Sendable, Equatable {
    public var name: String
    public var environmentID: String
    public var defaultPoolID: String?
    public var kubernetesNamespace: String
    /// `flinkApplicationDefaults`, `computePoolDefaults`, `statementDefaults` as given (nil: unset).
    public var applicationDefaults: JSONValue?
    public var computePoolDefaults: JSONValue?
    public var statementDefaults: JSONValue?
    /// `secrets`: connection-secret id → secret name.
    public var secrets: JSONObject
    /// `metadata.labels` / `metadata.annotations`.
    public var labels: JSONObject
    public var annotations: JSONObject
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(name: String, environmentID: String, defaultPoolID: String?, kubernetesNamespace: String,
                applicationDefaults: JSONValue? = nil, computePoolDefaults: JSONValue? = nil,
                statementDefaults: JSONValue? = nil, secrets: JSONObject = JSONObject(), labels: JSONObject = JSONObject(),
                annotations: JSONObject = JSONObject(), createdAt: Int64, updatedAt: Int64) {
        self.name = name
        self.environmentID = environmentID
        self.defaultPoolID = defaultPoolID
        self.kubernetesNamespace = kubernetesNamespace
        self.applicationDefaults = applicationDefaults
        self.computePoolDefaults = computePoolDefaults
        self.statementDefaults = statementDefaults
        self.secrets = secrets
        self.labels = labels
        self.annotations = annotations
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

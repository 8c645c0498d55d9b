/// One stored CMF resource (application, statement, compute pool, savepoint, secret, mapping, catalog,
/// database): its identity, the links into FlinkCloud's model, and the user's `metadata`/`spec` documents as
/// given (CMF resources are Kubernetes-style documents; unknown members are kept and echoed back).
///
/// `scope` places the name: `""` for global resources (secrets, catalogs, detached savepoints), the CMF
/// environment name for environment resources, `<env>/<app>` or `<env>/<statement>` for savepoints (with
/// `owner` telling which), the catalog name for databases.
public struct CMFResource: Sendable, Equatable {
    public var kind: CMFKind
    public var scope: String
    public var name: String
    /// UUID, stable for the resource's life (`metadata.uid`).
    public var uid: String
    /// The FlinkCloud environment the resource lives in (deleted with it), nil for global resources.
    public var environmentID: String?
    /// The FlinkCloud job running it (applications that run SQL, statements).
    public var jobID: String?
    /// A FlinkCloud id it maps to (a compute pool's `lfcp-…`), or the owner kind of a savepoint.
    public var ref: String?
    /// `metadata` minus the server-owned members (name, uid, timestamps).
    public var metadata: JSONObject
    public var spec: JSONObject
    /// Server-owned status members kept between requests (a savepoint's state and path, an application's
    /// error); live members (job state) are added when rendering.
    public var status: JSONObject
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(kind: CMFKind, scope: String, name: String, uid: String, environmentID: String? = nil,
                jobID: String? = nil, ref: String? = nil, metadata: JSONObject = JSONObject(),
                spec: JSONObject = JSONObject(), status: JSONObject = JSONObject(), createdAt: Int64, updatedAt: Int64) {
        self.kind = kind
        self.scope = scope
        self.name = name
        self.uid = uid
        self.environmentID = environmentID
        self.jobID = jobID
        self.ref = ref
        self.metadata = metadata
        self.spec = spec
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

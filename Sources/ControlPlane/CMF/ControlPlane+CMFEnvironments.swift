import Model
import Store

/// CMF environments (`/cmf/api/v1/environments`). CMF names environments; each CMF environment is bound to
/// one FlinkCloud environment created with it (display name = the CMF name, its own Kafka cluster, and a
/// 50-CFU default compute pool `cmf-default` in which its applications run). Deleting the CMF environment
/// deletes that FlinkCloud environment with everything in it, and deleting the FlinkCloud environment
/// (org/v2) removes the CMF environment.
extension ControlPlane {
    static let cmfDefaultPoolName = "cmf-default"

    /// `POST /cmf/api/v1/environments`: creates the environment, or updates the one with that name. On
    /// update, absent or `null` members keep their value.
    public func upsertCMFEnvironment(_ document: JSONObject) throws(APIError) -> CMFEnvironment {
        let fields = JSONFields(document)
        let rawName: String?
        do {
            rawName = try fields.string("name") ?? fields.object("metadata")?.string("name")
        } catch let error as JSONFieldError {
            throw APIError(status: 400, code: "invalid_type", title: "Bad Request", detail: error.detail)
        } catch {
            throw APIError.badRequest("name: must be a string")
        }
        let name = try CMFNames.validate(rawName, what: "Environment")
        let namespace = document["kubernetesNamespace"]?.stringValue
        if let namespace, namespace.isEmpty || namespace.utf8.count > 253 {
            throw APIError.badRequest("kubernetesNamespace: size must be between 1 and 253", pointer: "/kubernetesNamespace")
        }
        func given(_ key: String) -> JSONValue? {
            guard let v = document[key], v != .null else { return nil }
            return v
        }
        for key in ["flinkApplicationDefaults", "computePoolDefaults", "statementDefaults", "secrets"] {
            if let v = given(key), v.objectValue == nil {
                throw APIError.badRequest("\(key): must be an object", code: "invalid_type", pointer: "/" + key)
            }
        }
        let metadata = CMFDocument.object(document, "metadata")
        return try mutate { tx, _ in
            let now = now()
            if var env = try tx.cmfEnvironment(name: name) {
                if let namespace { env.kubernetesNamespace = namespace }
                if let v = given("flinkApplicationDefaults") { env.applicationDefaults = v }
                if let v = given("computePoolDefaults") { env.computePoolDefaults = v }
                if let v = given("statementDefaults") { env.statementDefaults = v }
                if let v = given("secrets")?.objectValue { env.secrets = v }
                if let v = metadata["labels"]?.objectValue { env.labels = v }
                if let v = metadata["annotations"]?.objectValue { env.annotations = v }
                env.updatedAt = now
                try tx.upsertCMFEnvironment(env)
                return env
            }
            guard let namespace else {
                throw APIError.badRequest("kubernetesNamespace: must not be null", code: "missing_field",
                                          pointer: "/kubernetesNamespace")
            }
            let flink = try createBackingEnvironment(tx, name: name, now: now)
            let env = CMFEnvironment(name: name, environmentID: flink.environmentID, defaultPoolID: flink.poolID,
                                     kubernetesNamespace: namespace, applicationDefaults: given("flinkApplicationDefaults"),
                                     computePoolDefaults: given("computePoolDefaults"),
                                     statementDefaults: given("statementDefaults"),
                                     secrets: given("secrets")?.objectValue ?? JSONObject(),
                                     labels: metadata["labels"]?.objectValue ?? JSONObject(),
                                     annotations: metadata["annotations"]?.objectValue ?? JSONObject(),
                                     createdAt: now, updatedAt: now)
            try tx.upsertCMFEnvironment(env)
            return env
        }
    }

    /// The FlinkCloud environment (+ Kafka cluster + default pool) behind a new CMF environment.
    private func createBackingEnvironment(_ tx: StoreTransaction, name: String, now: Int64) throws
        -> (environmentID: String, poolID: String) {
        var id = ids.environmentID()
        while try tx.environmentExists(id: id) { id = ids.environmentID() }
        try tx.insertEnvironment(Environment(id: id, organizationID: defaults.organizationID,
                                             displayName: String(name.prefix(64)), createdAt: now, updatedAt: now))
        var clusterID = ids.kafkaClusterID()
        while try tx.kafkaCluster(id: clusterID) != nil { clusterID = ids.kafkaClusterID() }
        try tx.insertKafkaCluster(KafkaCluster(id: clusterID, environmentID: id, displayName: "cluster_0",
                                               cloud: Self.defaultCloud, region: Self.defaultRegion,
                                               createdAt: now, updatedAt: now))
        var poolID = ids.computePoolID()
        while try tx.computePool(id: poolID) != nil { poolID = ids.computePoolID() }
        try tx.insertComputePool(ComputePool(id: poolID, environmentID: id, displayName: Self.cmfDefaultPoolName,
                                             cloud: Self.defaultCloud, region: Self.defaultRegion, maxCFU: Self.maxPoolCFU,
                                             isDefault: true, phase: .provisioned, createdAt: now, updatedAt: now))
        return (id, poolID)
    }

    /// `GET /cmf/api/v1/environments`, oldest first.
    public func cmfEnvironments(page: CMFPageRequest) throws(APIError) -> CMFPage<CMFEnvironment> {
        try query { tx in try tx.cmfEnvironments(page) }
    }

    /// `GET /cmf/api/v1/environments/{name}`; 404 when unknown.
    public func cmfEnvironment(name: String) throws(APIError) -> CMFEnvironment {
        try query { tx in try Self.requireCMFEnvironment(tx, name) }
    }

    /// `DELETE /cmf/api/v1/environments/{name}`: stops its jobs and deletes the FlinkCloud environment with
    /// its applications, statements, pools, savepoints and mappings.
    public func deleteCMFEnvironment(name: String) throws(APIError) {
        let env = try cmfEnvironment(name: name)
        try deleteEnvironment(id: env.environmentID)
    }

    static func requireCMFEnvironment(_ tx: StoreTransaction, _ name: String) throws -> CMFEnvironment {
        guard let env = try tx.cmfEnvironment(name: name) else {
            throw APIError.notFound("Environment '\(name)' not found.")
        }
        return env
    }
}

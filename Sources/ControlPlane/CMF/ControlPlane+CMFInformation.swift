import Model
import Store

/// CMF's informational resources: resource counts, the (C3) license, the Kubernetes clusters, and the
/// job behind an application or statement for the Flink web UI forward.
extension ControlPlane {
    /// FlinkCloud runs on one machine: one "Kubernetes cluster", this server.
    public static let cmfLocalClusterName = "flinkcloud-local"

    /// Resource counts (`GET /cmf/api/v1/resource-information`).
    public struct CMFResourceCounts: Sendable, Equatable {
        public var environments = 0, applications = 0, statements = 0, computePools = 0, secrets = 0, catalogs = 0
        public var runningJobs = 0
    }

    public func cmfResourceCounts() throws(APIError) -> CMFResourceCounts {
        try query { tx in
            var c = CMFResourceCounts()
            let envs = try tx.cmfEnvironments(CMFPageRequest(page: 0, size: CMFPageRequest.maxSize))
            c.environments = envs.total
            for env in envs.items {
                c.applications += try tx.cmfResources(kind: .application, scope: env.name, page: CMFPageRequest(size: 1)).total
                c.statements += try tx.cmfResources(kind: .statement, scope: env.name, page: CMFPageRequest(size: 1)).total
                c.computePools += try tx.cmfResources(kind: .computePool, scope: env.name, page: CMFPageRequest(size: 1)).total
                c.runningJobs += try tx.allJobs(environmentID: env.environmentID).filter { $0.status == .running }.count
            }
            c.secrets = try tx.cmfResources(kind: .secret, scope: "", page: CMFPageRequest(size: 1)).total
            c.catalogs = try tx.cmfResources(kind: .kafkaCatalog, scope: "", page: CMFPageRequest(size: 1)).total
            return c
        }
    }

    /// The Kubernetes clusters: this server's one cluster, as stored by a PUT or (never changed) with
    /// lifecycle state ACTIVE.
    public func cmfKubernetesClusters(page: CMFPageRequest) throws(APIError) -> CMFPage<CMFResource> {
        let cluster = try cmfKubernetesCluster(name: Self.cmfLocalClusterName)
        return CMFPage(items: page.page == 0 ? [cluster] : [], request: page, total: 1)
    }

    public func cmfKubernetesCluster(name: String) throws(APIError) -> CMFResource {
        guard name == Self.cmfLocalClusterName else {
            throw APIError.notFound("KubernetesCluster '\(name)' not found. FlinkCloud runs on one machine: its only cluster is "
                                        + "'\(Self.cmfLocalClusterName)'.")
        }
        if let stored = try query({ tx in try tx.cmfResource(kind: .kubernetesCluster, scope: "", name: name) }) { return stored }
        var spec = JSONObject()
        spec["lifecycleState"] = .string("ACTIVE")
        return CMFResource(kind: .kubernetesCluster, scope: "", name: name, uid: FlinkIDs.hex32("cluster:" + name),
                           spec: spec, status: Self.clusterStatus(), createdAt: 0, updatedAt: 0)
    }

    /// `PUT /cmf/api/v1/kubernetes-clusters/{name}`: sets `spec.lifecycleState` (any non-empty string).
    public func updateCMFKubernetesCluster(name: String, _ document: JSONObject) throws(APIError) -> CMFResource {
        var current = try cmfKubernetesCluster(name: name)
        guard let state = CMFDocument.string(document, "spec", "lifecycleState"), !state.isEmpty else {
            throw APIError.badRequest("spec.lifecycleState: must not be blank", code: "missing_field", pointer: "/spec/lifecycleState")
        }
        current.spec["lifecycleState"] = .string(state)
        let now = now()
        if current.createdAt == 0 { current.createdAt = now }
        current.updatedAt = now
        let updated = current
        try mutate { tx, _ in
            if try tx.cmfResource(kind: .kubernetesCluster, scope: "", name: name) == nil {
                try tx.insertCMFResource(updated)
            } else {
                try tx.updateCMFResource(updated)
            }
        }
        return updated
    }

    static func clusterStatus() -> JSONObject {
        var status = JSONObject()
        status["phase"] = .string("READY")
        status["message"] = .string("FlinkCloud's embedded runtime on this machine.")
        return status
    }

    /// The job behind an application or statement (the Flink web UI forward), with its metrics; 404 when
    /// it has none (a jar application, a SELECT or DDL statement).
    public func cmfWebUIJob(environment envName: String, owner: CMFKind, name: String) throws(APIError) -> JobMetrics {
        let jobID = try query { tx -> String? in
            let env = try Self.requireCMFEnvironment(tx, envName)
            let resource = try Self.requireCMFResource(tx, owner, scope: envName, name: name)
            return owner == .application ? resource.jobID : try tx.statement(environmentID: env.environmentID, name: name)?.jobID
        }
        guard let jobID else {
            throw APIError.notFound("\(owner.wireKind) '\(name)' has no Flink job in FlinkCloud, so it has no Flink web UI.")
        }
        return try flinkJob(flinkID: FlinkIDs.job(jobID))
    }
}

import Model
import Store

extension ControlPlane {
    static let governancePackages: Set<String> = ["ESSENTIALS", "ADVANCED"]

    /// `POST /org/v2/environments`: creates the environment and its Kafka cluster.
    public func createEnvironment(_ request: CreateEnvironmentRequest) throws(APIError) -> Environment {
        let name = try Self.validateDisplayName(request.displayName, pointer: "/display_name", what: "environment")
        let package = try Self.validateGovernancePackage(request.governancePackage)
        return try mutate { tx, _ in
            let now = now()
            var id = ids.environmentID()
            while try tx.environmentExists(id: id) { id = ids.environmentID() }
            let env = Environment(id: id, organizationID: defaults.organizationID, displayName: name,
                                  governancePackage: package, createdAt: now, updatedAt: now)
            try tx.insertEnvironment(env)
            var clusterID = ids.kafkaClusterID()
            while try tx.kafkaCluster(id: clusterID) != nil { clusterID = ids.kafkaClusterID() }
            let cluster = KafkaCluster(id: clusterID, environmentID: id, displayName: "cluster_0",
                                       cloud: Self.defaultCloud, region: Self.defaultRegion, createdAt: now, updatedAt: now)
            try tx.insertKafkaCluster(cluster)
            return env
        }
    }

    /// `GET /org/v2/environments`.
    public func environments(page: PageRequest = PageRequest()) throws(APIError) -> Page<Environment> {
        try cachedQuery(.environments(page)) { try $0.environments(page: page) }
    }

    /// `GET /org/v2/environments/{id}`; 404 when unknown.
    public func environment(id: String) throws(APIError) -> Environment {
        try query { tx in try Self.requireEnvironment(tx, id) }
    }

    /// `PATCH /org/v2/environments/{id}`.
    public func updateEnvironment(id: String, _ request: UpdateEnvironmentRequest) throws(APIError) -> Environment {
        let name = try request.displayName.map { (n) throws(APIError) in
            try Self.validateDisplayName(n, pointer: "/display_name", what: "environment")
        }
        let package = try request.governancePackage.map { (p) throws(APIError) in try Self.validateGovernancePackage(p) }
        return try mutate { tx, _ in
            var env = try Self.requireEnvironment(tx, id)
            try Self.checkResourceVersion(request.resourceVersion, current: env.resourceVersion)
            let changed = (name != nil && name != env.displayName) || (package != nil && package != env.governancePackage)
            guard changed else { return env }
            if let name { env.displayName = name }
            if let package { env.governancePackage = package }
            env.updatedAt = now()
            env.resourceVersion += 1
            try tx.updateEnvironment(env)
            return env
        }
    }

    /// `DELETE /org/v2/environments/{id}`: stops its jobs and removes its jobs, pools and Kafka clusters.
    public func deleteEnvironment(id: String) throws(APIError) {
        try mutate { tx, effects in
            _ = try Self.requireEnvironment(tx, id)
            for job in try tx.allJobs(environmentID: id) {
                if job.heldCFU > 0 || JobStateMachine.isActive(job.status) { effects.append(.delete(job)) }
                effects.append(.discardState(job, versions: try tx.latestJobVersionNumber(jobID: job.id)))
            }
            try tx.deleteEnvironment(id: id)
        }
    }

    /// The Kafka clusters (`lkc-…`) of an environment; 404 for an unknown environment.
    public func kafkaClusters(environmentID: String) throws(APIError) -> [KafkaCluster] {
        try query { tx in
            _ = try Self.requireEnvironment(tx, environmentID)
            return try tx.kafkaClusters(environmentID: environmentID)
        }
    }

    /// A Kafka cluster by id; 404 when unknown.
    public func kafkaCluster(id: String) throws(APIError) -> KafkaCluster {
        try query { tx in
            guard let cluster = try tx.kafkaCluster(id: id) else {
                throw APIError.notFound("Kafka cluster '\(id)' was not found.")
            }
            return cluster
        }
    }

    /// Throws 404 unless the environment exists (cheaper than loading it).
    static func requireEnvironmentExists(_ tx: StoreTransaction, _ id: String) throws {
        guard try tx.environmentExists(id: id) else {
            throw APIError.notFound("Environment '\(id)' was not found.")
        }
    }

    static func requireEnvironment(_ tx: StoreTransaction, _ id: String) throws -> Environment {
        guard let env = try tx.environment(id: id) else {
            throw APIError.notFound("Environment '\(id)' was not found.")
        }
        return env
    }

    static func validateDisplayName(_ name: String?, pointer: String, what: String) throws(APIError) -> String {
        guard let name, !name.allSatisfy(\.isWhitespace) else {
            throw APIError.badRequest("The \(what) display_name is required.", code: "missing_field", pointer: pointer)
        }
        guard name.count <= 64 else {
            throw APIError.badRequest("The \(what) display_name is longer than 64 characters.", code: "invalid_display_name",
                                      pointer: pointer)
        }
        return name
    }

    static func validateGovernancePackage(_ package: String?) throws(APIError) -> String {
        guard let package, !package.isEmpty else { return "ESSENTIALS" }
        let upper = package.uppercased()
        guard governancePackages.contains(upper) else {
            throw APIError.badRequest("stream_governance_config.package '\(package)' is unknown; use ESSENTIALS or ADVANCED.",
                                      code: "invalid_governance_package", pointer: "/stream_governance_config/package")
        }
        return upper
    }
}

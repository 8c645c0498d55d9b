import Model

/// What the API layer asks of the control plane: one call per handler. `ControlPlane` conforms in
/// `ControlPlane+Service.swift`; keeping the surface here lets handlers stay one line of domain logic.
public protocol ControlPlaneService: Sendable {
    /// Database migrated and recovery finished.
    func isReady() -> Bool
    /// The principal for a valid key/secret, nil otherwise.
    func authenticate(key: String, secret: String) -> Principal?

    func listOrganizations(page: PageRequest) throws -> Page<Organization>
    func organization(id: String) throws -> Organization
    /// Id of the (single) organization, used in CRNs.
    func organizationID() -> String

    func listEnvironments(page: PageRequest) throws -> Page<Environment>
    func createEnvironment(displayName: String, governancePackage: String?, by: Principal) throws -> Environment
    func environment(id: String) throws -> Environment
    func updateEnvironment(id: String, displayName: String?, governancePackage: String?,
                           expectedResourceVersion: String?, by: Principal) throws -> Environment
    func deleteEnvironment(id: String, by: Principal) throws

    func listComputePools(environmentID: String, page: PageRequest) throws -> Page<ComputePool>
    func createComputePool(_ input: ComputePoolInput, by: Principal) throws -> ComputePool
    func computePool(id: String, environmentID: String?) throws -> ComputePool
    func updateComputePool(id: String, environmentID: String?, displayName: String?, maxCFU: Int?,
                           expectedResourceVersion: String?, by: Principal) throws -> ComputePool
    func deleteComputePool(id: String, environmentID: String?, by: Principal) throws
    func listRegions(cloud: String?, regionName: String?) throws -> [Region]

    func listJobs(environmentID: String, filter: JobFilter, page: PageRequest) throws -> Page<Job>
    func createJob(environmentID: String, _ input: JobInput, by: Principal) throws -> Job
    func job(environmentID: String, idOrName: String) throws -> Job
    func updateJob(environmentID: String, idOrName: String, _ changes: JobChanges, by: Principal) throws -> Job
    func deleteJob(environmentID: String, idOrName: String, by: Principal) throws
    func stopJob(environmentID: String, idOrName: String, by: Principal) throws -> Job
    func resumeJob(environmentID: String, idOrName: String, by: Principal) throws -> Job
    func listJobVersions(environmentID: String, idOrName: String, page: PageRequest) throws -> Page<JobVersion>
    func jobVersion(environmentID: String, idOrName: String, number: Int) throws -> JobVersion
    func compareJobVersions(environmentID: String, idOrName: String, from: Int, to: Int) throws -> JobVersionComparison
    func rollbackJob(environmentID: String, idOrName: String, toVersion: Int, by: Principal) throws -> Job

    func listApiKeys(page: PageRequest) throws -> Page<ApiKey>
    func createApiKey(description: String, owner: String?, by: Principal) throws -> ApiKey
    func apiKey(id: String) throws -> ApiKey
    func deleteApiKey(id: String, by: Principal) throws
}

/// Body of `POST /fcpm/v2/compute-pools` after type checks.
public struct ComputePoolInput: Sendable, Equatable {
    public var environmentID: String
    public var displayName: String
    public var cloud: String?
    public var region: String?
    public var maxCFU: Int
}

/// Body of `POST …/jobs` after type checks; nil means "use the default".
public struct JobInput: Sendable, Equatable {
    public var name: String
    public var sql: String
    public var parallelism: Int?
    public var checkpointIntervalMillis: Int64?
    public var checkpointMode: CheckpointMode?
    public var computePoolID: String?
    public var labels: [String: String]?
}

/// Body of `PATCH …/jobs/{job}`: only the present fields change; a new version is appended.
public struct JobChanges: Sendable, Equatable {
    public var sql: String?
    public var parallelism: Int?
    public var checkpointIntervalMillis: Int64?
    public var checkpointMode: CheckpointMode?
    public var computePoolID: String?
    public var labels: [String: String]?
    /// From `If-Match` or the body's `resource_version` / `metadata.resource_version`.
    public var expectedResourceVersion: String?
}

/// Filters of `GET …/jobs`.
public struct JobFilter: Sendable, Equatable {
    public var status: JobStatus?
    /// `key=value` or `key` alone.
    public var label: (key: String, value: String?)?
    public var computePoolID: String?

    public static func == (a: JobFilter, b: JobFilter) -> Bool {
        a.status == b.status && a.computePoolID == b.computePoolID
            && a.label?.key == b.label?.key && a.label?.value == b.label?.value
    }
}

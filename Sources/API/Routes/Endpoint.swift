import HTTP

/// The route table: every (method, path pattern) the server answers, in one place.
/// `openapi/openapi.yaml` describes exactly this set (a test checks it).
public enum Endpoint: String, Sendable, CaseIterable {
    case health, ready
    case listOrganizations, getOrganization
    case listEnvironments, createEnvironment, getEnvironment, updateEnvironment, deleteEnvironment
    case listComputePools, createComputePool, getComputePool, updateComputePool, deleteComputePool
    case listRegions
    case listJobs, createJob, validateJob, getJob, updateJob, deleteJob, stopJob, resumeJob
    case listJobVersions, getJobVersion, compareJobVersions, rollbackJob
    case getJobCheckpoints, getJobCheckpointConfig, triggerJobSavepoint, listJobSavepoints, getJobSavepoint
    case listApiKeys, createApiKey, getApiKey, deleteApiKey
    case listKafkaClusters, getKafkaCluster
    case listTopics, createTopic, getTopic, deleteTopic, listPartitions, getPartition
    case produceRecords, readTopicRecords, readPartitionRecords
    case listStatements, createStatement, getStatement, updateStatement, patchStatement, deleteStatement
    case getStatementResults, listStatementExceptions
    case loginRealm, createSession, getMe, createAccessToken, listEndpoints, listCmkClusters, getCmkCluster
    case jobLogs, jobMetrics, jobGraph, prometheusMetrics
    case flinkJobs, flinkJobsOverview, flinkJob, flinkJobPlan, flinkJobCheckpoints, flinkJobExceptions
    case dashboard, dashboardScript, dashboardStyle

    public var method: String {
        switch self {
        case .createEnvironment, .createComputePool, .createJob, .validateJob, .stopJob, .resumeJob, .rollbackJob, .createApiKey,
             .triggerJobSavepoint,
             .createTopic, .produceRecords, .createStatement,
             .createSession, .createAccessToken: "POST"
        case .updateStatement: "PUT"
        case .updateEnvironment, .updateComputePool, .updateJob, .patchStatement: "PATCH"
        case .deleteEnvironment, .deleteComputePool, .deleteJob, .deleteApiKey, .deleteTopic, .deleteStatement: "DELETE"
        default: "GET"
        }
    }

    public var pattern: String {
        let job = "/flink/v1/environments/{env}/jobs/{job}"
        let topic = "/kafka/v3/clusters/{cluster}/topics/{topic}"
        let statements = "/sql/v1/organizations/{org}/environments/{env}/statements"
        return switch self {
        case .health: "/health"
        case .ready: "/ready"
        case .listOrganizations: "/org/v2/organizations"
        case .getOrganization: "/org/v2/organizations/{id}"
        case .listEnvironments, .createEnvironment: "/org/v2/environments"
        case .getEnvironment, .updateEnvironment, .deleteEnvironment: "/org/v2/environments/{id}"
        case .listComputePools, .createComputePool: "/fcpm/v2/compute-pools"
        case .getComputePool, .updateComputePool, .deleteComputePool: "/fcpm/v2/compute-pools/{id}"
        case .listRegions: "/fcpm/v2/regions"
        case .listJobs, .createJob: "/flink/v1/environments/{env}/jobs"
        case .validateJob: "/flink/v1/environments/{env}/jobs/validate"
        case .getJob, .updateJob, .deleteJob: job
        case .stopJob: job + "/stop"
        case .resumeJob: job + "/resume"
        case .listJobVersions: job + "/versions"
        case .getJobVersion: job + "/versions/{version}"
        case .compareJobVersions: job + "/versions/compare"
        case .rollbackJob: job + "/rollback"
        case .getJobCheckpoints: job + "/checkpoints"
        case .getJobCheckpointConfig: job + "/checkpoints/config"
        case .triggerJobSavepoint, .listJobSavepoints: job + "/savepoints"
        case .getJobSavepoint: job + "/savepoints/{trigger}"
        case .listApiKeys, .createApiKey: "/iam/v2/api-keys"
        case .getApiKey, .deleteApiKey: "/iam/v2/api-keys/{id}"
        case .listKafkaClusters: "/kafka/v3/clusters"
        case .getKafkaCluster: "/kafka/v3/clusters/{cluster}"
        case .listTopics, .createTopic: "/kafka/v3/clusters/{cluster}/topics"
        case .getTopic, .deleteTopic: topic
        case .listPartitions: topic + "/partitions"
        case .getPartition: topic + "/partitions/{partition}"
        case .produceRecords, .readTopicRecords: topic + "/records"
        case .readPartitionRecords: topic + "/partitions/{partition}/records"
        case .listStatements, .createStatement: statements
        case .getStatement, .updateStatement, .patchStatement, .deleteStatement: statements + "/{name}"
        case .getStatementResults: statements + "/{name}/results"
        case .listStatementExceptions: statements + "/{name}/exceptions"
        case .loginRealm: "/api/login/realm"
        case .createSession: "/api/sessions"
        case .getMe: "/api/me"
        case .createAccessToken: "/api/access_tokens"
        case .listEndpoints: "/endpoint/v1/endpoints"
        case .listCmkClusters: "/cmk/v2/clusters"
        case .getCmkCluster: "/cmk/v2/clusters/{id}"
        case .jobLogs: job + "/logs"
        case .jobMetrics: job + "/metrics"
        case .jobGraph: job + "/graph"
        case .prometheusMetrics: "/metrics"
        case .flinkJobs: Self.flinkREST + "/jobs"
        case .flinkJobsOverview: Self.flinkREST + "/jobs/overview"
        case .flinkJob: Self.flinkREST + "/jobs/{jobid}"
        case .flinkJobPlan: Self.flinkREST + "/jobs/{jobid}/plan"
        case .flinkJobCheckpoints: Self.flinkREST + "/jobs/{jobid}/checkpoints"
        case .flinkJobExceptions: Self.flinkREST + "/jobs/{jobid}/exceptions"
        case .dashboard: "/"
        case .dashboardScript: "/ui/app.js"
        case .dashboardStyle: "/ui/app.css"
        }
    }

    /// Where the read-only subset of Flink's JobManager REST API is mounted (Flink tooling's base URL:
    /// `http://host:port/flink-rest`, with the `/v1` version prefix Flink's REST client uses).
    public static let flinkREST = "/flink-rest/v1"

    /// /health, /ready, the login realm/session calls and the dashboard's static assets answer without
    /// credentials (the dashboard's data calls carry the API key).
    public var requiresAuth: Bool {
        switch self {
        case .health, .ready, .loginRealm, .createSession, .dashboard, .dashboardScript, .dashboardStyle: false
        default: true
        }
    }

    /// Kafka REST v3 routes answer errors as `{"error_code": …, "message": …}`, not Confluent's envelope.
    public var isKafkaREST: Bool { pattern.hasPrefix("/kafka/v3/") }

    /// How the router runs the route: /health and /ready inline, produce with a streamed body.
    public var routeOptions: RouteOptions {
        switch self {
        case .health, .ready: .inline
        case .produceRecords: .streamingBody
        default: .standard
        }
    }
}

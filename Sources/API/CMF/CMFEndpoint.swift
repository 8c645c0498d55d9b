/// The CMF (Confluent Manager for Apache Flink) route table: every (method, path) under `/cmf/api/v1` and
/// `/cmf/api/v1alpha1` the server answers. Registered by `makeRouter` next to `Endpoint`;
/// `openapi/openapi.yaml` describes both (a test checks it).
public enum CMFEndpoint: String, Sendable, CaseIterable {
    case listEnvironments, upsertEnvironment, getEnvironment, deleteEnvironment
    case listApplications, upsertApplication, getApplication, deleteApplication, startApplication, suspendApplication
    case listApplicationInstances, getApplicationInstance, listApplicationEvents
    case listApplicationSavepoints, createApplicationSavepoint, getApplicationSavepoint, deleteApplicationSavepoint
    case detachApplicationSavepoint
    case listStatements, createStatement, getStatement, updateStatement, deleteStatement
    case getStatementResults, getStatementExceptions
    case listStatementSavepoints, createStatementSavepoint, getStatementSavepoint, deleteStatementSavepoint
    case listComputePools, createComputePool, getComputePool, updateComputePool, deleteComputePool
    case listSecretMappings, createSecretMapping, getSecretMapping, updateSecretMapping, deleteSecretMapping
    case listSecrets, createSecret, getSecret, updateSecret, deleteSecret
    case listKafkaCatalogs, createKafkaCatalog, getKafkaCatalog, updateKafkaCatalog, deleteKafkaCatalog
    case listKafkaDatabases, createKafkaDatabase, getKafkaDatabase, updateKafkaDatabase, deleteKafkaDatabase
    case listDetachedSavepoints, createDetachedSavepoint, getDetachedSavepoint, deleteDetachedSavepoint
    case getSystemInformation, getResourceInformation, getLicense
    case listKubernetesClusters, getKubernetesCluster, updateKubernetesCluster
    case applicationWebUI, applicationWebUIJobs, applicationWebUIJob
    case statementWebUI, statementWebUIJobs, statementWebUIJob

    public var method: String {
        switch self {
        case .upsertEnvironment, .upsertApplication, .startApplication, .suspendApplication, .createApplicationSavepoint,
             .detachApplicationSavepoint, .createStatement, .createStatementSavepoint, .createComputePool,
             .createSecretMapping, .createSecret, .createKafkaCatalog, .createKafkaDatabase, .createDetachedSavepoint:
            "POST"
        case .updateStatement, .updateComputePool, .updateSecretMapping, .updateSecret, .updateKafkaCatalog,
             .updateKafkaDatabase, .updateKubernetesCluster:
            "PUT"
        case .deleteEnvironment, .deleteApplication, .deleteApplicationSavepoint, .deleteStatement,
             .deleteStatementSavepoint, .deleteComputePool, .deleteSecretMapping, .deleteSecret, .deleteKafkaCatalog,
             .deleteKafkaDatabase, .deleteDetachedSavepoint:
            "DELETE"
        default: "GET"
        }
    }

    public var pattern: String {
        let v1 = "/cmf/api/v1"
        let env = v1 + "/environments/{env}"
        let app = env + "/applications/{app}"
        let stmt = env + "/statements/{stmt}"
        let catalog = v1 + "/catalogs/kafka/{catalog}"
        return switch self {
        case .listEnvironments, .upsertEnvironment: v1 + "/environments"
        case .getEnvironment, .deleteEnvironment: env
        case .listApplications, .upsertApplication: env + "/applications"
        case .getApplication, .deleteApplication: app
        case .startApplication: app + "/start"
        case .suspendApplication: app + "/suspend"
        case .listApplicationInstances: app + "/instances"
        case .getApplicationInstance: app + "/instances/{instance}"
        case .listApplicationEvents: "/cmf/api/v1alpha1/environments/{env}/applications/{app}/events"
        case .listApplicationSavepoints, .createApplicationSavepoint: app + "/savepoints"
        case .getApplicationSavepoint, .deleteApplicationSavepoint: app + "/savepoints/{savepoint}"
        case .detachApplicationSavepoint: app + "/savepoints/{savepoint}/detach"
        case .listStatements, .createStatement: env + "/statements"
        case .getStatement, .updateStatement, .deleteStatement: stmt
        case .getStatementResults: stmt + "/results"
        case .getStatementExceptions: stmt + "/exceptions"
        case .listStatementSavepoints, .createStatementSavepoint: stmt + "/savepoints"
        case .getStatementSavepoint, .deleteStatementSavepoint: stmt + "/savepoints/{savepoint}"
        case .listComputePools, .createComputePool: env + "/compute-pools"
        case .getComputePool, .updateComputePool, .deleteComputePool: env + "/compute-pools/{pool}"
        case .listSecretMappings, .createSecretMapping: env + "/secret-mappings"
        case .getSecretMapping, .updateSecretMapping, .deleteSecretMapping: env + "/secret-mappings/{mapping}"
        case .listSecrets, .createSecret: v1 + "/secrets"
        case .getSecret, .updateSecret, .deleteSecret: v1 + "/secrets/{secret}"
        case .listKafkaCatalogs, .createKafkaCatalog: v1 + "/catalogs/kafka"
        case .getKafkaCatalog, .updateKafkaCatalog, .deleteKafkaCatalog: catalog
        case .listKafkaDatabases, .createKafkaDatabase: catalog + "/databases"
        case .getKafkaDatabase, .updateKafkaDatabase, .deleteKafkaDatabase: catalog + "/databases/{database}"
        case .listDetachedSavepoints, .createDetachedSavepoint: v1 + "/detached-savepoints"
        case .getDetachedSavepoint, .deleteDetachedSavepoint: v1 + "/detached-savepoints/{savepoint}"
        case .getSystemInformation: v1 + "/system-information"
        case .getResourceInformation: v1 + "/resource-information"
        case .getLicense: v1 + "/c3/license"
        case .listKubernetesClusters: v1 + "/kubernetes-clusters"
        case .getKubernetesCluster, .updateKubernetesCluster: v1 + "/kubernetes-clusters/{cluster}"
        case .applicationWebUI: app + "/flink-web-ui"
        case .applicationWebUIJobs: app + "/flink-web-ui/jobs/overview"
        case .applicationWebUIJob: app + "/flink-web-ui/jobs/{jobid}"
        case .statementWebUI: stmt + "/flink-web-ui"
        case .statementWebUIJobs: stmt + "/flink-web-ui/jobs/overview"
        case .statementWebUIJob: stmt + "/flink-web-ui/jobs/{jobid}"
        }
    }

    /// Like every other route: credentials are required unless the server runs with `--auth off`.
    public var requiresAuth: Bool { true }
}

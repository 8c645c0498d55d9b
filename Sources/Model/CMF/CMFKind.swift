/// The kinds of CMF resource kept in the generic `cmf_resources` table, with the `kind` string CMF puts on
/// the wire. Environments, instances and events have their own tables.
public enum CMFKind: String, Sendable, CaseIterable, Equatable {
    case application = "FlinkApplication"
    case statement = "Statement"
    case computePool = "ComputePool"
    case savepoint = "Savepoint"
    case detachedSavepoint = "DetachedSavepoint"
    case secret = "Secret"
    case secretMapping = "EnvironmentSecretMapping"
    case kafkaCatalog = "KafkaCatalog"
    case kafkaDatabase = "KafkaDatabase"
    case kubernetesCluster = "KubernetesCluster"

    /// The `kind` written in responses (a detached savepoint is still a `Savepoint`).
    public var wireKind: String { self == .detachedSavepoint ? "Savepoint" : rawValue }

    /// What error messages call it ("application", "compute pool", …).
    public var noun: String {
        switch self {
        case .application: "application"
        case .statement: "statement"
        case .computePool: "compute pool"
        case .savepoint: "savepoint"
        case .detachedSavepoint: "detached savepoint"
        case .secret: "secret"
        case .secretMapping: "secret mapping"
        case .kafkaCatalog: "catalog"
        case .kafkaDatabase: "database"
        case .kubernetesCluster: "Kubernetes cluster"
        }
    }
}

/// `isolation_level` of a read: committed transactional output only (default), or everything.
public enum KafkaIsolation: String, Sendable, Equatable {
    case readCommitted = "read_committed"
    case readUncommitted = "read_uncommitted"
}

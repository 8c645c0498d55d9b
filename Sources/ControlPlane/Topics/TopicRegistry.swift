import Runtime
import Synchronization

/// The embedded Kafka clusters' topic stores, one per cluster id, opened on first use. With a data
/// directory each cluster's topics live under `<dir>/topics/<cluster-id>/`; without one (in-memory
/// server, tests) they live in memory. Fsync policy `.group` by default: appends are written before they
/// are acknowledged (kill -9 safe) and made durable by a group-committed fsync (`PartitionLog.sync`)
/// that Kafka REST produce and transaction commits run before answering.
public final class TopicRegistry: Sendable {
    public let directory: String?
    let fsync: PartitionLog.FsyncPolicy
    let log: @Sendable (String) -> Void
    private let stores = Mutex<[String: TopicStore]>([:])

    public init(directory: String?, fsync: PartitionLog.FsyncPolicy = .group,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.directory = directory
        self.fsync = fsync
        self.log = log
    }

    /// The topic store of `clusterID` (the caller checked the cluster exists).
    public func store(clusterID: String) throws -> TopicStore {
        try stores.withLock { stores in
            if let store = stores[clusterID] { return store }
            let store = try TopicStore(directory: directory.map { "\($0)/topics/\(clusterID)" }, fsync: fsync, log: log)
            stores[clusterID] = store
            return store
        }
    }

    /// Forgets a deleted cluster's store (its files are left to the caller).
    public func remove(clusterID: String) {
        _ = stores.withLock { $0.removeValue(forKey: clusterID) }
    }
}

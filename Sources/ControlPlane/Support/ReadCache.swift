import Model
import Synchronization

/// Caches results of hot reads (job lists and lookups, pools, environments) until the next write.
///
/// Every committed control-plane write bumps `generation` (under the writer lock, before the writing call
/// returns), and an entry is only served while the generation it was read at is still current — so a
/// caller always sees its own writes and never a result older than the last commit it could know of.
/// The generation is read *before* the database, so an entry is never labelled newer than its data.
final class ReadCache: Sendable {
    enum Key: Hashable, Sendable {
        case jobs(environmentID: String, filter: JobFilter, page: PageRequest)
        case job(environmentID: String, idOrName: String)
        case environments(PageRequest)
        case computePools(environmentID: String?, page: PageRequest)
        case computePool(id: String, environmentID: String?)
    }

    private struct Entry: Sendable {
        var generation: UInt64
        var value: any Sendable
    }

    private struct State: Sendable {
        var generation: UInt64 = 0
        var entries: [Key: Entry] = [:]
    }

    static let capacity = 512
    private let state = Mutex(State())

    /// Marks every cached result stale.
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            if !state.entries.isEmpty { state.entries.removeAll(keepingCapacity: true) }
        }
    }

    /// The cached value for `key`, or the result of `load` (cached when no write happened meanwhile).
    func value<T: Sendable>(_ key: Key, load: () throws(APIError) -> T) throws(APIError) -> T {
        let (generation, cached) = state.withLock { state in (state.generation, state.entries[key]) }
        if let cached, cached.generation == generation, let value = cached.value as? T { return value }
        let value = try load()
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(generation: generation, value: value)
        }
        return value
    }
}

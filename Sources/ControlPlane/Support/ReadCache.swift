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
        var bytes: Int
    }

    private struct State: Sendable {
        var generation: UInt64 = 0
        var entries: [Key: Entry] = [:]
        var bytes = 0
    }

    static let capacity = 512
    /// Bound on the estimated size of all cached values (job SQL can be up to 128 KiB each).
    static let maxBytes = 16 << 20
    private let state = Mutex(State())

    /// Marks every cached result stale.
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            if !state.entries.isEmpty { state.entries.removeAll(keepingCapacity: true) }
            state.bytes = 0
        }
    }

    /// The cached value for `key`, or the result of `load` (cached when no write happened meanwhile).
    /// `bytes` estimates a value's size for the cache's memory bound.
    func value<T: Sendable>(_ key: Key, bytes: (T) -> Int = { _ in 256 },
                            load: () throws(APIError) -> T) throws(APIError) -> T {
        let (generation, cached) = state.withLock { state in (state.generation, state.entries[key]) }
        if let cached, cached.generation == generation, let value = cached.value as? T { return value }
        let value = try load()
        let size = bytes(value)
        guard size <= Self.maxBytes / 4 else { return value }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.capacity || state.bytes + size > Self.maxBytes {
                state.entries.removeAll(keepingCapacity: true)
                state.bytes = 0
            }
            if let old = state.entries.updateValue(Entry(generation: generation, value: value, bytes: size), forKey: key) {
                state.bytes -= old.bytes
            }
            state.bytes += size
        }
        return value
    }
}

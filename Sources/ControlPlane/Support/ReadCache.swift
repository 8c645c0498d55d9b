import Model
import Synchronization

/// Caches results of hot reads (job lists and lookups, pools, environments) until the next write.
///
/// Every committed control-plane write bumps `generation` (under the writer lock, before the writing call
/// returns), and an entry is only served while the generation it was read at is still current — so a
/// caller always sees its own writes and never a result older than the last commit it could know of.
/// The generation is read *before* the database, so an entry is never labelled newer than its data.
///
/// Hits do not lock: the generation is also an atomic, and each thread keeps a small first-level copy of
/// the entries it used (`PerThread`), valid only while their generation is current. The shared
/// dictionary behind its `Mutex` is only consulted on a thread's first use of an entry.
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

    /// A thread's first-level entries (same values as the shared ones).
    private final class Local {
        var generation: UInt64 = 0
        var entries: [Key: Entry] = [:]
        var bytes = 0
    }

    static let capacity = 512
    static let localCapacity = 64
    /// Bound on what one thread's first level keeps alive beyond the shared bound.
    static let localMaxBytes = 1 << 20
    private let serial = PerThread.nextSerial()
    private let currentGeneration = Atomic<UInt64>(0)
    /// Bound on the estimated size of all cached values (job SQL can be up to 128 KiB each).
    static let maxBytes = 16 << 20
    private let state = Mutex(State())

    /// The current generation: it changes with every committed control-plane write (before the writing
    /// call returns), so anything derived from reads made at generation `g` is current while this is `g`.
    var generation: UInt64 { currentGeneration.load(ordering: .acquiring) }

    /// Marks every cached result stale.
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            currentGeneration.store(state.generation, ordering: .releasing)
            if !state.entries.isEmpty { state.entries.removeAll(keepingCapacity: true) }
            state.bytes = 0
        }
    }

    /// The cached value for `key`, or the result of `load` (cached when no write happened meanwhile).
    /// `bytes` estimates a value's size for the cache's memory bound.
    func value<T: Sendable>(_ key: Key, bytes: (T) -> Int = { _ in 256 },
                            load: () throws(APIError) -> T) throws(APIError) -> T {
        let local = PerThread.object(serial) { Local() }
        let current = currentGeneration.load(ordering: .acquiring)
        if local.generation != current {
            local.entries.removeAll(keepingCapacity: true)
            local.bytes = 0
            local.generation = current
        } else if let hit = local.entries[key], let value = hit.value as? T {
            return value
        }
        let (generation, cached) = state.withLock { state in (state.generation, state.entries[key]) }
        if let cached, cached.generation == generation, let value = cached.value as? T {
            remember(key, cached, in: local)
            return value
        }
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
        remember(key, Entry(generation: generation, value: value, bytes: size), in: local)
        return value
    }

    /// Copies an entry into this thread's first level (only when it is of the current generation).
    private func remember(_ key: Key, _ entry: Entry, in local: Local) {
        guard entry.generation == local.generation, entry.bytes <= Self.localMaxBytes / 4 else { return }
        if local.entries.count >= Self.localCapacity || local.bytes + entry.bytes > Self.localMaxBytes {
            local.entries.removeAll(keepingCapacity: true)
            local.bytes = 0
        }
        if let old = local.entries.updateValue(entry, forKey: key) { local.bytes -= old.bytes }
        local.bytes += entry.bytes
    }
}

import Synchronization

/// Verified API secrets by key id, so auth does not re-hash on every request — without a lock on the
/// request path: each thread keeps its own copy (`PerThread`), valid while the shared `epoch` is
/// unchanged. Deleting or rotating a key bumps the epoch, so every thread drops its copy before its
/// next lookup; an entry verified while a change raced with it carries the old epoch and is never served.
final class VerifiedSecretCache: Sendable {
    struct Entry {
        var secret: [UInt8]
        var owner: String
    }

    /// One thread's entries.
    private final class Local {
        var epoch: UInt64 = 0
        var entries: [String: Entry] = [:]
    }

    static let maxEntries = 10_000
    private let serial = PerThread.nextSerial()
    private let epoch = Atomic<UInt64>(0)

    /// The current epoch, to pass back to `store`.
    var currentEpoch: UInt64 { epoch.load(ordering: .acquiring) }

    private var local: Local { PerThread.object(serial) { Local() } }

    /// The entry this thread verified for `id` since the last invalidation.
    func lookup(_ id: String, epoch current: UInt64) -> Entry? {
        let local = self.local
        guard local.epoch == current else { return nil }
        return local.entries[id]
    }

    /// Remembers a verification done at `epoch` (ignored when the epoch moved on since).
    func store(_ id: String, _ entry: Entry, epoch verifiedAt: UInt64) {
        guard verifiedAt == currentEpoch else { return }
        let local = self.local
        if local.epoch != verifiedAt || local.entries.count >= Self.maxEntries {
            local.entries.removeAll()
            local.epoch = verifiedAt
        }
        local.entries[id] = entry
    }

    /// Drops every thread's entries (a key was deleted or its secret changed).
    func invalidate() { epoch.add(1, ordering: .releasing) }
}

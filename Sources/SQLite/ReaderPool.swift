import Synchronization

/// Read-only connections for concurrent readers, without a lock. Each slot holds at most one connection
/// and is claimed by one reader at a time with a compare-and-swap; the claimer owns the slot's connection
/// until `release` (hence `@unchecked Sendable`: the flag orders every access to a slot). Readers take the
/// lowest free slot, so the pool opens only as many connections as readers ever ran at once. When every
/// slot is taken, a reader gets a connection of its own, closed after use.
///
/// Why no `Mutex` around a list: with 64 worker threads on two cores, readers convoyed behind a preempted
/// holder and spun in the lock's slow path (12 % of the server's CPU while creating jobs).
final class ReaderPool: @unchecked Sendable {
    struct Lease {
        let connection: Connection
        let slot: Int?
    }

    let capacity: Int
    private let claimed: UnsafeMutablePointer<Atomic<Bool>>
    private let slots: UnsafeMutablePointer<Connection?>
    private let openedCount = Atomic<Int>(0)

    init(capacity: Int) {
        self.capacity = capacity
        claimed = .allocate(capacity: capacity)
        slots = .allocate(capacity: capacity)
        for i in 0..<capacity {
            (claimed + i).initialize(to: Atomic(false))
            (slots + i).initialize(to: nil)
        }
    }

    deinit {
        claimed.deinitialize(count: capacity)
        claimed.deallocate()
        slots.deinitialize(count: capacity)
        slots.deallocate()
    }

    /// A connection that only the caller uses until `release`; `open` makes one when the slot has none.
    func acquire(open: () throws -> Connection) throws -> Lease {
        for i in 0..<capacity where claim(i) {
            if let connection = slots[i] { return Lease(connection: connection, slot: i) }
            do {
                let connection = try counted(open)
                slots[i] = connection
                return Lease(connection: connection, slot: i)
            } catch {
                unclaim(i)
                throw error
            }
        }
        return Lease(connection: try counted(open), slot: nil)
    }

    private func counted(_ open: () throws -> Connection) throws -> Connection {
        let connection = try open()
        openedCount.add(1, ordering: .relaxed)
        return connection
    }

    /// Gives the lease back; with `keep` false its connection is closed (e.g. the database was closed).
    func release(_ lease: Lease, keep: Bool) {
        guard let slot = lease.slot else { return }
        if !keep { slots[slot] = nil }
        unclaim(slot)
    }

    /// Closes every idle connection; those in use are closed when released with `keep` false.
    func closeIdle() {
        for i in 0..<capacity where claim(i) {
            slots[i] = nil
            unclaim(i)
        }
    }

    /// How many connections `acquire` has opened so far (pooled and unpooled).
    var opened: Int { openedCount.load(ordering: .relaxed) }

    private func claim(_ slot: Int) -> Bool {
        claimed[slot].compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    private func unclaim(_ slot: Int) {
        claimed[slot].store(false, ordering: .releasing)
    }
}

/// A binary min-heap of payloads ordered by an `Int64` priority (event-time timers: the earliest first).
/// The heap orders plain `(priority, slot)` integer pairs; payloads stay put in slots (recycled through a
/// free list), so sifting never copies, retains or releases a payload.
struct MinHeap<Payload> {
    private var heap: [(priority: Int64, slot: Int)] = []
    private var slots: [Payload?] = []
    private var freeSlots: [Int] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var minPriority: Int64? { heap.first?.priority }

    mutating func push(_ priority: Int64, _ payload: Payload) {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = payload
        } else {
            slot = slots.count
            slots.append(payload)
        }
        heap.append((priority, slot))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].priority < heap[parent].priority else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> Payload? {
        guard let top = heap.first else { return nil }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        let n = heap.count
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < n, heap[left].priority < heap[smallest].priority { smallest = left }
            if right < n, heap[right].priority < heap[smallest].priority { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        let payload = slots[top.slot].take()
        freeSlots.append(top.slot)
        return payload
    }

    mutating func removeAll() {
        heap.removeAll()
        slots.removeAll()
        freeSlots.removeAll()
    }
}

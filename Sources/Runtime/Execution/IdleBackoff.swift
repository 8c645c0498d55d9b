/// How long an idle source subtask sleeps before polling again: `base` for the first `quickPolls` idle
/// polls in a row (new data right after a burst is picked up at once), then doubling up to `maximum`. A
/// server with a hundred idle jobs otherwise spends a core polling empty topics every millisecond.
struct IdleBackoff {
    let base: UInt32
    let maximum: UInt32
    var quickPolls = 16
    private(set) var idlePolls = 0

    init(base: UInt32, maximum: UInt32) {
        self.base = max(1, base)
        self.maximum = max(self.base, maximum)
    }

    /// The source had nothing: the next sleep (microseconds).
    mutating func idle() -> UInt32 {
        idlePolls += 1
        let doublings = idlePolls - quickPolls
        guard doublings > 0 else { return base }
        let shifted = UInt64(base) << UInt64(min(doublings, 20))
        return UInt32(min(UInt64(maximum), shifted))
    }

    /// The source produced something: back to quick polling.
    mutating func busy() { idlePolls = 0 }
}

/// Writes waiting for a leader, and whether one is active.
struct CommitQueue {
    var pending: [PendingWrite] = []
    var leaderActive = false
}

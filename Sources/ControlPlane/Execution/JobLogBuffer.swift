import Dispatch
import Synchronization

/// Buffers the runtime's log output (print sink rows, lifecycle lines) and writes it to the jobs' logs
/// in batches — one transaction for every job's lines every `interval` — so chatty jobs cannot saturate
/// the database. At most `capacity` lines wait; lines beyond are dropped and counted in a WARN line.
/// `take(jobID:)` hands one job's waiting lines to a caller that writes them itself (with a status change).
final class JobLogBuffer: Sendable {
    typealias Lines = [(level: String, message: String)]
    typealias Sink = @Sendable (_ batch: [(jobID: String, lines: Lines)]) -> Void

    private struct Pending {
        var lines: [(jobID: String, level: String, message: String)] = []
        var dropped: [String: Int] = [:]
        var scheduled = false
    }

    private let state = Mutex(Pending())
    private let sink: Sink
    private let interval: Double
    private let capacity: Int

    init(interval: Double = 0.2, capacity: Int = 2_000, sink: @escaping Sink) {
        self.interval = interval
        self.capacity = capacity
        self.sink = sink
    }

    func append(jobID: String, level: String = "INFO", _ message: String) {
        let schedule = state.withLock { s -> Bool in
            if s.lines.count >= capacity {
                s.dropped[jobID, default: 0] += 1
            } else {
                s.lines.append((jobID, level, message))
            }
            guard !s.scheduled else { return false }
            s.scheduled = true
            return true
        }
        if schedule {
            DispatchQueue.global().asyncAfter(deadline: .now() + interval) { [self] in flush() }
        }
    }

    /// Writes everything buffered now, in one batch.
    func flush() {
        let (lines, dropped) = state.withLock { s in
            defer { s = Pending() }
            return (s.lines, s.dropped)
        }
        var byJob: [String: Lines] = [:]
        var order: [String] = []
        for line in lines {
            if byJob[line.jobID] == nil { order.append(line.jobID) }
            byJob[line.jobID, default: []].append((line.level, line.message))
        }
        for (jobID, count) in dropped {
            if byJob[jobID] == nil { order.append(jobID) }
            byJob[jobID, default: []].append(Self.droppedLine(count))
        }
        guard !order.isEmpty else { return }
        sink(order.map { ($0, byJob[$0] ?? []) })
    }

    /// Removes and returns the lines waiting for `jobID` (in order; a WARN line last when some were
    /// dropped). Other jobs' lines stay buffered.
    func take(jobID: String) -> Lines {
        state.withLock { s in
            var taken: Lines = []
            var kept: [(jobID: String, level: String, message: String)] = []
            kept.reserveCapacity(s.lines.count)
            for line in s.lines {
                if line.jobID == jobID { taken.append((line.level, line.message)) } else { kept.append(line) }
            }
            s.lines = kept
            if let count = s.dropped.removeValue(forKey: jobID) { taken.append(Self.droppedLine(count)) }
            return taken
        }
    }

    static func droppedLine(_ count: Int) -> (level: String, message: String) {
        ("WARN", "\(count) log line(s) dropped: the job writes faster than its log is stored.")
    }
}

import Dispatch
import Synchronization

/// Buffers the runtime's log output (print sink rows, lifecycle lines) and writes it to the jobs' logs
/// in batches — one transaction per job every `interval` — so a chatty job cannot saturate the database.
/// At most `capacity` lines wait; lines beyond are dropped and counted in a WARN line.
final class JobLogBuffer: Sendable {
    typealias Sink = @Sendable (_ jobID: String, _ lines: [(level: String, message: String)]) -> Void

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

    /// Writes everything buffered now.
    func flush() {
        let (lines, dropped) = state.withLock { s in
            defer { s = Pending() }
            return (s.lines, s.dropped)
        }
        var byJob: [String: [(level: String, message: String)]] = [:]
        var order: [String] = []
        for line in lines {
            if byJob[line.jobID] == nil { order.append(line.jobID) }
            byJob[line.jobID, default: []].append((line.level, line.message))
        }
        for (jobID, count) in dropped {
            if byJob[jobID] == nil { order.append(jobID) }
            byJob[jobID, default: []].append(("WARN", "\(count) log line(s) dropped: the job writes faster than its log is stored."))
        }
        for jobID in order { sink(jobID, byJob[jobID] ?? []) }
    }
}

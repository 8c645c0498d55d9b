import ControlPlane
import Model

/// Flink JobManager REST shapes (JobDetails, JobDetailsInfo, JobPlanInfo, CheckpointingStatistics,
/// JobExceptionsInfoWithHistory) built from a job and its metrics.
enum FlinkRESTJSON {
    static let jobStates = ["INITIALIZING", "CREATED", "RUNNING", "FAILING", "FAILED", "CANCELLING", "CANCELED",
                            "FINISHED", "RESTARTING", "SUSPENDED", "RECONCILING"]
    static let executionStates = ["CREATED", "SCHEDULED", "DEPLOYING", "RUNNING", "FINISHED", "CANCELING", "CANCELED",
                                  "FAILED", "RECONCILING", "INITIALIZING"]

    /// Our job phase as Flink's JobStatus.
    static func state(_ s: JobStatus) -> String {
        switch s {
        case .pending: "CREATED"
        case .running: "RUNNING"
        case .stopping, .deleting: "CANCELLING"
        case .stopped: "CANCELED"
        case .failed: "FAILED"
        case .completed: "FINISHED"
        }
    }

    /// The ExecutionState every subtask of the job is in.
    static func taskState(_ s: JobStatus) -> String {
        switch s {
        case .pending: "CREATED"
        case .running: "RUNNING"
        case .stopping, .deleting: "CANCELING"
        case .stopped: "CANCELED"
        case .failed: "FAILED"
        case .completed: "FINISHED"
        }
    }

    static func times(_ m: JobMetrics) -> (start: Int64, end: Int64, duration: Int64) {
        let start = m.job.status == .running ? m.timestamp - m.uptimeMillis : m.job.createdAt
        let end: Int64 = m.job.status.isTerminal ? m.job.updatedAt : -1
        return (start, end, (end == -1 ? m.timestamp : end) - start)
    }

    static func taskCount(_ m: JobMetrics) -> Int {
        m.vertices.isEmpty ? m.job.parallelism : m.vertices.reduce(0) { $0 + $1.parallelism }
    }

    static func jobDetails(_ m: JobMetrics, into w: inout JSONWriter) {
        let t = times(m)
        w.beginObject()
        w.member("jid", FlinkIDs.job(m.job.id))
        w.member("name", m.job.name)
        w.key("start-time"); w.int64(t.start)
        w.key("end-time"); w.int64(t.end)
        w.key("duration"); w.int64(t.duration)
        w.member("state", state(m.job.status))
        w.key("last-modification"); w.int64(m.job.updatedAt)
        w.key("tasks")
        w.beginObject()
        let total = taskCount(m)
        w.member("total", total)
        let current = taskState(m.job.status).lowercased()
        for s in executionStates { w.member(s.lowercased(), s.lowercased() == current ? total : 0) }
        w.endObject()
        w.endObject()
    }

    static func jobDetailsInfo(_ m: JobMetrics, into w: inout JSONWriter) {
        let t = times(m)
        let jobState = state(m.job.status)
        let taskState = taskState(m.job.status)
        w.beginObject()
        w.member("jid", FlinkIDs.job(m.job.id))
        w.member("name", m.job.name)
        w.member("isStoppable", false)
        w.member("state", jobState)
        w.member("job-type", "STREAMING")
        w.key("start-time"); w.int64(t.start)
        w.key("end-time"); w.int64(t.end)
        w.key("duration"); w.int64(t.duration)
        w.member("maxParallelism", 128)
        w.key("now"); w.int64(m.timestamp)
        w.key("timestamps")
        w.beginObject()
        for s in jobStates {
            let at: Int64 = s == "CREATED" ? m.job.createdAt : (s == jobState ? (s == "RUNNING" ? t.start : m.job.updatedAt) : 0)
            w.key(s); w.int64(at)
        }
        w.endObject()
        w.key("vertices")
        w.beginArray()
        let hasInput = Set(m.edges.map(\.target))
        let hasOutput = Set(m.edges.map(\.source))
        for v in m.vertices {
            w.beginObject()
            w.member("id", FlinkIDs.vertex(jobID: m.job.id, uid: v.uid))
            w.member("slotSharingGroupId", FlinkIDs.vertex(jobID: m.job.id, uid: "default-slot-sharing-group"))
            w.member("name", v.name)
            w.member("maxParallelism", 128)
            w.member("parallelism", v.parallelism)
            w.member("status", taskState)
            w.key("start-time"); w.int64(t.start)
            w.key("end-time"); w.int64(t.end)
            w.key("duration"); w.int64(t.duration)
            w.key("tasks"); stateCounts(taskState, v.parallelism, into: &w)
            w.key("metrics")
            w.beginObject()
            w.member("read-bytes", 0)
            w.member("read-bytes-complete", true)
            w.member("write-bytes", 0)
            w.member("write-bytes-complete", true)
            w.key("read-records"); w.int64(hasInput.contains(v.id) ? v.totals.recordsIn : 0)
            w.member("read-records-complete", true)
            w.key("write-records"); w.int64(hasOutput.contains(v.id) ? v.totals.recordsOut : 0)
            w.member("write-records-complete", true)
            w.member("accumulated-backpressured-time", 0)
            w.member("accumulated-idle-time", 0)
            w.member("accumulated-busy-time", 0)
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.key("status-counts"); stateCounts(taskState, taskCount(m), into: &w)
        w.key("plan"); plan(m, into: &w)
        w.member("pending-operators", 0)
        w.endObject()
    }

    static func stateCounts(_ current: String, _ n: Int, into w: inout JSONWriter) {
        w.beginObject()
        for s in executionStates { w.member(s, s == current ? n : 0) }
        w.endObject()
    }

    static func plan(_ m: JobMetrics, into w: inout JSONWriter) {
        w.beginObject()
        w.member("jid", FlinkIDs.job(m.job.id))
        w.member("name", m.job.name)
        w.member("type", "STREAMING")
        w.key("nodes")
        w.beginArray()
        for v in m.vertices {
            w.beginObject()
            w.member("id", FlinkIDs.vertex(jobID: m.job.id, uid: v.uid))
            w.member("parallelism", v.parallelism)
            w.member("operator", "")
            w.member("operator_strategy", "")
            w.member("description", htmlEscape(v.name))
            let inputs = m.edges.filter { $0.target == v.id }
            if !inputs.isEmpty {
                w.key("inputs")
                w.beginArray()
                for (num, e) in inputs.enumerated() {
                    w.beginObject()
                    w.member("num", num)
                    let uid = m.vertices.first { $0.id == e.source }?.uid ?? String(e.source)
                    w.member("id", FlinkIDs.vertex(jobID: m.job.id, uid: uid))
                    w.member("ship_strategy", e.shipStrategy)
                    w.member("exchange", "pipelined_bounded")
                    w.endObject()
                }
                w.endArray()
            }
            w.key("optimizer_properties"); w.beginObject(); w.endObject()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    static func checkpoints(_ m: JobMetrics, into w: inout JSONWriter) {
        let c = m.checkpoints
        w.beginObject()
        w.key("counts")
        w.beginObject()
        w.member("restored", c.restored)
        w.member("total", c.total)
        w.member("in_progress", c.inProgress)
        w.member("completed", c.completed)
        w.member("failed", c.failed)
        w.endObject()
        let done = c.history.filter { $0.status == .completed }
        w.key("summary")
        w.beginObject()
        let sizes = done.map(\.sizeBytes)
        let durations = done.compactMap(\.durationMillis)
        for (name, values) in [("state_size", sizes), ("end_to_end_duration", durations), ("checkpointed_size", sizes),
                               ("alignment_buffered", []), ("processed_data", []), ("persisted_data", [])] {
            w.key(name); statistics(values, into: &w)
        }
        w.endObject()
        w.key("latest")
        w.beginObject()
        w.key("completed"); if let r = c.history.first(where: { $0.status == .completed && !$0.isSavepoint }) { checkpoint(r, m, into: &w) } else { w.null() }
        w.key("savepoint"); if let r = c.history.first(where: { $0.status == .completed && $0.isSavepoint }) { checkpoint(r, m, into: &w) } else { w.null() }
        w.key("failed"); if let r = c.latestFailed { checkpoint(r, m, into: &w) } else { w.null() }
        w.key("restored"); w.null()
        w.endObject()
        w.key("history")
        w.beginArray()
        for r in c.history.prefix(10) { checkpoint(r, m, into: &w) }
        w.endArray()
        w.endObject()
    }

    static func checkpoint(_ r: CheckpointAttempt, _ m: JobMetrics, into w: inout JSONWriter) {
        let tasks = m.vertices.reduce(0) { $0 + $1.parallelism }
        w.beginObject()
        let className = switch r.status { case .completed: "completed"; case .failed: "failed"; case .inProgress: "in_progress" }
        w.member("className", className)
        w.key("id"); w.int64(r.id)
        w.member("status", r.status.rawValue)
        w.member("is_savepoint", r.isSavepoint)
        w.key("savepointFormat"); w.null()
        w.key("trigger_timestamp"); w.int64(r.triggeredAt)
        w.key("latest_ack_timestamp"); w.int64(r.completedAt ?? -1)
        w.key("state_size"); w.int64(r.sizeBytes)
        w.key("checkpointed_size"); w.int64(r.sizeBytes)
        w.key("end_to_end_duration"); w.int64(r.durationMillis ?? 0)
        w.member("alignment_buffered", 0)
        w.member("processed_data", 0)
        w.member("persisted_data", 0)
        w.member("num_subtasks", tasks)
        w.member("num_acknowledged_subtasks", r.status == .completed ? tasks : 0)
        w.member("checkpoint_type", r.isSavepoint ? "SAVEPOINT" : "CHECKPOINT")
        w.key("tasks"); w.beginObject(); w.endObject()
        if r.status == .completed {
            w.key("external_path"); w.string(r.externalPath ?? "<checkpoint-not-externally-addressable>")
            w.member("discarded", false)
        }
        if r.status == .failed {
            w.key("failure_timestamp"); w.int64(r.completedAt ?? r.triggeredAt)
            w.key("failure_message"); w.string(r.failureMessage)
        }
        w.endObject()
    }

    static func statistics(_ values: [Int64], into w: inout JSONWriter) {
        let sorted = values.sorted()
        func q(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((Double(sorted.count) * p).rounded(.up)) - 1
            return Double(sorted[min(sorted.count - 1, max(0, rank))])
        }
        w.beginObject()
        w.key("min"); w.int64(sorted.first ?? 0)
        w.key("max"); w.int64(sorted.last ?? 0)
        w.key("avg"); w.int64(sorted.isEmpty ? 0 : sorted.reduce(0, +) / Int64(sorted.count))
        w.member("p50", q(0.5))
        w.member("p90", q(0.9))
        w.member("p95", q(0.95))
        w.member("p99", q(0.99))
        w.member("p999", q(0.999))
        w.endObject()
    }

    static func exceptions(_ m: JobMetrics, _ entries: [JobLogEntry], into w: inout JSONWriter) {
        w.beginObject()
        w.key("exceptionHistory")
        w.beginObject()
        w.member("truncated", false)
        w.key("entries")
        w.beginArray()
        for e in entries {
            w.beginObject()
            w.member("exceptionName", exceptionName(e.message))
            w.member("stacktrace", e.message)
            w.key("timestamp"); w.int64(e.timestamp)
            w.key("taskName"); w.null()
            w.key("location"); w.null()
            w.key("taskManagerId"); w.null()
            w.key("failureLabels"); w.beginObject(); w.endObject()
            w.key("concurrentExceptions"); w.beginArray(); w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.key("root-exception"); w.string(entries.first?.message ?? m.job.failureMessage)
        w.key("timestamp"); if let e = entries.first { w.int64(e.timestamp) } else { w.null() }
        w.key("all-exceptions"); w.beginArray(); w.endArray()
        w.member("truncated", false)
        w.endObject()
    }

    /// Flink reports a Java class name; our failures are not Java exceptions, so every entry names Flink's
    /// generic job failure class.
    static func exceptionName(_ message: String) -> String { "org.apache.flink.runtime.JobException" }

    static func htmlEscape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "\n": out += "<br/>"
            default: out.append(ch)
            }
        }
        return out
    }
}

import ControlPlane
import Model

/// Wire shapes of the monitoring endpoints (logs, metrics, graph). Watermarks and series timestamps
/// are epoch milliseconds (`9223372036854775807` = end of input); latencies are milliseconds.
enum MonitoringJSON {
    static func logEntry(_ e: JobLogEntry, into w: inout JSONWriter) {
        w.beginObject()
        w.key("seq"); w.int64(e.sequence)
        w.key("timestamp"); w.timestamp(epochMillis: e.timestamp, fractional: true)
        w.member("level", e.level)
        w.member("message", e.message)
        w.endObject()
    }

    static func metrics(_ m: JobMetrics, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "flink/v1")
        w.member("kind", "JobMetrics")
        header(m, into: &w)
        w.key("records_in"); w.int64(m.recordsIn)
        w.key("records_out"); w.int64(m.recordsOut)
        w.member("records_in_per_second", m.recordsInPerSecond)
        w.member("records_out_per_second", m.recordsOutPerSecond)
        w.key("latency_ms")
        w.beginObject()
        w.key("p50"); optional(m.latencyP50Millis, &w)
        w.key("p99"); optional(m.latencyP99Millis, &w)
        w.endObject()
        w.key("late_records_dropped"); w.int64(m.lateRecordsDropped)
        w.key("checkpoints"); checkpoints(m.checkpoints, into: &w)
        w.key("consumer_lag")
        w.beginObject()
        w.key("total"); w.int64(m.totalConsumerLag)
        w.key("partitions")
        w.beginArray()
        for p in m.consumerLag {
            w.beginObject()
            w.member("topic", p.topic)
            w.member("partition", p.partition)
            w.key("end_offset"); w.int64(p.endOffset)
            w.key("position"); w.int64(p.position)
            w.key("committed_offset"); w.int64(p.committed)
            w.key("lag"); w.int64(p.lag)
            w.member("vertex", p.vertex)
            w.member("subtask", p.subtask)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.key("vertices"); vertices(m, into: &w)
        w.key("series")
        w.beginArray()
        for p in m.series { point(p, into: &w) }
        w.endArray()
        w.endObject()
    }

    static func graph(_ m: JobMetrics, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "flink/v1")
        w.member("kind", "JobGraph")
        header(m, into: &w)
        w.key("nodes"); vertices(m, into: &w)
        w.key("edges"); ResourceJSON.edges(m.edges, into: &w)
        w.endObject()
    }

    static func header(_ m: JobMetrics, into w: inout JSONWriter) {
        w.member("job_id", m.job.id)
        w.member("name", m.job.name)
        w.member("environment_id", m.job.environmentID)
        w.member("phase", m.job.status.rawValue)
        w.member("live", m.isLive)
        w.key("timestamp"); w.int64(m.timestamp)
        w.key("uptime_ms"); w.int64(m.uptimeMillis)
        w.member("restarts", m.restarts)
        w.member("cfu", m.cfu)
    }

    static func vertices(_ m: JobMetrics, into w: inout JSONWriter) {
        w.beginArray()
        for v in m.vertices {
            w.beginObject()
            w.member("id", v.id)
            w.member("uid", v.uid)
            w.member("flink_id", FlinkIDs.vertex(jobID: m.job.id, uid: v.uid))
            w.member("operator", v.name)
            w.member("kind", v.kind)
            w.member("parallelism", v.parallelism)
            w.key("metrics"); counters(v.totals, subtask: nil, into: &w)
            w.key("subtasks")
            w.beginArray()
            for (i, s) in v.subtasks.enumerated() { counters(s, subtask: i, into: &w) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
    }

    static func counters(_ c: OperatorCounters, subtask: Int?, into w: inout JSONWriter) {
        w.beginObject()
        if let subtask { w.member("subtask", subtask) }
        w.key("records_in"); w.int64(c.recordsIn)
        w.key("records_out"); w.int64(c.recordsOut)
        w.member("records_in_per_second", c.recordsInPerSecond)
        w.member("records_out_per_second", c.recordsOutPerSecond)
        w.key("late_records_dropped"); w.int64(c.lateRecordsDropped)
        w.key("input_watermark"); optional(c.inputWatermark, &w)
        w.key("output_watermark"); optional(c.outputWatermark, &w)
        w.key("latency_p50_ms"); optional(c.latencyP50Millis, &w)
        w.key("latency_p99_ms"); optional(c.latencyP99Millis, &w)
        w.key("consumer_lag"); w.int64(c.consumerLag)
        w.endObject()
    }

    static func checkpoints(_ s: CheckpointSummary, into w: inout JSONWriter) {
        w.beginObject()
        w.member("count", s.total)
        w.member("completed", s.completed)
        w.member("failed", s.failed)
        w.member("in_progress", s.inProgress)
        w.key("success_rate"); optional(s.successRate, &w)
        let last = s.latestCompleted
        w.key("last_duration_ms"); optional(last?.durationMillis, &w)
        w.key("last_size_bytes"); optional(last?.sizeBytes, &w)
        w.key("last_completed_at"); optional(last?.completedAt, &w)
        w.key("history")
        w.beginArray()
        for r in s.history.prefix(50) {
            w.beginObject()
            w.key("id"); w.int64(r.id)
            w.member("status", r.status.rawValue)
            w.member("is_savepoint", r.isSavepoint)
            w.key("trigger_timestamp"); w.int64(r.triggeredAt)
            w.key("duration_ms"); optional(r.durationMillis, &w)
            w.key("size_bytes"); w.int64(r.sizeBytes)
            w.key("failure_message"); w.string(r.failureMessage)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    static func point(_ p: MetricsPoint, into w: inout JSONWriter) {
        w.beginObject()
        w.key("t"); w.int64(p.timestamp)
        w.key("records_in"); w.int64(p.recordsIn)
        w.key("records_out"); w.int64(p.recordsOut)
        w.member("records_in_per_second", p.recordsInPerSecond)
        w.member("records_out_per_second", p.recordsOutPerSecond)
        w.key("latency_p50_ms"); optional(p.latencyP50Millis, &w)
        w.key("latency_p99_ms"); optional(p.latencyP99Millis, &w)
        w.key("consumer_lag"); w.int64(p.consumerLag)
        w.key("late_records_dropped"); w.int64(p.lateRecordsDropped)
        w.key("checkpoint_duration_ms"); optional(p.checkpointDurationMillis, &w)
        w.member("completed_checkpoints", p.completedCheckpoints)
        w.member("failed_checkpoints", p.failedCheckpoints)
        w.key("vertex_records_out_per_second")
        w.beginArray()
        for r in p.vertexRecordsOutPerSecond { w.double(r) }
        w.endArray()
        w.endObject()
    }

    static func optional(_ v: Double?, _ w: inout JSONWriter) { if let v { w.double(v) } else { w.null() } }
    static func optional(_ v: Int64?, _ w: inout JSONWriter) { if let v { w.int64(v) } else { w.null() } }
}

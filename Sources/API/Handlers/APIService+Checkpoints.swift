import ControlPlane
import HTTP
import Model

/// Flink's checkpoint and savepoint resources of a job (field names as Flink's REST API).
extension APIService {
    func getJobCheckpoints(_ c: Call) throws -> HTTPResponse {
        let stats = try controlPlane.jobCheckpoints(environmentID: try c.path("env"), idOrName: try c.path("job"))
        return json(200, capacity: 2048) { CheckpointJSON.statistics(stats, into: &$0) }
    }

    func getJobCheckpointConfig(_ c: Call) throws -> HTTPResponse {
        let config = try controlPlane.jobCheckpointConfig(environmentID: try c.path("env"), idOrName: try c.path("job"))
        return json(200) { CheckpointJSON.config(config, into: &$0) }
    }

    func triggerJobSavepoint(_ c: Call) throws -> HTTPResponse {
        let op = try controlPlane.triggerJobSavepoint(environmentID: try c.path("env"), idOrName: try c.path("job"))
        return json(202) { w in
            w.beginObject()
            w.member("request-id", op.requestID)
            w.endObject()
        }
    }

    func listJobSavepoints(_ c: Call) throws -> HTTPResponse {
        let ops = try controlPlane.jobSavepoints(environmentID: try c.path("env"), idOrName: try c.path("job"))
        return json(200, capacity: 1024) { w in
            w.beginObject()
            w.key("savepoints")
            w.beginArray()
            for op in ops {
                w.beginObject()
                w.member("request-id", op.requestID)
                w.key("trigger_timestamp"); w.int64(op.triggerTimestamp)
                CheckpointJSON.operationFields(op, into: &w)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
    }

    func getJobSavepoint(_ c: Call) throws -> HTTPResponse {
        let op = try controlPlane.jobSavepoint(environmentID: try c.path("env"), idOrName: try c.path("job"),
                                               requestID: try c.path("trigger"))
        return json(200) { w in
            w.beginObject()
            CheckpointJSON.operationFields(op, into: &w)
            w.endObject()
        }
    }
}

/// Encodes checkpoint statistics and configuration like Flink's `CheckpointingStatistics` and
/// `CheckpointConfigInfo`.
enum CheckpointJSON {
    static func statistics(_ s: JobCheckpointStats, into w: inout JSONWriter) {
        w.beginObject()
        w.key("counts")
        w.beginObject()
        w.member("restored", s.counts.restored)
        w.member("total", s.counts.total)
        w.member("in_progress", s.counts.inProgress)
        w.member("completed", s.counts.completed)
        w.member("failed", s.counts.failed)
        w.endObject()
        w.key("latest")
        w.beginObject()
        w.key("completed"); checkpointOrNull(s.latestCompleted, into: &w)
        w.key("savepoint"); checkpointOrNull(s.latestSavepoint, into: &w)
        w.key("failed"); checkpointOrNull(s.latestFailed, into: &w)
        w.key("restored")
        if let r = s.latestRestored {
            w.beginObject()
            w.key("id"); w.int64(r.id)
            w.key("restore_timestamp"); w.int64(r.restoreTimestamp)
            w.member("is_savepoint", r.isSavepoint)
            w.member("external_path", r.externalPath)
            w.endObject()
        } else {
            w.null()
        }
        w.endObject()
        w.key("history")
        w.beginArray()
        for h in s.history { checkpoint(h, into: &w) }
        w.endArray()
        w.endObject()
    }

    static func checkpointOrNull(_ c: JobCheckpointStats.Checkpoint?, into w: inout JSONWriter) {
        if let c { checkpoint(c, into: &w) } else { w.null() }
    }

    static func checkpoint(_ c: JobCheckpointStats.Checkpoint, into w: inout JSONWriter) {
        w.beginObject()
        w.member("className", c.status == "COMPLETED" ? "completed" : c.status == "FAILED" ? "failed" : "in_progress")
        w.key("id"); w.int64(c.id)
        w.member("status", c.status)
        w.member("is_savepoint", c.isSavepoint)
        w.key("savepointFormat"); if c.isSavepoint { w.string("CANONICAL") } else { w.null() }
        w.key("trigger_timestamp"); w.int64(c.triggerTimestamp)
        w.key("latest_ack_timestamp"); w.int64(c.latestAckTimestamp)
        w.key("state_size"); w.int64(c.stateSize)
        w.key("checkpointed_size"); w.int64(c.stateSize)
        w.key("end_to_end_duration"); w.int64(c.endToEndDuration)
        w.member("alignment_buffered", 0)
        w.member("processed_data", 0)
        w.member("persisted_data", 0)
        w.member("num_subtasks", c.numSubtasks)
        w.member("num_acknowledged_subtasks", c.numAcknowledgedSubtasks)
        w.member("checkpoint_type", c.isSavepoint ? "SAVEPOINT" : "CHECKPOINT")
        w.key("tasks"); w.beginObject(); w.endObject()
        if c.status == "FAILED" {
            w.key("failure_timestamp"); w.int64(c.latestAckTimestamp)
            w.member("failure_message", c.failureMessage)
        } else {
            w.member("external_path", c.externalPath)
            w.member("discarded", c.discarded)
        }
        w.endObject()
    }

    static func config(_ c: JobCheckpointConfig, into w: inout JSONWriter) {
        w.beginObject()
        w.member("mode", c.mode)
        w.key("interval"); w.int64(c.interval)
        w.key("timeout"); w.int64(c.timeout)
        w.key("min_pause"); w.int64(c.minPause)
        w.member("max_concurrent", c.maxConcurrent)
        w.key("externalization")
        w.beginObject()
        w.member("enabled", true)
        w.member("delete_on_cancellation", false)
        w.endObject()
        w.member("state_backend", "hashmap")
        w.member("checkpoint_storage", c.checkpointStorage)
        w.member("unaligned_checkpoints", false)
        w.member("tolerable_failed_checkpoints", 0)
        w.member("aligned_checkpoint_timeout", 0)
        w.member("checkpoints_after_tasks_finish", false)
        w.member("state_changelog_enabled", false)
        w.member("num_retained", c.retained)
        w.member("restart_strategy", c.restartStrategy)
        w.endObject()
    }

    /// `{"status":{"id":…},"operation":{"location":…} | {"failure-cause":…}}` (AsynchronousOperationResult).
    static func operationFields(_ op: SavepointOperation, into w: inout JSONWriter) {
        w.key("status")
        w.beginObject()
        w.member("id", op.status == "IN_PROGRESS" ? "IN_PROGRESS" : "COMPLETED")
        w.endObject()
        w.key("operation")
        if op.status == "IN_PROGRESS" {
            w.null()
        } else {
            w.beginObject()
            if let location = op.location { w.member("location", location) }
            if let cause = op.failureCause {
                w.key("failure-cause")
                w.beginObject()
                w.member("class", "org.apache.flink.runtime.checkpoint.CheckpointException")
                w.member("serialized-exception", cause)
                w.endObject()
            }
            w.endObject()
        }
    }
}

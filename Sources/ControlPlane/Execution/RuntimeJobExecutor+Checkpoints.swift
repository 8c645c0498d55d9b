import Foundation
import Model
import Runtime

/// Checkpoint statistics, configuration and savepoints of the jobs this executor runs.
extension RuntimeJobExecutor {
    public func checkpoints(job: Job) -> JobCheckpointStats? {
        let key = Self.checkpointKey(jobID: job.id, version: job.currentVersion)
        let stats: CheckpointStatistics
        if let instance = runningJob(jobID: job.id), instance.version == job.currentVersion,
           let coordinator = instance.supervised.coordinator {
            stats = coordinator.statistics()
        } else {
            stats = CheckpointCoordinator.statistics(job: key, store: checkpointStore)
        }
        return Self.convert(stats)
    }

    public func checkpointConfig(job: Job) -> JobCheckpointConfig? {
        let running = runningJob(jobID: job.id)
        let restart = running?.supervised.restartStrategy ?? .exponentialDefault
        let config = running?.supervised.coordinator?.config
            ?? CheckpointConfig(interval: job.config.checkpointIntervalMillis,
                                mode: job.config.checkpointMode == .atLeastOnce ? .atLeastOnce : .exactlyOnce,
                                directory: checkpointRoot + "/" + Self.checkpointKey(jobID: job.id, version: job.currentVersion))
        return JobCheckpointConfig(mode: config.mode == .exactlyOnce ? "exactly_once" : "at_least_once", interval: config.interval,
                                   timeout: config.timeout, minPause: config.minPause, maxConcurrent: 1, retained: config.retained,
                                   checkpointStorage: "file:" + config.directory, restartStrategy: restart.typeName)
    }

    public func triggerSavepoint(job: Job) throws(APIError) -> SavepointOperation {
        guard let instance = runningJob(jobID: job.id), instance.supervised.status == .running else {
            throw APIError(status: 409, code: "job_not_running", title: "Conflict",
                           detail: "Job \(job.name) is not running; a savepoint needs a running job.")
        }
        let requestID = Self.requestID()
        let op = SavepointOperation(requestID: requestID, status: "IN_PROGRESS", checkpointID: nil, location: nil,
                                    failureCause: nil, triggerTimestamp: Int64(Date().timeIntervalSince1970 * 1000))
        savepointOps.withLock { $0[job.id, default: []].insert(op, at: 0) }
        let jobID = job.id
        do {
            try instance.supervised.triggerSavepoint { [weak self] result in
                self?.savepointOps.withLock { ops in
                    guard let i = ops[jobID]?.firstIndex(where: { $0.requestID == requestID }) else { return }
                    switch result {
                    case let .success(record):
                        ops[jobID]![i].status = "COMPLETED"
                        ops[jobID]![i].checkpointID = record.id
                        ops[jobID]![i].location = "file:" + record.path
                    case let .failure(error):
                        ops[jobID]![i].status = "FAILED"
                        ops[jobID]![i].failureCause = error.detail
                    }
                }
            }
        } catch {
            throw APIError(status: 409, code: "savepoint_failed", title: "Conflict", detail: (error as? RuntimeError)?.detail ?? "\(error)")
        }
        return op
    }

    public func savepoints(job: Job) -> [SavepointOperation] {
        var ops = savepointOps.withLock { $0[job.id] ?? [] }
        // Savepoints recorded in earlier runs (e.g. by a stop) appear as completed operations too.
        let key = Self.checkpointKey(jobID: job.id, version: job.currentVersion)
        for r in (try? checkpointStore.completed(job: key, savepoints: true)) ?? [] where !ops.contains(where: { $0.checkpointID == r.id }) {
            ops.append(SavepointOperation(requestID: String(format: "%032x", r.id), status: "COMPLETED", checkpointID: r.id,
                                          location: "file:" + r.path, failureCause: nil, triggerTimestamp: r.triggerTimestamp))
        }
        return ops
    }

    static func requestID() -> String {
        (0..<4).map { _ in String(format: "%08x", UInt32.random(in: 0...UInt32.max)) }.joined()
    }

    static func convert(_ s: CheckpointStatistics) -> JobCheckpointStats {
        var out = JobCheckpointStats()
        out.counts = .init(restored: s.counts.restored, total: s.counts.total, inProgress: s.counts.inProgress,
                           completed: s.counts.completed, failed: s.counts.failed)
        out.latestCompleted = s.latestCompleted.map(convert)
        out.latestSavepoint = s.latestSavepoint.map(convert)
        out.latestFailed = s.latestFailed.map(convert)
        out.latestRestored = s.latestRestore.map {
            .init(id: $0.checkpointId, restoreTimestamp: $0.restoreTimestamp, isSavepoint: $0.isSavepoint, externalPath: "file:" + $0.path)
        }
        out.history = s.history.map(convert)
        return out
    }

    static func convert(_ r: CheckpointRecord) -> JobCheckpointStats.Checkpoint {
        .init(status: r.status.rawValue, id: r.id, isSavepoint: r.isSavepoint, triggerTimestamp: r.triggerTimestamp,
              latestAckTimestamp: r.latestAckTimestamp, stateSize: r.stateSize, endToEndDuration: r.duration,
              numSubtasks: r.numSubtasks, numAcknowledgedSubtasks: r.status == .completed ? r.numSubtasks : r.acks.count,
              externalPath: "file:" + r.path, discarded: r.discarded, restoredFrom: r.restoredFrom, failureMessage: r.failureMessage)
    }
}

import Model
import Store

/// Executor callbacks of rolling updates, rollbacks and stops: the update phase shown while versions
/// switch, how a version restored state, the measured switch gap, where a stopped job stopped, and the
/// automatic rollback of a version that failed to start or failed within its probation window.
extension ControlPlane {
    /// Sets the job's `update_phase` (`SAVEPOINTING`, `STARTING`, `ROLLING_BACK`; nil when done). The
    /// status stays what it is (RUNNING during a rolling update).
    public func reportUpdatePhase(jobID: String, _ phase: String?) throws(APIError) {
        try mutate { tx, _ in
            guard var job = try tx.job(id: jobID), job.updatePhase != phase else { return }
            job.updatePhase = phase
            job.updatedAt = now()
            job.resourceVersion += 1
            try tx.updateJob(job)
            if let phase { try lifecycleLog(tx, job, "Update phase \(phase).") }
        }
    }

    /// Records how `version` restored state when it started, and ends the update phase.
    public func reportVersionStarted(jobID: String, version: Int, restore: JobVersion.StateRestore?) throws(APIError) {
        try mutate { tx, _ in
            guard var job = try tx.job(id: jobID) else { return }
            if let restore {
                try tx.setJobVersionRestore(jobID: jobID, number: version, restore)
                try lifecycleLog(tx, job, "Version \(version) started; state \(restore.mode.rawValue): \(restore.reason)")
            }
            if job.updatePhase != nil && job.currentVersion == version {
                job.updatePhase = nil
                job.updatedAt = now()
                job.resourceVersion += 1
                try tx.updateJob(job)
            }
        }
    }

    /// Records a rolling update's measured gap (last record of the old version → first of the new one).
    public func reportSwitchGap(jobID: String, version: Int, millis: Int64) throws(APIError) {
        try mutate { tx, _ in
            guard let job = try tx.job(id: jobID) else { return }
            try tx.setJobVersionSwitchGap(jobID: jobID, number: version, millis: millis)
            try lifecycleLog(tx, job, "Switch gap of version \(version): \(millis) ms from the last record of the previous version to its first record.")
        }
    }

    /// Where the job's sources stopped (per topic: `partition:0,offset:23;partition:1,offset:65`).
    public func reportLatestOffsets(jobID: String, _ offsets: [String: String]) throws(APIError) {
        try mutate { tx, _ in
            guard var job = try tx.job(id: jobID) else { return }
            job.latestOffsets = offsets
            job.latestOffsetsAt = now()
            job.updatedAt = now()
            job.resourceVersion += 1
            try tx.updateJob(job)
        }
    }

    /// Automatic rollback: `failedVersion` (the job's current version, started by an update or a manual
    /// rollback) failed to start or failed within its probation window. It is marked FAILED with `reason`,
    /// and a new version with the spec of the version it replaced (cause ROLLED_BACK) is appended and
    /// started from that version's state (the savepoint taken at the switch). Returns false (nothing done)
    /// when the job changed meanwhile or has nothing to roll back to.
    @discardableResult
    public func autoRollback(jobID: String, failedVersion: Int, reason: String) throws(APIError) -> Bool {
        try mutate { tx, effects -> Bool in
            guard let job = try tx.job(id: jobID), job.currentVersion == failedVersion,
                  JobStateMachine.isActive(job.status) || job.status == .failed,
                  let failed = try tx.jobVersion(jobID: jobID, number: failedVersion),
                  failed.config.autoRollback, failed.cause == .update || failed.cause == .rollback,
                  let previousNumber = failed.restoreFromVersion,
                  let previous = try tx.jobVersion(jobID: jobID, number: previousNumber) else { return false }
            let number = try tx.latestJobVersionNumber(jobID: jobID) + 1
            try lifecycleLog(tx, job, "Version \(failedVersion) failed (\(reason)); rolling back automatically to version "
                                 + "\(previousNumber) as version \(number), restored from version \(previousNumber)'s savepoint.",
                             level: "ERROR")
            var stored = job
            if stored.status == .failed {
                // Already reported FAILED: redeploy like an update of a failed job.
                stored.failureMessage = nil
            }
            stored.updatePhase = "ROLLING_BACK"
            var updated = try appendVersion(tx, job: stored, sql: previous.sql, config: previous.config, principal: .system,
                                            previousState: .failed, rolledBackFrom: previousNumber, cause: .rolledBack,
                                            endReason: "failed: \(reason)",
                                            expectedRestore: nil, effects: &effects)
            updated.updatePhase = "ROLLING_BACK"
            try tx.updateJob(updated)
            return true
        }
    }
}

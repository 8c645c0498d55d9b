import Model
import Store

/// CFU accounting: a job holds `parallelism` CFUs of its pool while admitted (PENDING with scaling OK,
/// RUNNING, STOPPING); a job that fits the pool's size but not its free CFUs waits PENDING with
/// `POOL_EXHAUSTED` and is admitted (oldest first) when CFUs free up.
extension ControlPlane {
    /// Tries to admit `job` to its pool: sets `heldCFU` and `scalingStatus`; returns true when admitted.
    /// `previous` is the job's stored row (its CFUs are not counted against it), nil for a new job.
    func place(_ tx: StoreTransaction, _ job: inout Job, previous: Job?) throws -> Bool {
        place(&job, in: try Self.requirePool(tx, job.computePoolID, environmentID: nil), previous: previous)
    }

    /// `place` with the job's pool as read in the current transaction (its `currentCFU` is what the
    /// pool's jobs hold now).
    func place(_ job: inout Job, in pool: ComputePool, previous: Job?) -> Bool {
        var heldByOthers = pool.currentCFU
        if let previous, previous.computePoolID == pool.id { heldByOthers -= previous.heldCFU }
        if job.parallelism <= pool.maxCFU - heldByOthers {
            job.heldCFU = job.parallelism
            job.scalingStatus = .ok
            return true
        }
        job.heldCFU = 0
        job.scalingStatus = .poolExhausted
        return false
    }

    /// Admits the pool's waiting (POOL_EXHAUSTED) jobs that now fit, oldest first. Only jobs that fit the
    /// CFUs still free are read, a page at a time, so the cost does not grow with the number waiting.
    func admitWaitingJobs(_ tx: StoreTransaction, poolID: String, effects: inout [Effect]) throws {
        guard let pool = try tx.computePool(id: poolID) else { return }
        var free = pool.maxCFU - (try tx.heldCFU(computePoolID: poolID))
        var after: Int64 = 0
        while free > 0 {
            let page = try tx.waitingJobs(computePoolID: poolID, maxParallelism: free, afterSeq: after,
                                          limit: Self.admissionPageSize)
            for (_, waiting) in page where waiting.parallelism <= free {
                var job = waiting
                job.heldCFU = job.parallelism
                job.scalingStatus = .ok
                free -= job.heldCFU
                job.updatedAt = now()
                job.resourceVersion += 1
                try tx.updateJob(job)
                try logPlacement(tx, job)
                if let version = try tx.jobVersion(jobID: job.id, number: job.currentVersion) {
                    effects.append(.start(job, version))
                }
            }
            guard page.count == Self.admissionPageSize, let last = page.last else { break }
            after = last.seq
        }
    }

    static let admissionPageSize = 16

    /// Releases the job's CFUs (it stopped, failed, completed or was rescheduled elsewhere).
    func release(_ job: inout Job) {
        job.heldCFU = 0
        if job.scalingStatus == .poolExhausted { job.scalingStatus = .ok }
    }

    /// Re-places an active job after its spec changed to `version`: admitted → the executor (re)starts it
    /// at `version`; not admitted → PENDING/POOL_EXHAUSTED (stopping it if it ran).
    func reschedule(_ tx: StoreTransaction, _ job: inout Job, previous: Job, version: JobVersion,
                    effects: inout [Effect]) throws {
        if try place(tx, &job, previous: previous) {
            effects.append(.start(job, version))
        } else {
            if previous.status == .running || previous.heldCFU > 0 { effects.append(.stop(previous)) }
            try JobStateMachine.check(from: job.status, to: .pending, jobName: job.name)
            job.status = .pending
        }
    }

    // MARK: executor callbacks

    /// Reports a status change observed by the executor (RUNNING, STOPPED, FAILED with `failure`,
    /// COMPLETED, PENDING when restarting). Returns the updated job, nil when the job no longer exists.
    /// Illegal transitions → 409 `invalid_state_transition`. STOPPED for a PENDING job is ignored (it
    /// acknowledges the stop of an instance that was rescheduled), and so is RUNNING for a PENDING job that
    /// holds no CFUs (a stale start). `logLines` (the runtime's output before the change) are appended to the
    /// job's log in the same transaction, before the status line.
    @discardableResult
    public func reportJobStatus(jobID: String, status: JobStatus, failure: String? = nil,
                                logLines: [(level: String, message: String)] = []) throws(APIError) -> Job? {
        try mutate { tx, effects -> Job? in
            guard let stored = try tx.job(id: jobID) else { return nil }
            if !logLines.isEmpty { try appendLines(tx, jobID: jobID, logLines, at: now()) }
            // A PENDING job was rescheduled (it lost its CFUs or changed pool): the STOPPED report is about
            // its previous instance, not the job.
            if status == .stopped && stored.status == .pending { return stored }
            // RUNNING from an instance started before the job lost its admission (it was rescheduled or
            // stopped meanwhile; a stop for that instance is already queued).
            if status == .running && stored.heldCFU == 0 && stored.status == .pending { return stored }
            try JobStateMachine.check(from: stored.status, to: status, jobName: stored.name)
            guard stored.status != status || (status == .failed && failure != stored.failureMessage) else { return stored }
            var job = stored
            job.status = status
            let now = now()
            switch status {
            case .running:
                job.failureMessage = nil
            case .stopped, .completed, .failed:
                release(&job)
                job.updatePhase = nil
                if status == .failed {
                    job.failureMessage = failure ?? "The job failed."
                    try tx.endJobVersion(jobID: job.id, number: job.currentVersion, state: .failed,
                                         reason: job.failureMessage, at: now)
                }
            case .pending, .stopping, .deleting:
                break
            }
            job.updatedAt = now
            job.resourceVersion += 1
            try tx.updateJob(job)
            try cmfJobStatusChanged(tx, job)
            if status == .failed {
                try lifecycleLog(tx, job, "Job FAILED: \(job.failureMessage ?? "")", level: "ERROR")
            } else {
                try lifecycleLog(tx, job, "Status \(status.rawValue).")
            }
            if job.heldCFU < stored.heldCFU { try admitWaitingJobs(tx, poolID: job.computePoolID, effects: &effects) }
            return try tx.job(id: jobID)
        }
    }

    /// After a restart: jobs that were RUNNING go back to PENDING and every admitted active job is handed to
    /// the executor again; STOPPING jobs become STOPPED; waiting jobs are re-admitted if they fit.
    /// Returns the number of jobs handed to the executor.
    @discardableResult
    public func recover() throws(APIError) -> Int {
        try mutate { tx, effects -> Int in
            let now = now()
            var pools = Set<String>()
            for stored in try tx.jobs(statuses: [.pending, .running, .stopping]) {
                var job = stored
                switch stored.status {
                case .stopping:
                    job.status = .stopped
                    release(&job)
                case .running:
                    job.status = .pending
                default:
                    break
                }
                pools.insert(job.computePoolID)
                if job != stored {
                    job.updatedAt = now
                    job.resourceVersion += 1
                    try tx.updateJob(job)
                }
                if job.status == .pending && job.heldCFU > 0,
                   let version = try tx.jobVersion(jobID: job.id, number: job.currentVersion) {
                    effects.append(.start(job, version))
                }
            }
            for pool in pools.sorted() { try admitWaitingJobs(tx, poolID: pool, effects: &effects) }
            return effects.count
        }
    }
}

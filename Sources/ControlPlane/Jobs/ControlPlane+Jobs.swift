import Model
import Store

extension ControlPlane {
    /// `POST /flink/v1/environments/{env}/jobs`: validates, writes version 1 (defaults explicit) and admits
    /// the job to its pool (PENDING; `POOL_EXHAUSTED` when the pool's free CFUs do not suffice).
    /// The job is also visible as a sql/v1 statement of the same name (unless `asStatement` is false: a
    /// statement's own INSERT job).
    public func createJob(environmentID: String, _ request: CreateJobRequest,
                          by principal: Principal = .system, asStatement: Bool = true) throws(APIError) -> Job {
        let name = try JobValidation.validateName(request.name)
        let sql = try JobValidation.validateSQL(request.sql)
        let parallelism = request.parallelism ?? JobConfig.defaultParallelism
        try JobValidation.validateParallelism(parallelism)
        let interval = request.checkpointInterval ?? JobConfig.defaultCheckpointIntervalMillis
        try JobValidation.validateCheckpointInterval(interval)
        let mode = try request.checkpointMode.map { (m) throws(APIError) in try JobValidation.parseCheckpointMode(m) }
            ?? JobConfig.defaultCheckpointMode
        let labels = request.labels ?? [:]
        try JobValidation.validateLabels(labels)
        let requestedPool = request.computePoolID.flatMap { $0.isEmpty ? nil : $0 }
        if let p = request.rollbackProbation { try JobValidation.validateRollbackProbation(p) }

        // Resolve the pool and validate the SQL before the write transaction (the validator may be slow).
        let poolID = try query { tx -> String in
            _ = try Self.requireEnvironment(tx, environmentID)
            return try resolvePool(tx, requestedPool, environmentID: environmentID).id
        }
        let config = JobConfig(parallelism: parallelism, checkpointIntervalMillis: interval, checkpointMode: mode,
                               computePoolID: poolID, labels: labels, autoRollback: request.autoRollback ?? true,
                               rollbackProbationMillis: request.rollbackProbation)
        try validator.validate(sql: sql, environmentID: environmentID, config: config)

        return try mutate { tx, effects in
            let env = try Self.requireEnvironment(tx, environmentID)
            let pool = try resolvePool(tx, poolID, environmentID: environmentID)
            try JobValidation.validateFits(parallelism: parallelism, pool: pool)
            if try tx.jobExists(environmentID: environmentID, name: name) {
                throw APIError.alreadyExists("A job named '\(name)' already exists in environment '\(environmentID)'.",
                                             pointer: "/name")
            }
            var id = ids.jobID()
            while try tx.jobExists(id: id) { id = ids.jobID() }
            let now = now()
            let version = JobVersion(jobID: id, number: 1, sql: sql, config: config, createdAt: now,
                                     createdBy: principal.apiKeyID)
            var job = Job(id: id, name: name, environmentID: environmentID, organizationID: env.organizationID,
                          currentVersion: 1, sql: sql, config: config, status: request.stopped ? .stopped : .pending,
                          scalingStatus: .ok, createdBy: principal.apiKeyID, createdAt: now, updatedAt: now)
            let admitted = request.stopped ? false : place(&job, in: pool, previous: nil)
            try tx.insertJob(job)
            try tx.insertJobVersion(version)
            if asStatement { try linkStatement(tx, job, principal: principal) }
            var lines = [(level: "INFO", message: "Job created (version 1): parallelism \(parallelism), checkpoint_interval \(interval) ms, "
                            + "\(mode.rawValue), compute pool \(poolID)." + (request.stopped ? " Not started (stopped)." : ""))]
            if !request.stopped, let placement = Self.placementLine(job, pool: pool) { lines.append(placement) }
            try tx.appendJobLogs(jobID: id, timestamp: now, lines)
            if admitted { effects.append(.start(job, version)) }
            return job
        }
    }

    /// `GET /flink/v1/environments/{env}/jobs`: paged, oldest first, filtered.
    public func jobs(environmentID: String, filter: JobFilter = JobFilter(),
                     page: PageRequest = PageRequest()) throws(APIError) -> Page<Job> {
        try cachedQuery(.jobs(environmentID: environmentID, filter: filter, page: page),
                        bytes: { $0.items.reduce(256) { $0 + 512 + $1.sql.utf8.count } }) { tx in
            try Self.requireEnvironmentExists(tx, environmentID)
            return try tx.jobs(environmentID: environmentID, filter: filter, page: page)
        }
    }

    /// `GET /flink/v1/environments/{env}/jobs/{job}` by id (`job-…`) or name.
    public func job(environmentID: String, idOrName: String) throws(APIError) -> Job {
        try cachedQuery(.job(environmentID: environmentID, idOrName: idOrName), bytes: { 512 + $0.sql.utf8.count }) { tx in try Self.resolveJob(tx, environmentID: environmentID, idOrName: idOrName) }
    }

    /// `PATCH …/jobs/{job}`: any change of SQL or config appends a new version (the previous one becomes
    /// SUPERSEDED). An active job is re-admitted with the new config and handed to the executor (rolling
    /// update); a FAILED job is redeployed (PENDING); a STOPPED or COMPLETED job keeps its status.
    public func updateJob(environmentID: String, idOrName: String, _ request: UpdateJobRequest,
                          by principal: Principal = .system) throws(APIError) -> Job {
        if let sql = request.sql { _ = try JobValidation.validateSQL(sql) }
        if let parallelism = request.parallelism { try JobValidation.validateParallelism(parallelism) }
        if let interval = request.checkpointInterval { try JobValidation.validateCheckpointInterval(interval) }
        let mode = try request.checkpointMode.map { (m) throws(APIError) in try JobValidation.parseCheckpointMode(m) }
        if let labels = request.labels { try JobValidation.validateLabels(labels) }
        if let p = request.rollbackProbation { try JobValidation.validateRollbackProbation(p) }

        let current = try query { tx in try Self.resolveJob(tx, environmentID: environmentID, idOrName: idOrName) }
        try Self.checkResourceVersion(request.resourceVersion, current: current.resourceVersion)
        let requestedPool = request.computePoolID.flatMap { $0.isEmpty ? nil : $0 }
        func merged(_ job: Job) -> (String, JobConfig) {
            var config = job.config
            if let parallelism = request.parallelism { config.parallelism = parallelism }
            if let interval = request.checkpointInterval { config.checkpointIntervalMillis = interval }
            if let mode { config.checkpointMode = mode }
            if let requestedPool { config.computePoolID = requestedPool }
            if let labels = request.labels { config.labels = labels }
            if let auto = request.autoRollback { config.autoRollback = auto }
            if let p = request.rollbackProbation { config.rollbackProbationMillis = p }
            return (request.sql ?? job.sql, config)
        }
        let (plannedSQL, plannedConfig) = merged(current)
        var expected: JobVersion.StateRestore?
        if plannedSQL != current.sql || plannedConfig != current.config {
            try validator.validate(sql: plannedSQL, environmentID: environmentID, config: plannedConfig)
            expected = expectedRestore(current, toSQL: plannedSQL, toConfig: plannedConfig)
        }

        return try mutate { tx, effects in
            let job = try Self.resolveJob(tx, environmentID: environmentID, idOrName: current.id)
            try Self.checkResourceVersion(request.resourceVersion, current: job.resourceVersion)
            let (sql, config) = merged(job)
            guard sql != job.sql || config != job.config else { return job }
            // Planned against the version current when the request came; a concurrent update changed it.
            let restore = job.currentVersion == current.currentVersion ? expected : nil
            return try appendVersion(tx, job: job, sql: sql, config: config, principal: principal,
                                     previousState: .superseded, rolledBackFrom: nil, expectedRestore: restore, effects: &effects)
        }
    }

    /// `DELETE …/jobs/{job}`: stops it if needed and removes it with its versions and logs.
    public func deleteJob(environmentID: String, idOrName: String) throws(APIError) {
        try mutate { tx, effects in
            let job = try Self.resolveJob(tx, environmentID: environmentID, idOrName: idOrName)
            try JobStateMachine.check(from: job.status, to: .deleting, jobName: job.name)
            if job.heldCFU > 0 || job.status == .running || job.status == .stopping { effects.append(.delete(job)) }
            // After it ends: its checkpoints and savepoints go too.
            effects.append(.discardState(job, versions: try tx.latestJobVersionNumber(jobID: job.id)))
            try tx.deleteJob(id: job.id)
            try admitWaitingJobs(tx, poolID: job.computePoolID, effects: &effects)
        }
    }

    /// `POST …/jobs/{job}/stop`: a PENDING job stops at once (STOPPED); a RUNNING one goes STOPPING until
    /// the executor reports STOPPED. Already stopping/terminal jobs are returned unchanged. With `drain`, a
    /// running job's event-time windows fire before its final savepoint (Flink's `stop --drain`).
    public func stopJob(environmentID: String, idOrName: String, drain: Bool = false) throws(APIError) -> Job {
        try mutate { tx, effects in
            var job = try Self.resolveJob(tx, environmentID: environmentID, idOrName: idOrName)
            let previous = job
            switch job.status {
            case .pending:
                job.status = .stopped
                release(&job)
                job.scalingStatus = .ok
            case .running:
                job.status = .stopping
            case .stopping, .stopped, .failed, .completed, .deleting:
                return job
            }
            try JobStateMachine.check(from: previous.status, to: job.status, jobName: job.name)
            if previous.heldCFU > 0 || previous.status == .running { effects.append(.stop(previous, drain: drain)) }
            job.updatedAt = now()
            job.resourceVersion += 1
            try tx.updateJob(job)
            try lifecycleLog(tx, job, "Stop\(drain ? " with drain" : "") requested; status \(job.status.rawValue).")
            if job.heldCFU < previous.heldCFU { try admitWaitingJobs(tx, poolID: job.computePoolID, effects: &effects) }
            return job
        }
    }

    /// `POST …/jobs/{job}/resume`: a STOPPED, FAILED or COMPLETED job goes PENDING and is re-admitted to its
    /// pool. PENDING/RUNNING jobs are returned unchanged; a STOPPING job → 409.
    public func resumeJob(environmentID: String, idOrName: String) throws(APIError) -> Job {
        try mutate { tx, effects in
            var job = try Self.resolveJob(tx, environmentID: environmentID, idOrName: idOrName)
            if job.status == .pending || job.status == .running { return job }
            guard JobStateMachine.isResumable(job.status) else {
                throw APIError.conflict("Job '\(job.name)' is \(job.status.rawValue); it can be resumed once it has stopped.",
                                        code: "invalid_state_transition")
            }
            let previous = job
            let pool = try Self.requirePool(tx, job.computePoolID, environmentID: nil)
            try JobValidation.validateFits(parallelism: job.parallelism, pool: pool)
            try JobStateMachine.check(from: job.status, to: .pending, jobName: job.name)
            job.status = .pending
            job.failureMessage = nil
            if previous.status == .failed {
                try tx.endJobVersion(jobID: job.id, number: job.currentVersion, state: .active, reason: nil, at: now())
            }
            let admitted = try place(tx, &job, previous: previous)
            job.updatedAt = now()
            job.resourceVersion += 1
            try tx.updateJob(job)
            try lifecycleLog(tx, job, "Resumed at version \(job.currentVersion).")
            try logPlacement(tx, job)
            if admitted, let version = try tx.jobVersion(jobID: job.id, number: job.currentVersion) {
                effects.append(.start(job, version))
            }
            return job
        }
    }

    // MARK: shared

    /// Appends version `latest + 1` with `sql`/`config`, ends the current one with `previousState`, and
    /// reschedules the job as `updateJob` documents.
    func appendVersion(_ tx: StoreTransaction, job stored: Job, sql: String, config: JobConfig, principal: Principal,
                       previousState: JobVersion.State, rolledBackFrom: Int?, cause: JobVersion.Cause? = nil,
                       endReason: String? = nil, expectedRestore: JobVersion.StateRestore? = nil,
                       effects: inout [Effect]) throws -> Job {
        if stored.status == .deleting {
            throw APIError.conflict("Job '\(stored.name)' is being deleted.", code: "invalid_state_transition")
        }
        let pool = try resolvePool(tx, config.computePoolID, environmentID: stored.environmentID)
        try JobValidation.validateFits(parallelism: config.parallelism, pool: pool)
        let now = now()
        let number = try tx.latestJobVersionNumber(jobID: stored.id) + 1
        // State comes from the version it replaces (an automatic rollback: from the version it restores).
        let restoreFrom = cause == .rolledBack ? rolledBackFrom : stored.currentVersion
        let version = JobVersion(jobID: stored.id, number: number, sql: sql, config: config, createdAt: now,
                                 createdBy: principal.apiKeyID, rolledBackFrom: rolledBackFrom, cause: cause,
                                 restoreFromVersion: restoreFrom, stateRestore: expectedRestore)
        let reason = endReason ?? rolledBackFrom.map { "rolled back to version \($0) (as version \(number))" }
            ?? "superseded by version \(number)"
        if let old = try tx.jobVersion(jobID: stored.id, number: stored.currentVersion) {
            // A failed version keeps FAILED (and why it failed) unless it is explicitly rolled back.
            let state: JobVersion.State = old.state == .failed && previousState == .superseded ? .failed : previousState
            try tx.endJobVersion(jobID: stored.id, number: old.number, state: state,
                                 reason: old.state == .failed ? (old.endReason ?? reason) : reason, at: now)
        }
        try tx.insertJobVersion(version)
        var job = stored
        job.currentVersion = number
        job.sql = sql
        job.config = config
        job.updatedAt = now
        job.resourceVersion += 1
        job.stateRestore = expectedRestore
        job.switchGapMillis = nil
        switch stored.status {
        case .pending, .running:
            try reschedule(tx, &job, previous: stored, version: version, effects: &effects)
        case .failed:
            job.status = .pending
            job.failureMessage = nil
            if try place(tx, &job, previous: stored) { effects.append(.start(job, version)) }
        case .stopping, .stopped, .completed, .deleting:
            break
        }
        try tx.updateJob(job)
        var line = rolledBackFrom.map { "Rolled back to version \($0) as version \(number)." }
            ?? "Version \(number) created (replaces version \(stored.currentVersion))."
        if let r = expectedRestore { line += " State: \(r.mode.rawValue) — \(r.reason)" }
        try lifecycleLog(tx, job, line)
        if job.status == .pending && (job.heldCFU != stored.heldCFU || job.scalingStatus != stored.scalingStatus) {
            try logPlacement(tx, job)
        }
        if config.labels != stored.labels { try tx.setJobLabels(jobID: job.id, labels: config.labels) }
        if stored.computePoolID != job.computePoolID || job.heldCFU < stored.heldCFU {
            try admitWaitingJobs(tx, poolID: stored.computePoolID, effects: &effects)
        }
        return job
    }

    /// The requested pool (must be in `environmentID`), or the environment's default pool.
    func resolvePool(_ tx: StoreTransaction, _ poolID: String?, environmentID: String) throws -> ComputePool {
        if let poolID {
            guard let pool = try tx.computePool(id: poolID), pool.environmentID == environmentID else {
                throw APIError(status: 404, code: "not_found", title: "Not Found",
                               detail: "Compute pool '\(poolID)' was not found in environment '\(environmentID)'.",
                               source: .pointer("/compute_pool_id"))
            }
            return pool
        }
        guard let pool = try tx.defaultComputePool(environmentID: environmentID) else {
            throw APIError.badRequest("Environment '\(environmentID)' has no compute pool; create one or pass compute_pool_id.",
                                      code: "compute_pool_required", pointer: "/compute_pool_id")
        }
        return pool
    }

    /// A job of the environment by id or name; 404 for an unknown environment or job.
    static func resolveJob(_ tx: StoreTransaction, environmentID: String, idOrName: String) throws -> Job {
        try requireEnvironmentExists(tx, environmentID)
        if let job = try tx.job(id: idOrName), job.environmentID == environmentID { return job }
        if let job = try tx.job(environmentID: environmentID, name: idOrName) { return job }
        throw APIError.notFound("Job '\(idOrName)' was not found in environment '\(environmentID)'.")
    }
}

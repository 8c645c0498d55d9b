import Model
import SQLite

extension StoreTransaction {
    private static let jobColumns = """
        j.seq, j.id, j.name, j.environment_id, j.organization_id, j.current_version, j.status, j.scaling_status, \
        j.failure_message, j.held_cfu, j.created_by, j.created_at, j.updated_at, j.resource_version, \
        v.sql, v.parallelism, v.checkpoint_interval, v.checkpoint_mode, v.compute_pool_id, v.labels, \
        v.auto_rollback, v.rollback_probation, j.update_phase, j.latest_offsets, j.latest_offsets_at, \
        v.state_restore, v.state_restore_reason, v.state_restore_from, v.state_restore_path, v.switch_gap_ms
        """
    private static let jobFrom = "FROM jobs j JOIN job_versions v ON v.job_id = j.id AND v.number = j.current_version"

    /// Inserts the job row and its labels. Insert its current version with `insertJobVersion` in the same
    /// transaction (the job is only readable once both exist).
    public func insertJob(_ job: Job) throws {
        try connection.run("""
            INSERT INTO jobs(id, environment_id, organization_id, name, current_version, compute_pool_id, status, scaling_status,
                             failure_message, held_cfu, created_by, created_at, updated_at, resource_version)
            VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(job.id), .text(job.environmentID), .text(job.organizationID), .text(job.name),
                  .integer(Int64(job.currentVersion)), .text(job.computePoolID), .text(job.status.rawValue),
                  .text(job.scalingStatus.rawValue), job.failureMessage.map(SQLValue.text) ?? .null,
                  .integer(Int64(job.heldCFU)), .text(job.createdBy), .integer(job.createdAt), .integer(job.updatedAt),
                  .integer(job.resourceVersion)])
        try setJobLabels(jobID: job.id, labels: job.labels)
    }

    /// Writes the job row's mutable fields (current version, pool, status, scaling, failure, held CFU,
    /// updated_at, resource_version). Labels are written by `setJobLabels`.
    public func updateJob(_ job: Job) throws {
        try connection.run("""
            UPDATE jobs SET current_version = ?, compute_pool_id = ?, status = ?, scaling_status = ?, failure_message = ?,
                            held_cfu = ?, updated_at = ?, resource_version = ?, update_phase = ?, latest_offsets = ?,
                            latest_offsets_at = ?
            WHERE id = ?
            """, [.integer(Int64(job.currentVersion)), .text(job.computePoolID), .text(job.status.rawValue),
                  .text(job.scalingStatus.rawValue), job.failureMessage.map(SQLValue.text) ?? .null,
                  .integer(Int64(job.heldCFU)), .integer(job.updatedAt), .integer(job.resourceVersion),
                  job.updatePhase.map(SQLValue.text) ?? .null, .text(LabelCodec.encode(job.latestOffsets)),
                  job.latestOffsetsAt.map(SQLValue.integer) ?? .null, .text(job.id)])
    }

    /// Replaces the job's searchable labels.
    public func setJobLabels(jobID: String, labels: [String: String]) throws {
        try connection.run("DELETE FROM job_labels WHERE job_id = ?", [.text(jobID)])
        for (key, value) in labels {
            try connection.run("INSERT INTO job_labels(job_id, key, value) VALUES(?,?,?)", [.text(jobID), .text(key), .text(value)])
        }
    }

    /// Deletes the job with its versions, labels and logs.
    public func deleteJob(id: String) throws {
        try connection.run("DELETE FROM jobs WHERE id = ?", [.text(id)])
    }

    public func job(id: String) throws -> Job? {
        try connection.queryOne("SELECT \(Self.jobColumns) \(Self.jobFrom) WHERE j.id = ?", [.text(id)], map: Self.job)
    }

    /// Whether a job with this id exists (cheaper than reading it).
    public func jobExists(id: String) throws -> Bool {
        try connection.scalarInt("SELECT 1 FROM jobs WHERE id = ?", [.text(id)]) != nil
    }

    /// Whether the environment has a job of this name (cheaper than reading it).
    public func jobExists(environmentID: String, name: String) throws -> Bool {
        try connection.scalarInt("SELECT 1 FROM jobs WHERE environment_id = ? AND name = ?", [.text(environmentID), .text(name)]) != nil
    }

    public func job(environmentID: String, name: String) throws -> Job? {
        try connection.queryOne("SELECT \(Self.jobColumns) \(Self.jobFrom) WHERE j.environment_id = ? AND j.name = ?",
                                [.text(environmentID), .text(name)], map: Self.job)
    }

    /// Jobs of an environment matching `filter`, oldest first, paged.
    public func jobs(environmentID: String, filter: JobFilter = JobFilter(), page: PageRequest) throws -> Page<Job> {
        let after = try PageToken.decode(page.pageToken)
        let size = PageToken.clampedSize(page.pageSize)
        var conditions = "j.environment_id = ?1"
        var values: [SQLValue] = [.text(environmentID)]
        func add(_ condition: String, _ value: SQLValue) {
            values.append(value)
            conditions += " AND " + condition.replacing("?", with: "?\(values.count)")
        }
        if let status = filter.status { add("j.status = ?", .text(status.rawValue)) }
        if let pool = filter.computePoolID { add("j.compute_pool_id = ?", .text(pool)) }
        if let key = filter.labelKey {
            if let value = filter.labelValue {
                values.append(.text(key))
                values.append(.text(value))
                conditions += " AND EXISTS (SELECT 1 FROM job_labels l WHERE l.job_id = j.id AND l.key = ?\(values.count - 1) AND l.value = ?\(values.count))"
            } else {
                add("EXISTS (SELECT 1 FROM job_labels l WHERE l.job_id = j.id AND l.key = ?)", .text(key))
            }
        }
        let total = try connection.scalarInt("SELECT count(*) FROM jobs j WHERE \(conditions)", values) ?? 0
        let n = values.count
        let rows = try connection.query(
            "SELECT \(Self.jobColumns) \(Self.jobFrom) WHERE \(conditions) AND j.seq > ?\(n + 1) ORDER BY j.seq LIMIT ?\(n + 2)",
            values + [.integer(after), .integer(Int64(size + 1))]) { ($0.int64(0), Self.job($0)) }
        return Self.page(rows, size: size, total: total)
    }

    /// Every job in a pool (any status), oldest first.
    public func jobs(computePoolID: String) throws -> [Job] {
        try connection.query("SELECT \(Self.jobColumns) \(Self.jobFrom) WHERE j.compute_pool_id = ? ORDER BY j.seq",
                             [.text(computePoolID)], map: Self.job)
    }

    /// At most `limit` of the pool's PENDING jobs waiting for CFUs (`POOL_EXHAUSTED`) that come after `afterSeq` and need at most
    /// `maxParallelism` CFUs, oldest first, with their `seq` (the next page's `afterSeq`). Cost grows with
    /// `limit`, not with the number of jobs waiting (index `jobs_pool_waiting`).
    public func waitingJobs(computePoolID: String, maxParallelism: Int, afterSeq: Int64,
                            limit: Int) throws -> [(seq: Int64, job: Job)] {
        try connection.query("""
            SELECT \(Self.jobColumns) \(Self.jobFrom)
            WHERE j.compute_pool_id = ? AND j.scaling_status = 'POOL_EXHAUSTED' AND j.status = 'PENDING'
              AND j.seq > ? AND v.parallelism <= ? ORDER BY j.seq LIMIT ?
            """, [.text(computePoolID), .integer(afterSeq), .integer(Int64(maxParallelism)), .integer(Int64(limit))]) {
            ($0.int64(0), Self.job($0))
        }
    }

    /// Every job of an environment (any status), oldest first.
    public func allJobs(environmentID: String) throws -> [Job] {
        try connection.query("SELECT \(Self.jobColumns) \(Self.jobFrom) WHERE j.environment_id = ? ORDER BY j.seq",
                             [.text(environmentID)], map: Self.job)
    }

    /// Every job whose status is one of `statuses`, oldest first (for recovery after a restart).
    public func jobs(statuses: [JobStatus]) throws -> [Job] {
        guard !statuses.isEmpty else { return [] }
        let list = statuses.map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try connection.query("SELECT \(Self.jobColumns) \(Self.jobFrom) WHERE j.status IN (\(list)) ORDER BY j.seq", map: Self.job)
    }

    /// CFUs held by the jobs of a pool.
    public func heldCFU(computePoolID: String) throws -> Int {
        Int(try connection.scalarInt("SELECT coalesce(sum(held_cfu), 0) FROM jobs WHERE compute_pool_id = ? AND held_cfu > 0",
                                     [.text(computePoolID)]) ?? 0)
    }

    static func job(_ row: Statement) -> Job {
        let config = JobConfig(parallelism: row.int(15), checkpointIntervalMillis: row.int64(16),
                               checkpointMode: CheckpointMode(rawValue: row.string(17)) ?? .exactlyOnce,
                               computePoolID: row.string(18), labels: LabelCodec.decode(row.string(19)),
                               autoRollback: row.int(20) != 0, rollbackProbationMillis: row.optionalInt64(21))
        var job = Job(id: row.string(1), name: row.string(2), environmentID: row.string(3), organizationID: row.string(4),
                   currentVersion: row.int(5), sql: row.string(14), config: config,
                   status: JobStatus(rawValue: row.string(6)) ?? .failed,
                   scalingStatus: ScalingStatus(rawValue: row.string(7)) ?? .ok,
                   failureMessage: row.optionalString(8), heldCFU: row.int(9), createdBy: row.string(10),
                   createdAt: row.int64(11), updatedAt: row.int64(12), resourceVersion: row.int64(13))
        job.updatePhase = row.optionalString(22)
        job.latestOffsets = LabelCodec.decode(row.string(23))
        job.latestOffsetsAt = row.optionalInt64(24)
        job.stateRestore = row.optionalString(25).flatMap(JobVersion.StateRestore.Mode.init(rawValue:)).map { mode in
            JobVersion.StateRestore(mode: mode, reason: row.optionalString(26) ?? "", fromVersion: row.optionalInt64(27).map { Int($0) },
                                    path: row.optionalString(28))
        }
        job.switchGapMillis = row.optionalInt64(29)
        return job
    }
}

import Model
import SQLite

extension StoreTransaction {
    private static let versionColumns = """
        job_id, number, sql, parallelism, checkpoint_interval, checkpoint_mode, compute_pool_id, labels, created_at, \
        created_by, state, end_reason, ended_at, rolled_back_from, auto_rollback, rollback_probation, cause, \
        restore_from_version, state_restore, state_restore_reason, state_restore_from, state_restore_path, switch_gap_ms
        """

    /// Appends a version (the history is append-only; only state/end reason change later).
    public func insertJobVersion(_ version: JobVersion) throws {
        try connection.run("""
            INSERT INTO job_versions(\(Self.versionColumns)) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(version.jobID), .integer(Int64(version.number)), .text(version.sql),
                  .integer(Int64(version.config.parallelism)), .integer(version.config.checkpointIntervalMillis),
                  .text(version.config.checkpointMode.rawValue), .text(version.config.computePoolID),
                  .text(LabelCodec.encode(version.config.labels)), .integer(version.createdAt), .text(version.createdBy),
                  .text(version.state.rawValue), version.endReason.map(SQLValue.text) ?? .null,
                  version.endedAt.map(SQLValue.integer) ?? .null,
                  version.rolledBackFrom.map { SQLValue.integer(Int64($0)) } ?? .null,
                  .integer(version.config.autoRollback ? 1 : 0), version.config.rollbackProbationMillis.map(SQLValue.integer) ?? .null,
                  .text(version.cause.rawValue), version.restoreFromVersion.map { SQLValue.integer(Int64($0)) } ?? .null,
                  version.stateRestore.map { SQLValue.text($0.mode.rawValue) } ?? .null,
                  version.stateRestore.map { SQLValue.text($0.reason) } ?? .null,
                  version.stateRestore?.fromVersion.map { SQLValue.integer(Int64($0)) } ?? .null,
                  version.stateRestore?.path.map(SQLValue.text) ?? .null,
                  version.switchGapMillis.map(SQLValue.integer) ?? .null])
    }

    /// Records how a version's run restored state (set by the executor when it starts).
    public func setJobVersionRestore(jobID: String, number: Int, _ restore: JobVersion.StateRestore) throws {
        try connection.run("""
            UPDATE job_versions SET state_restore = ?, state_restore_reason = ?, state_restore_from = ?, state_restore_path = ?
            WHERE job_id = ? AND number = ?
            """, [.text(restore.mode.rawValue), .text(restore.reason), restore.fromVersion.map { SQLValue.integer(Int64($0)) } ?? .null,
                  restore.path.map(SQLValue.text) ?? .null, .text(jobID), .integer(Int64(number))])
    }

    /// Records the measured switch gap of a rolling update.
    public func setJobVersionSwitchGap(jobID: String, number: Int, millis: Int64) throws {
        try connection.run("UPDATE job_versions SET switch_gap_ms = ? WHERE job_id = ? AND number = ?",
                           [.integer(millis), .text(jobID), .integer(Int64(number))])
    }

    /// Ends a version: sets its state, why and when. With state ACTIVE (a failed version resumed) the end
    /// reason and time are cleared.
    public func endJobVersion(jobID: String, number: Int, state: JobVersion.State, reason: String?, at time: Int64) throws {
        let active = state == .active
        try connection.run("UPDATE job_versions SET state = ?, end_reason = ?, ended_at = ? WHERE job_id = ? AND number = ?",
                           [.text(state.rawValue), active ? .null : reason.map(SQLValue.text) ?? .null,
                            active ? .null : .integer(time), .text(jobID), .integer(Int64(number))])
    }

    public func jobVersion(jobID: String, number: Int) throws -> JobVersion? {
        try connection.queryOne("SELECT \(Self.versionColumns) FROM job_versions WHERE job_id = ? AND number = ?",
                                [.text(jobID), .integer(Int64(number))], map: Self.jobVersion)
    }

    /// Versions of a job, oldest first, paged.
    public func jobVersions(jobID: String, page: PageRequest) throws -> Page<JobVersion> {
        let after = try PageToken.decode(page.pageToken)
        let size = PageToken.clampedSize(page.pageSize)
        let rows = try connection.query("""
            SELECT \(Self.versionColumns) FROM job_versions WHERE job_id = ? AND number > ? ORDER BY number LIMIT ?
            """, [.text(jobID), .integer(after), .integer(Int64(size + 1))]) { (Int64($0.int(1)), Self.jobVersion($0)) }
        let total = try connection.scalarInt("SELECT count(*) FROM job_versions WHERE job_id = ?", [.text(jobID)]) ?? 0
        return Self.page(rows, size: size, total: total)
    }

    /// Every version of a job, oldest first.
    public func allJobVersions(jobID: String) throws -> [JobVersion] {
        try connection.query("SELECT \(Self.versionColumns) FROM job_versions WHERE job_id = ? ORDER BY number",
                             [.text(jobID)], map: Self.jobVersion)
    }

    /// The highest version number of a job (0 without versions).
    public func latestJobVersionNumber(jobID: String) throws -> Int {
        Int(try connection.scalarInt("SELECT max(number) FROM job_versions WHERE job_id = ?", [.text(jobID)]) ?? 0)
    }

    static func jobVersion(_ row: Statement) -> JobVersion {
        let config = JobConfig(parallelism: row.int(3), checkpointIntervalMillis: row.int64(4),
                               checkpointMode: CheckpointMode(rawValue: row.string(5)) ?? .exactlyOnce,
                               computePoolID: row.string(6), labels: LabelCodec.decode(row.string(7)),
                               autoRollback: row.int(14) != 0, rollbackProbationMillis: row.optionalInt64(15))
        let restore = row.optionalString(18).flatMap(JobVersion.StateRestore.Mode.init(rawValue:)).map { mode in
            JobVersion.StateRestore(mode: mode, reason: row.optionalString(19) ?? "", fromVersion: row.optionalInt64(20).map { Int($0) },
                                    path: row.optionalString(21))
        }
        return JobVersion(jobID: row.string(0), number: row.int(1), sql: row.string(2), config: config,
                          createdAt: row.int64(8), createdBy: row.string(9),
                          state: JobVersion.State(rawValue: row.string(10)) ?? .superseded,
                          endReason: row.optionalString(11), endedAt: row.optionalInt64(12),
                          rolledBackFrom: row.optionalInt64(13).map { Int($0) },
                          cause: row.optionalString(16).flatMap(JobVersion.Cause.init(rawValue:)),
                          restoreFromVersion: row.optionalInt64(17).map { Int($0) }, stateRestore: restore,
                          switchGapMillis: row.optionalInt64(22))
    }
}

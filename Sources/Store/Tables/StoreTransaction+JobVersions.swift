import Model
import SQLite

extension StoreTransaction {
    private static let versionColumns = """
        job_id, number, sql, parallelism, checkpoint_interval, checkpoint_mode, compute_pool_id, labels, created_at, \
        created_by, state, end_reason, ended_at, rolled_back_from
        """

    /// Appends a version (the history is append-only; only state/end reason change later).
    public func insertJobVersion(_ version: JobVersion) throws {
        try connection.run("""
            INSERT INTO job_versions(\(Self.versionColumns)) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(version.jobID), .integer(Int64(version.number)), .text(version.sql),
                  .integer(Int64(version.config.parallelism)), .integer(version.config.checkpointIntervalMillis),
                  .text(version.config.checkpointMode.rawValue), .text(version.config.computePoolID),
                  .text(LabelCodec.encode(version.config.labels)), .integer(version.createdAt), .text(version.createdBy),
                  .text(version.state.rawValue), version.endReason.map(SQLValue.text) ?? .null,
                  version.endedAt.map(SQLValue.integer) ?? .null,
                  version.rolledBackFrom.map { SQLValue.integer(Int64($0)) } ?? .null])
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
                               computePoolID: row.string(6), labels: LabelCodec.decode(row.string(7)))
        return JobVersion(jobID: row.string(0), number: row.int(1), sql: row.string(2), config: config,
                          createdAt: row.int64(8), createdBy: row.string(9),
                          state: JobVersion.State(rawValue: row.string(10)) ?? .superseded,
                          endReason: row.optionalString(11), endedAt: row.optionalInt64(12),
                          rolledBackFrom: row.optionalInt64(13).map { Int($0) })
    }
}

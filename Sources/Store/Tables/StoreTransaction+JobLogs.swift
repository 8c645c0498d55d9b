import Model
import SQLite

extension StoreTransaction {
    /// Appends a line to a job's log (keeping the newest `maxLogLinesPerJob`); returns its sequence number.
    @discardableResult
    public func appendJobLog(jobID: String, timestamp: Int64, level: String, message: String) throws -> Int64 {
        try appendJobLogs(jobID: jobID, timestamp: timestamp, [(level, message)])
    }

    /// Appends lines to a job's log in order (keeping the newest `maxLogLinesPerJob`); returns the last
    /// line's sequence number (the current last one when `lines` is empty).
    @discardableResult
    public func appendJobLogs(jobID: String, timestamp: Int64, _ lines: [(level: String, message: String)]) throws -> Int64 {
        var seq = try connection.scalarInt("SELECT max(seq) FROM job_logs WHERE job_id = ?", [.text(jobID)]) ?? 0
        guard !lines.isEmpty else { return seq }
        for line in lines {
            seq += 1
            try connection.run("INSERT INTO job_logs(job_id, seq, ts, level, message) VALUES(?,?,?,?,?)",
                               [.text(jobID), .integer(seq), .integer(timestamp), .text(line.level), .text(line.message)])
        }
        let oldestKept = seq - Int64(maxLogLinesPerJob)
        if oldestKept > 0 {
            try connection.run("DELETE FROM job_logs WHERE job_id = ? AND seq <= ?", [.text(jobID), .integer(oldestKept)])
        }
        return seq
    }

    /// Log lines of a job with sequence > `after`, timestamp ≥ `since` (epoch ms) and a level in `levels`
    /// (nil: any), oldest first, at most `limit`.
    public func jobLogs(jobID: String, after: Int64 = 0, since: Int64? = nil, levels: [String]? = nil,
                        limit: Int = 1000) throws -> [JobLogEntry] {
        var sql = "SELECT seq, ts, level, message FROM job_logs WHERE job_id = ? AND seq > ?"
        var args: [SQLValue] = [.text(jobID), .integer(after)]
        if let since {
            sql += " AND ts >= ?"
            args.append(.integer(since))
        }
        if let levels {
            sql += " AND level IN (" + levels.map { _ in "?" }.joined(separator: ",") + ")"
            args += levels.map { .text($0) }
        }
        sql += " ORDER BY seq LIMIT ?"
        args.append(.integer(Int64(limit)))
        return try connection.query(sql, args) { row in
            JobLogEntry(jobID: jobID, sequence: row.int64(0), timestamp: row.int64(1), level: row.string(2),
                        message: row.string(3))
        }
    }
}

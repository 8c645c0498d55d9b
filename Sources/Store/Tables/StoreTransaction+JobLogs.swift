import Model
import SQLite

extension StoreTransaction {
    /// Appends a log line to a job, dropping its oldest lines beyond the per-job bound. Returns its sequence.
    @discardableResult
    public func appendJobLog(jobID: String, timestamp: Int64, level: String, message: String) throws -> Int64 {
        let next = (try connection.scalarInt("SELECT max(seq) FROM job_logs WHERE job_id = ?", [.text(jobID)]) ?? 0) + 1
        try connection.run("INSERT INTO job_logs(job_id, seq, ts, level, message) VALUES(?,?,?,?,?)",
                           [.text(jobID), .integer(next), .integer(timestamp), .text(level), .text(message)])
        let oldestKept = next - Int64(maxLogLinesPerJob)
        if oldestKept > 0 {
            try connection.run("DELETE FROM job_logs WHERE job_id = ? AND seq <= ?", [.text(jobID), .integer(oldestKept)])
        }
        return next
    }

    /// Log lines of a job with sequence > `after`, oldest first, at most `limit`.
    public func jobLogs(jobID: String, after: Int64 = 0, limit: Int = 1000) throws -> [JobLogEntry] {
        try connection.query("SELECT seq, ts, level, message FROM job_logs WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                             [.text(jobID), .integer(after), .integer(Int64(limit))]) { row in
            JobLogEntry(jobID: jobID, sequence: row.int64(0), timestamp: row.int64(1), level: row.string(2),
                        message: row.string(3))
        }
    }
}

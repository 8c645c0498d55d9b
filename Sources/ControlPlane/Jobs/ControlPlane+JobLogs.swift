import Model
import Store

extension ControlPlane {
    /// Appends a line to a job's log (bounded per job); ignored when the job no longer exists.
    public func appendJobLog(jobID: String, level: String = "INFO", message: String) throws(APIError) {
        try mutate { tx, _ in
            guard try tx.job(id: jobID) != nil else { return }
            try tx.appendJobLog(jobID: jobID, timestamp: now(), level: level, message: message)
        }
    }

    /// `confluent flink job logs <job>`: lines after sequence `after`, oldest first.
    public func jobLogs(environmentID: String, idOrName: String, after: Int64 = 0,
                        limit: Int = 1000) throws(APIError) -> [JobLogEntry] {
        try query { tx in
            let job = try Self.resolveJob(tx, environmentID: environmentID, idOrName: idOrName)
            return try tx.jobLogs(jobID: job.id, after: after, limit: max(1, min(limit, 10_000)))
        }
    }
}

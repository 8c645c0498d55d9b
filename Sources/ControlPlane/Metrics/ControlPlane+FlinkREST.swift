import Model
import Store

extension ControlPlane {
    /// The job (with its current metrics) whose Flink id is `flinkID`, in any environment.
    public func flinkJob(flinkID: String) throws(APIError) -> JobMetrics {
        let id = flinkID.lowercased()
        let jobs = try query { tx in try tx.jobs(statuses: JobStatus.allCases) }
        guard let job = jobs.first(where: { FlinkIDs.job($0.id) == id }) else {
            throw APIError(status: 404, code: "not_found", title: "Not Found", detail: "Job \(flinkID) not found")
        }
        return metrics(of: job, since: nil)
    }

    /// The job's exceptions, most recent first: its ERROR log lines (failures, restarts' causes).
    public func jobExceptions(jobID: String, limit: Int) throws(APIError) -> [JobLogEntry] {
        try query { tx in
            Array(try tx.jobLogs(jobID: jobID, levels: ["ERROR"], limit: 10_000).suffix(max(1, limit)).reversed())
        }
    }
}

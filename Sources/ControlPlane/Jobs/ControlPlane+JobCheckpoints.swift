import Model

/// Checkpoints and savepoints of a job (Flink's `/jobs/{jid}/checkpoints…` and `/savepoints` resources).
extension ControlPlane {
    public func jobCheckpoints(environmentID: String, idOrName: String) throws(APIError) -> JobCheckpointStats {
        let job = try job(environmentID: environmentID, idOrName: idOrName)
        return executor.checkpoints(job: job) ?? JobCheckpointStats()
    }

    public func jobCheckpointConfig(environmentID: String, idOrName: String) throws(APIError) -> JobCheckpointConfig {
        let job = try job(environmentID: environmentID, idOrName: idOrName)
        if let c = executor.checkpointConfig(job: job) { return c }
        return JobCheckpointConfig(mode: job.config.checkpointMode == .atLeastOnce ? "at_least_once" : "exactly_once",
                                   interval: job.config.checkpointIntervalMillis, timeout: 600_000, minPause: 0, maxConcurrent: 1,
                                   retained: 3, checkpointStorage: "filesystem", restartStrategy: "exponential-delay")
    }

    /// Triggers a savepoint of a running job (202 + request id at the API).
    public func triggerJobSavepoint(environmentID: String, idOrName: String) throws(APIError) -> SavepointOperation {
        let job = try job(environmentID: environmentID, idOrName: idOrName)
        return try executor.triggerSavepoint(job: job)
    }

    public func jobSavepoints(environmentID: String, idOrName: String) throws(APIError) -> [SavepointOperation] {
        let job = try job(environmentID: environmentID, idOrName: idOrName)
        return executor.savepoints(job: job)
    }

    public func jobSavepoint(environmentID: String, idOrName: String, requestID: String) throws(APIError) -> SavepointOperation {
        let job = try job(environmentID: environmentID, idOrName: idOrName)
        guard let op = executor.savepoints(job: job).first(where: { $0.requestID == requestID }) else {
            throw APIError(status: 404, code: "not_found", title: "Not Found",
                           detail: "Savepoint operation \(requestID) of job \(job.name) was not found.")
        }
        return op
    }
}

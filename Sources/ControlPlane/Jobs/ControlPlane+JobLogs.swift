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

    /// Appends several lines to a job's log in one transaction (the runtime's buffered output).
    public func appendJobLogs(jobID: String, _ lines: [(level: String, message: String)]) throws(APIError) {
        try appendJobLogs([(jobID, lines)])
    }

    /// Appends lines to several jobs' logs in one transaction; jobs that no longer exist are skipped.
    public func appendJobLogs(_ batch: [(jobID: String, lines: [(level: String, message: String)])]) throws(APIError) {
        guard batch.contains(where: { !$0.lines.isEmpty }) else { return }
        try mutate { tx, _ in
            let now = now()
            for (jobID, lines) in batch where !lines.isEmpty {
                guard try tx.job(id: jobID) != nil else { continue }
                try appendLines(tx, jobID: jobID, lines, at: now)
            }
        }
    }

    func appendLines(_ tx: StoreTransaction, jobID: String, _ lines: [(level: String, message: String)], at now: Int64) throws {
        try tx.appendJobLogs(jobID: jobID, timestamp: now, lines)
    }

    /// `confluent flink job logs <job>`: lines after sequence `after`, at or after `since` (epoch ms), at
    /// `minimumLevel` or above (`DEBUG` < `INFO` < `WARN` < `ERROR`), oldest first.
    public func jobLogs(environmentID: String, idOrName: String, after: Int64 = 0, since: Int64? = nil,
                        minimumLevel: String? = nil, limit: Int = 1000) throws(APIError) -> [JobLogEntry] {
        var levels: [String]?
        if let minimumLevel, !minimumLevel.isEmpty {
            let order = ["DEBUG", "INFO", "WARN", "ERROR"]
            guard let i = order.firstIndex(of: minimumLevel.uppercased() == "WARNING" ? "WARN" : minimumLevel.uppercased()) else {
                throw APIError.badParameter("Unknown level '\(minimumLevel)'; expected one of DEBUG, INFO, WARN, ERROR",
                                            parameter: "level")
            }
            levels = Array(order[i...])
        }
        return try query { tx in
            let job = try Self.resolveJob(tx, environmentID: environmentID, idOrName: idOrName)
            return try tx.jobLogs(jobID: job.id, after: after, since: since, levels: levels, limit: max(1, min(limit, 10_000)))
        }
    }
}

extension ControlPlane {
    /// Writes a lifecycle line to the job's log inside the current transaction.
    func lifecycleLog(_ tx: StoreTransaction, _ job: Job, _ message: String, level: String = "INFO") throws {
        try tx.appendJobLog(jobID: job.id, timestamp: now(), level: level, message: message)
    }

    /// The lifecycle line for a job's admission outcome.
    func logPlacement(_ tx: StoreTransaction, _ job: Job) throws {
        let pool = job.scalingStatus == .poolExhausted ? try tx.computePool(id: job.computePoolID) : nil
        guard let line = Self.placementLine(job, pool: pool) else { return }
        try lifecycleLog(tx, job, line.message, level: line.level)
    }

    /// The admission line for `job`; `pool` as read before the job was placed (for the free CFUs a
    /// waiting job did not fit in).
    static func placementLine(_ job: Job, pool: ComputePool?) -> (level: String, message: String)? {
        if job.scalingStatus == .poolExhausted {
            let free = pool.map { $0.maxCFU - $0.currentCFU } ?? 0
            return ("WARN", "Waiting for CFUs (POOL_EXHAUSTED): needs \(job.parallelism), compute pool "
                        + "\(job.computePoolID) has \(free) of \(pool?.maxCFU ?? 0) free.")
        }
        if job.heldCFU > 0 { return ("INFO", "Admitted to compute pool \(job.computePoolID) with \(job.heldCFU) CFU(s).") }
        return nil
    }
}

import Model

extension ControlPlane {
    /// `POST …/jobs/validate`: the dry run of a job create. Request problems (no SQL, parallelism below 1
    /// or above the pool's CFUs, unknown environment or pool) throw as create does; SQL problems are
    /// reported (`valid == false`) with line and column. Nothing is stored, started or created.
    public func validateJob(environmentID: String, _ request: ValidateJobRequest) throws(APIError) -> SQLValidationReport {
        let sql = try JobValidation.validateSQL(request.sql)
        let parallelism = request.parallelism ?? JobConfig.defaultParallelism
        try JobValidation.validateParallelism(parallelism)
        let requestedPool = request.computePoolID.flatMap { $0.isEmpty ? nil : $0 }
        let pool = try query { tx in
            _ = try Self.requireEnvironment(tx, environmentID)
            return try resolvePool(tx, requestedPool, environmentID: environmentID)
        }
        try JobValidation.validateFits(parallelism: parallelism, pool: pool)
        let config = JobConfig(parallelism: parallelism, checkpointIntervalMillis: JobConfig.defaultCheckpointIntervalMillis,
                               checkpointMode: JobConfig.defaultCheckpointMode, computePoolID: pool.id)
        return validator.report(sql: sql, environmentID: environmentID, config: config)
    }
}

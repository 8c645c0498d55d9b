import Model

/// The job validation rules (the seed's common mistakes), each an `APIError` with its code and pointer.
enum JobValidation {
    static let maxNameLength = 100
    static let maxSQLBytes = 128 * 1024
    static let maxLabels = 64

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 100 characters.
    static func validateName(_ name: String?) throws(APIError) -> String {
        guard let name, !name.isEmpty else {
            throw APIError.badRequest("The job name is required.", code: "missing_field", pointer: "/name")
        }
        let bytes = Array(name.utf8)
        guard bytes.count <= maxNameLength else {
            throw APIError.badRequest("The job name is \(bytes.count) characters long; the maximum is \(maxNameLength).",
                                      code: "invalid_name", pointer: "/name")
        }
        func isAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        let valid = isAlnum(bytes.first!) && isAlnum(bytes.last!) && bytes.allSatisfy { isAlnum($0) || $0 == 0x2D }
        guard valid else {
            throw APIError.badRequest("The job name '\(name)' is invalid: use lower-case letters, digits and '-', "
                                          + "starting and ending with a letter or digit.",
                                      code: "invalid_name", pointer: "/name",
                                      resolution: "Rename the job to match [a-z0-9]([-a-z0-9]*[a-z0-9])?.")
        }
        return name
    }

    static func validateSQL(_ sql: String?) throws(APIError) -> String {
        guard let sql, !sql.allSatisfy(\.isWhitespace) else {
            throw APIError.badRequest("The job SQL is empty.", code: "invalid_sql", pointer: "/sql")
        }
        let size = sql.utf8.count
        guard size <= maxSQLBytes else {
            throw APIError.badRequest("The job SQL is \(size) bytes; the maximum is \(maxSQLBytes) (128 KiB).",
                                      code: "sql_too_large", pointer: "/sql")
        }
        return sql
    }

    static func validateParallelism(_ parallelism: Int) throws(APIError) {
        guard parallelism >= 1 else {
            throw APIError.badRequest("parallelism must be at least 1 (got \(parallelism)).",
                                      code: "invalid_parallelism", pointer: "/parallelism")
        }
    }

    /// Parallelism above the pool's size can never run: 400 `parallelism_exceeds_cfu`.
    static func validateFits(parallelism: Int, pool: ComputePool) throws(APIError) {
        guard parallelism <= pool.maxCFU else {
            throw APIError.badRequest(
                "parallelism \(parallelism) exceeds the \(pool.maxCFU) CFUs of compute pool '\(pool.id)' (\(pool.displayName)); "
                    + "1 CFU runs 1 parallel subtask.",
                code: "parallelism_exceeds_cfu", pointer: "/parallelism",
                resolution: "Lower parallelism to at most \(pool.maxCFU), or raise the pool's max_cfu.")
        }
    }

    static func validateCheckpointInterval(_ interval: Int64) throws(APIError) {
        guard interval >= JobConfig.minCheckpointIntervalMillis else {
            throw APIError.badRequest("checkpoint_interval must be at least \(JobConfig.minCheckpointIntervalMillis) ms (got \(interval)).",
                                      code: "invalid_checkpoint_interval", pointer: "/checkpoint_interval")
        }
    }

    static func validateRollbackProbation(_ millis: Int64) throws(APIError) {
        guard millis >= 0 && millis <= 86_400_000 else {
            throw APIError.badRequest("rollback_probation must be between 0 and 86400000 ms (got \(millis)).",
                                      code: "invalid_rollback_probation", pointer: "/rollback_probation")
        }
    }

    static func parseCheckpointMode(_ mode: String) throws(APIError) -> CheckpointMode {
        guard let parsed = CheckpointMode(rawValue: mode) else {
            throw APIError.badRequest("checkpoint_mode '\(mode)' is unknown; use EXACTLY_ONCE or AT_LEAST_ONCE.",
                                      code: "invalid_checkpoint_mode", pointer: "/checkpoint_mode")
        }
        return parsed
    }

    static func validateLabels(_ labels: [String: String]) throws(APIError) {
        guard labels.count <= maxLabels else {
            throw APIError.badRequest("At most \(maxLabels) labels are allowed (got \(labels.count)).",
                                      code: "invalid_labels", pointer: "/labels")
        }
        for (key, value) in labels {
            guard !key.isEmpty, key.utf8.count <= 253, !key.contains("=") else {
                throw APIError.badRequest("Label key '\(key.prefix(80))' is invalid (1–253 characters, no '=').",
                                          code: "invalid_labels", pointer: "/labels")
            }
            guard value.utf8.count <= 1024 else {
                throw APIError.badRequest("The value of label '\(key)' is longer than 1024 bytes.",
                                          code: "invalid_labels", pointer: "/labels/\(key)")
            }
        }
    }
}

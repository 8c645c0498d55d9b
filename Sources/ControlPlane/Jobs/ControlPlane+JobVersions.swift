import Model
import Store

extension ControlPlane {
    /// `GET …/jobs/{job}/versions`, oldest first.
    public func jobVersions(environmentID: String, idOrName: String,
                            page: PageRequest = PageRequest()) throws(APIError) -> Page<JobVersion> {
        try query { tx in
            let job = try Self.resolveJob(tx, environmentID: environmentID, idOrName: idOrName)
            return try tx.jobVersions(jobID: job.id, page: page)
        }
    }

    /// `GET …/jobs/{job}/versions/{n}`; 404 for an unknown version.
    public func jobVersion(environmentID: String, idOrName: String, number: Int) throws(APIError) -> JobVersion {
        try query { tx in
            let job = try Self.resolveJob(tx, environmentID: environmentID, idOrName: idOrName)
            return try Self.requireVersion(tx, job: job, number: number, parameter: "version")
        }
    }

    /// `POST …/jobs/{job}/rollback {"version": n}`: appends a new version equal to version n's spec (SQL and
    /// config); the current version becomes ROLLED_BACK. Rolling back to the current version → 409.
    public func rollbackJob(environmentID: String, idOrName: String, toVersion number: Int,
                            resourceVersion: String? = nil, by principal: Principal = .system) throws(APIError) -> Job {
        let (job, target) = try query { tx -> (Job, JobVersion) in
            let job = try Self.resolveJob(tx, environmentID: environmentID, idOrName: idOrName)
            return (job, try Self.requireVersion(tx, job: job, number: number, pointer: "/version"))
        }
        try Self.checkResourceVersion(resourceVersion, current: job.resourceVersion)
        try validator.validate(sql: target.sql, environmentID: environmentID, config: target.config)
        let expected = expectedRestore(job, toSQL: target.sql, toConfig: target.config)
        return try mutate { tx, effects in
            let job = try Self.resolveJob(tx, environmentID: environmentID, idOrName: job.id)
            try Self.checkResourceVersion(resourceVersion, current: job.resourceVersion)
            guard number != job.currentVersion else {
                throw APIError.conflict("Version \(number) is already the current version of job '\(job.name)'.",
                                        code: "already_current_version")
            }
            return try appendVersion(tx, job: job, sql: target.sql, config: target.config, principal: principal,
                                     previousState: .rolledBack, rolledBackFrom: number, expectedRestore: expected, effects: &effects)
        }
    }

    /// `GET …/jobs/{job}/versions/compare?from=a&to=b`: unified diff of the SQL and the changed config keys.
    public func compareJobVersions(environmentID: String, idOrName: String, from: Int,
                                   to: Int) throws(APIError) -> JobVersionComparison {
        let (a, b) = try query { tx -> (JobVersion, JobVersion) in
            let job = try Self.resolveJob(tx, environmentID: environmentID, idOrName: idOrName)
            return (try Self.requireVersion(tx, job: job, number: from, parameter: "from"),
                    try Self.requireVersion(tx, job: job, number: to, parameter: "to"))
        }
        let diff = LineDiff.unified(from: a.sql, to: b.sql, fromLabel: "version \(from)", toLabel: "version \(to)")
        let compatibility = stateCompatibility(environmentID: environmentID, fromSQL: a.sql, fromConfig: a.config,
                                               toSQL: b.sql, toConfig: b.config)
        return JobVersionComparison(jobID: a.jobID, fromVersion: from, toVersion: to, sqlDiff: diff,
                                    configChanges: Self.configChanges(a.config, b.config),
                                    stateCompatible: compatibility?.compatible,
                                    stateCompatibilityReason: compatibility?.reason ?? "A version's SQL does not plan; compatibility unknown.")
    }

    static func configChanges(_ a: JobConfig, _ b: JobConfig) -> [JobVersionComparison.ConfigChange] {
        let old = a.flattened, new = b.flattened
        let oldMap = Dictionary(old.map { ($0.key, $0.value) }, uniquingKeysWith: { x, _ in x })
        let newMap = Dictionary(new.map { ($0.key, $0.value) }, uniquingKeysWith: { x, _ in x })
        var keys = old.map(\.key)
        keys += new.map(\.key).filter { oldMap[$0] == nil }
        return keys.compactMap { key in
            oldMap[key] == newMap[key] ? nil : JobVersionComparison.ConfigChange(key: key, from: oldMap[key], to: newMap[key])
        }
    }

    static func requireVersion(_ tx: StoreTransaction, job: Job, number: Int, parameter: String? = nil,
                               pointer: String? = nil) throws -> JobVersion {
        guard let version = try tx.jobVersion(jobID: job.id, number: number) else {
            throw APIError(status: 404, code: "not_found", title: "Not Found",
                           detail: "Job '\(job.name)' has no version \(number) (versions 1–\(job.currentVersion) exist).",
                           source: pointer.map(APIError.Source.pointer) ?? parameter.map(APIError.Source.parameter))
        }
        return version
    }
}

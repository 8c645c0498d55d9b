import Model
import Store

/// CMF statements. A statement is a FlinkCloud job named after it (`.` → `-`) in the FlinkCloud pool of its
/// CMF compute pool: `spec.parallelism` is the job's parallelism, `spec.flinkConfiguration` (over the
/// environment's `statementDefaults.detached.flinkConfiguration`) gives its checkpoint settings, and
/// `spec.stopped` stops/resumes it. Its phase is the job's status. SQL the validator rejects is stored as a
/// FAILED statement with the error as `status.detail`, as CMF does.
extension ControlPlane {
    /// `POST …/statements`; 409 when the name exists.
    public func createCMFStatement(environment envName: String, _ document: JSONObject,
                                   by principal: Principal = .system) throws(APIError) -> CMFStatement {
        let name = try CMFNames.validate(CMFDocument.name(document) ?? "stmt-" + String(ids.uuid().prefix(13)), what: "Statement")
        guard case .object(let spec)? = document["spec"] else {
            throw APIError.badRequest("spec: must not be null", code: "missing_field", pointer: "/spec")
        }
        guard let sql = spec["statement"]?.stringValue, !sql.allSatisfy(\.isWhitespace) else {
            throw APIError.badRequest("spec.statement: must not be blank", code: "missing_field", pointer: "/spec/statement")
        }
        guard let poolName = spec["computePoolName"]?.stringValue, !poolName.isEmpty else {
            throw APIError.badRequest("spec.computePoolName: must not be blank", code: "missing_field",
                                      pointer: "/spec/computePoolName")
        }
        let parallelism = try Self.statementParallelism(spec)
        let stopped = spec["stopped"]?.boolValue ?? false
        let metadata = CMFDocument.userMetadata(CMFDocument.object(document, "metadata"))
        return try withCMFLock { () throws(APIError) -> CMFStatement in
            let (env, pool) = try query { tx in
                let env = try Self.requireCMFEnvironment(tx, envName)
                if try tx.cmfResource(kind: .statement, scope: envName, name: name) != nil {
                    throw APIError.alreadyExists("Statement '\(name)' already exists in environment '\(envName)'.")
                }
                return (env, try Self.requireCMFResource(tx, .computePool, scope: envName, name: poolName))
            }
            let conf = CMFDocument.merge(Self.statementDefaults(env), CMFDocument.object(spec, "flinkConfiguration"))
            let (interval, mode) = try Self.checkpointSettings(conf, pointer: "/spec/flinkConfiguration")
            var job: Job?
            var failure: String?
            do throws(APIError) {
                job = try createJob(environmentID: env.environmentID,
                                    CreateJobRequest(name: CMFNames.jobName(name), sql: sql, parallelism: parallelism,
                                                     checkpointInterval: interval, checkpointMode: mode.rawValue,
                                                     computePoolID: pool.ref, stopped: stopped), by: principal)
            } catch {
                guard error.status == 400, error.source == .pointer("/sql") else { throw error }
                failure = error.detail
            }
            do throws(APIError) {
                try mutate { tx, _ in
                    let now = now()
                    var status = JSONObject()
                    if let failure { status["detail"] = .string(failure) }
                    try tx.insertCMFResource(CMFResource(kind: .statement, scope: envName, name: name, uid: ids.uuid(),
                                                         environmentID: env.environmentID, jobID: job?.id, ref: poolName,
                                                         metadata: metadata, spec: spec, status: status,
                                                         createdAt: now, updatedAt: now))
                }
            } catch {
                if let job { try? deleteJob(environmentID: env.environmentID, idOrName: job.id) }
                throw error
            }
            return try cmfStatement(environment: envName, name: name)
        }
    }

    /// `GET …/statements/{name}`.
    public func cmfStatement(environment envName: String, name: String) throws(APIError) -> CMFStatement {
        try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            return try Self.statementView(tx, try Self.requireCMFResource(tx, .statement, scope: envName, name: name))
        }
    }

    /// `GET …/statements?compute-pool=&phase=`, oldest first; `phase` is case-insensitive.
    public func cmfStatements(environment envName: String, computePool: String? = nil, phase: String? = nil,
                              page: CMFPageRequest) throws(APIError) -> CMFPage<CMFStatement> {
        let wanted = phase.flatMap { $0.isEmpty ? nil : $0.uppercased() }
        if let wanted, !CMFJobStates.phases.contains(wanted) {
            throw APIError.badParameter("phase: must be one of pending, running, completed, deleting, failing, failed, stopped",
                                        parameter: "phase")
        }
        return try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            let pool = computePool.flatMap { $0.isEmpty ? nil : $0 }
            guard wanted != nil else {
                return try tx.cmfResources(kind: .statement, scope: envName, ref: pool, page: page)
                    .map { try Self.statementView(tx, $0) }
            }
            let all = try tx.allCMFResources(kind: .statement, scope: envName)
                .filter { pool == nil || $0.ref == pool }
                .map { try Self.statementView(tx, $0) }
                .filter { $0.phase == wanted }
            return CMFPage(items: Array(all.dropFirst(page.offset).prefix(page.size)), request: page, total: all.count)
        }
    }

    /// `PUT …/statements/{name}`: applies `spec.stopped` (stop/resume) and `spec.parallelism` (rescale: a new
    /// job version). The statement text and compute pool cannot change.
    public func updateCMFStatement(environment envName: String, name: String, _ document: JSONObject,
                                   by principal: Principal = .system) throws(APIError) {
        guard case .object(let spec)? = document["spec"] else {
            throw APIError.badRequest("spec: must not be null", code: "missing_field", pointer: "/spec")
        }
        if let bodyName = CMFDocument.name(document), bodyName != name {
            throw APIError.badRequest("metadata.name '\(bodyName)' does not match the statement '\(name)'", pointer: "/metadata/name")
        }
        try withCMFLock { () throws(APIError) in
            let (env, stored) = try query { tx in
                (try Self.requireCMFEnvironment(tx, envName), try Self.requireCMFResource(tx, .statement, scope: envName, name: name))
            }
            if let sql = spec["statement"]?.stringValue, sql != stored.spec["statement"]?.stringValue {
                throw APIError(status: 422, code: "unprocessable", title: "Unprocessable Entity",
                               detail: "spec.statement of statement '\(name)' cannot be changed; create a new statement.")
            }
            if let pool = spec["computePoolName"]?.stringValue, pool != stored.ref {
                throw APIError(status: 422, code: "unprocessable", title: "Unprocessable Entity",
                               detail: "spec.computePoolName of statement '\(name)' cannot be changed.")
            }
            let parallelism = try Self.statementParallelism(spec)
            let stopped = spec["stopped"]?.boolValue ?? false
            if let jobID = stored.jobID {
                var job = try self.job(environmentID: env.environmentID, idOrName: jobID)
                if job.parallelism != parallelism {
                    job = try updateJob(environmentID: env.environmentID, idOrName: jobID,
                                        UpdateJobRequest(parallelism: parallelism), by: principal)
                }
                if stopped && JobStateMachine.isActive(job.status) {
                    _ = try stopJob(environmentID: env.environmentID, idOrName: jobID)
                } else if !stopped && JobStateMachine.isResumable(job.status) {
                    _ = try resumeJob(environmentID: env.environmentID, idOrName: jobID)
                }
            }
            try mutate { tx, _ in
                var resource = stored
                var merged = stored.spec
                for (key, value) in spec.members where key != "statement" && key != "computePoolName" { merged[key] = value }
                resource.spec = merged
                if case .object(let m)? = document["metadata"] { resource.metadata = CMFDocument.userMetadata(m) }
                resource.updatedAt = now()
                try tx.updateCMFResource(resource)
            }
        }
    }

    /// `DELETE …/statements/{name}`: deletes its job and savepoints.
    public func deleteCMFStatement(environment envName: String, name: String) throws(APIError) {
        try withCMFLock { () throws(APIError) in
            let (env, stored) = try query { tx in
                (try Self.requireCMFEnvironment(tx, envName), try Self.requireCMFResource(tx, .statement, scope: envName, name: name))
            }
            if let jobID = stored.jobID {
                do throws(APIError) {
                    try deleteJob(environmentID: env.environmentID, idOrName: jobID)
                } catch {
                    if error.status != 404 { throw error }
                }
            }
            try mutate { tx, _ in
                try tx.deleteCMFResources(kind: .savepoint, scopePrefix: Self.savepointScope(envName, .statement, name))
                try tx.deleteCMFResource(uid: stored.uid)
            }
        }
    }

    /// `GET …/statements/{name}/exceptions`: at most 10, newest first (the job's failure and error log lines).
    public func cmfStatementExceptions(environment envName: String, name: String) throws(APIError) -> [CMFStatementException] {
        try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            let stored = try Self.requireCMFResource(tx, .statement, scope: envName, name: name)
            var out: [CMFStatementException] = []
            if let detail = stored.status["detail"]?.stringValue {
                out.append(CMFStatementException(name: "ValidationException", message: detail, timestamp: stored.createdAt))
            }
            if let jobID = stored.jobID, let job = try tx.job(id: jobID) {
                let errors = try tx.jobErrors(jobID: jobID, limit: 10)
                if let failure = job.failureMessage, !errors.contains(where: { $0.message.contains(failure) }) {
                    out.append(CMFStatementException(name: "JobFailure", message: failure, timestamp: job.updatedAt))
                }
                out += errors.map { CMFStatementException(name: "JobException", message: $0.message, timestamp: $0.timestamp) }
            }
            return Array(out.sorted { $0.timestamp > $1.timestamp }.prefix(10))
        }
    }

    /// `GET …/statements/{name}/results?page-token=`: 400 for a statement without results (not a SELECT),
    /// 410 once its job is gone. FlinkCloud has no result stream for jobs yet, so a SELECT's pages are empty:
    /// the token is `""` while the statement may still produce rows.
    public func cmfStatementResults(environment envName: String, name: String,
                                    pageToken: String?) throws(APIError) -> CMFStatementResults {
        let statement = try cmfStatement(environment: envName, name: name)
        guard statement.sqlKind == "SELECT" else {
            throw APIError.badRequest("Statement '\(name)' is a \(statement.sqlKind) statement; it has no results.")
        }
        guard statement.job != nil || statement.phase == "FAILED" else {
            throw APIError(status: 410, code: "gone", title: "Gone", detail: "The results of statement '\(name)' are gone.")
        }
        return CMFStatementResults(rows: [], nextPageToken: "")
    }

    // MARK: helpers

    static func statementView(_ tx: StoreTransaction, _ resource: CMFResource) throws -> CMFStatement {
        let job = try resource.jobID.flatMap { try tx.job(id: $0) }
        let sql = resource.spec["statement"]?.stringValue ?? ""
        let kind = CMFJobStates.sqlKind(sql)
        if let job {
            let detail = job.failureMessage ?? (job.scalingStatus == .poolExhausted
                ? "Waiting for compute: the compute pool has not enough free CFUs." : "")
            return CMFStatement(resource: resource, job: job, phase: CMFJobStates.phase(job.status), detail: detail, sqlKind: kind)
        }
        if let detail = resource.status["detail"]?.stringValue {
            return CMFStatement(resource: resource, job: nil, phase: "FAILED", detail: detail, sqlKind: kind)
        }
        return CMFStatement(resource: resource, job: nil, phase: "FAILED",
                            detail: "The FlinkCloud job that ran this statement was deleted.", sqlKind: kind)
    }

    static func statementParallelism(_ spec: JSONObject) throws(APIError) -> Int {
        switch spec["parallelism"] {
        case nil, .null?: return JobConfig.defaultParallelism
        case let v?:
            guard let p = v.intValue, p >= 1, p <= Int64(maxPoolCFU) else {
                throw APIError.badRequest("spec.parallelism must be an integer between 1 and \(maxPoolCFU)",
                                          pointer: "/spec/parallelism")
            }
            return Int(p)
        }
    }

    static func statementDefaults(_ env: CMFEnvironment) -> JSONObject {
        guard let defaults = env.statementDefaults?.objectValue else { return JSONObject() }
        return CMFDocument.object(CMFDocument.object(defaults, "detached"), "flinkConfiguration")
    }

    /// `execution.checkpointing.interval` / `.mode` of a Flink configuration (defaults: FlinkCloud's).
    static func checkpointSettings(_ conf: JSONObject, pointer: String) throws(APIError) -> (Int64, CheckpointMode) {
        let plan = try CMFApplicationPlan.plan(spec: JSONObject([("flinkConfiguration", .object(conf)),
                                                                 ("job", .object(JSONObject([("args", .array([]))])))]),
                                               annotations: JSONObject(), readFile: { _ in nil })
        return (plan.checkpointIntervalMillis, plan.checkpointMode)
    }
}

import Model
import Store

/// CMF statements are FlinkCloud statements (the sql/v1 Statements API's): a CMF statement named N in CMF
/// environment E is the statement N of E's FlinkCloud environment, visible through both APIs. DDL and SHOW
/// run at once against the environment's persisted catalog, a SELECT runs with results, an INSERT runs as
/// a job in the FlinkCloud pool of the CMF compute pool. `spec.parallelism` and the checkpoint settings of
/// `spec.flinkConfiguration` (over the environment's `statementDefaults.detached.flinkConfiguration`)
/// become the statement's `parallelism.default`, `execution.checkpointing.interval` and
/// `execution.checkpointing.mode` properties, which the INSERT's job runs with; `spec.stopped` stops and
/// resumes it and a new `spec.parallelism` rescales its job (a new job version). A `sql.current-catalog`
/// naming a CMF Kafka catalog means the environment's catalog (FlinkCloud has one catalog per
/// environment, named after it). The CMF document itself (metadata, spec as given) is kept alongside.
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
        var properties: [String: String] = [:]
        if case .object(let p)? = spec["properties"] {
            for (k, v) in p.members {
                guard let s = v.stringValue else {
                    throw APIError.badRequest("spec.properties.\(k): must be a string", pointer: "/spec/properties/\(k)")
                }
                properties[k] = s
            }
        }
        return try withCMFLock { () throws(APIError) -> CMFStatement in
            let (env, pool) = try query { tx in
                let env = try Self.requireCMFEnvironment(tx, envName)
                if try tx.cmfResource(kind: .statement, scope: envName, name: name) != nil
                    || tx.statement(environmentID: env.environmentID, name: name) != nil {
                    throw APIError.alreadyExists("Statement '\(name)' already exists in environment '\(envName)'.")
                }
                return (env, try Self.requireCMFResource(tx, .computePool, scope: envName, name: poolName))
            }
            // A CMF Kafka catalog (and its databases) stands for the environment's own catalog here.
            if let catalog = properties["sql.current-catalog"],
               try query({ tx in try tx.cmfResource(kind: .kafkaCatalog, scope: "", name: catalog) }) != nil {
                properties["sql.current-catalog"] = nil
                properties["sql.current-database"] = nil
            }
            let conf = CMFDocument.merge(Self.statementDefaults(env), CMFDocument.object(spec, "flinkConfiguration"))
            let (interval, mode) = try Self.checkpointSettings(conf)
            properties["parallelism.default"] = String(parallelism)
            properties["execution.checkpointing.interval"] = String(interval)
            properties["execution.checkpointing.mode"] = mode.rawValue
            _ = try createStatement(environmentID: env.environmentID,
                                    CreateStatementRequest(name: name, sql: sql, properties: properties,
                                                           computePoolID: pool.ref, stopped: stopped), by: principal)
            do throws(APIError) {
                try mutate { tx, _ in
                    let now = now()
                    try tx.insertCMFResource(CMFResource(kind: .statement, scope: envName, name: name, uid: ids.uuid(),
                                                         environmentID: env.environmentID, ref: poolName,
                                                         metadata: metadata, spec: spec, createdAt: now, updatedAt: now))
                }
            } catch {
                try? deleteStatement(environmentID: env.environmentID, name: name)
                throw error
            }
            return try cmfStatement(environment: envName, name: name)
        }
    }

    /// `GET …/statements/{name}`; a completed DDL or SHOW statement carries its rows.
    public func cmfStatement(environment envName: String, name: String) throws(APIError) -> CMFStatement {
        let (env, resource) = try query { tx in
            (try Self.requireCMFEnvironment(tx, envName), try Self.requireCMFResource(tx, .statement, scope: envName, name: name))
        }
        let statement: FlinkStatement
        do throws(APIError) {
            statement = try self.statement(environmentID: env.environmentID, name: name)
        } catch {
            guard error.status == 404 else { throw error }
            throw APIError.notFound("Statement '\(name)' not found (it was deleted through the Statements API).")
        }
        var view = try query { tx in try Self.statementView(tx, resource, statement) }
        if statement.phase == .completed, view.sqlKind != "SELECT", view.sqlKind != "INSERT_INTO", statement.jobID == nil {
            view.result = try statementResults(environmentID: env.environmentID, name: name, pageToken: nil)
        }
        return view
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
            let env = try Self.requireCMFEnvironment(tx, envName)
            let pool = computePool.flatMap { $0.isEmpty ? nil : $0 }
            func view(_ r: CMFResource) throws -> CMFStatement? {
                guard let s = try tx.statement(environmentID: env.environmentID, name: r.name) else { return nil }
                return try Self.statementView(tx, r, s)
            }
            let all = try tx.allCMFResources(kind: .statement, scope: envName)
                .filter { pool == nil || $0.ref == pool }
                .compactMap(view)
                .filter { wanted == nil || $0.phase == wanted }
            return CMFPage(items: Array(all.dropFirst(page.offset).prefix(page.size)), request: page, total: all.count)
        }
    }

    /// `PUT …/statements/{name}`: applies `spec.stopped` (stop/resume) and `spec.parallelism` (rescale: a new
    /// version of the statement's job). The statement text and compute pool cannot change.
    public func updateCMFStatement(environment envName: String, name: String, _ document: JSONObject,
                                   by principal: Principal = .system) throws(APIError) {
        guard case .object(let spec)? = document["spec"] else {
            throw APIError.badRequest("spec: must not be null", code: "missing_field", pointer: "/spec")
        }
        if let bodyName = CMFDocument.name(document), bodyName != name {
            throw APIError.badRequest("metadata.name '\(bodyName)' does not match the statement '\(name)'", pointer: "/metadata/name")
        }
        try withCMFLock { () throws(APIError) in
            let current = try cmfStatement(environment: envName, name: name)
            let stored = current.resource
            let envID = current.statement.environmentID
            if let sql = spec["statement"]?.stringValue, sql != current.statement.sql {
                throw APIError(status: 422, code: "unprocessable", title: "Unprocessable Entity",
                               detail: "spec.statement of statement '\(name)' cannot be changed; create a new statement.")
            }
            if let pool = spec["computePoolName"]?.stringValue, pool != stored.ref {
                throw APIError(status: 422, code: "unprocessable", title: "Unprocessable Entity",
                               detail: "spec.computePoolName of statement '\(name)' cannot be changed.")
            }
            let parallelism = try Self.statementParallelism(spec)
            if let jobID = current.statement.jobID, let job = current.job, job.parallelism != parallelism {
                _ = try updateJob(environmentID: envID, idOrName: jobID, UpdateJobRequest(parallelism: parallelism), by: principal)
            }
            let stopped = spec["stopped"]?.boolValue ?? false
            if stopped != current.statement.stopped {
                _ = try updateStatement(environmentID: envID, name: name, UpdateStatementRequest(stopped: stopped))
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

    /// `DELETE …/statements/{name}`: deletes the statement (and its job) and its savepoints.
    public func deleteCMFStatement(environment envName: String, name: String) throws(APIError) {
        try withCMFLock { () throws(APIError) in
            let (env, stored) = try query { tx in
                (try Self.requireCMFEnvironment(tx, envName), try Self.requireCMFResource(tx, .statement, scope: envName, name: name))
            }
            do throws(APIError) {
                try deleteStatement(environmentID: env.environmentID, name: name)
            } catch {
                if error.status != 404 { throw error }
            }
            try mutate { tx, _ in
                try tx.deleteCMFResources(kind: .savepoint, scopePrefix: Self.savepointScope(envName, .statement, name))
                try tx.deleteCMFResource(uid: stored.uid)
            }
        }
    }

    /// `GET …/statements/{name}/exceptions`: at most 10, newest first.
    public func cmfStatementExceptions(environment envName: String, name: String) throws(APIError) -> [StatementException] {
        let statement = try cmfStatement(environment: envName, name: name)
        return try statementExceptions(environmentID: statement.statement.environmentID, name: name)
    }

    /// `GET …/statements/{name}/results?page-token=`: 400 for a statement without a result set (DDL results
    /// are on the statement itself), else the Statements API's page.
    public func cmfStatementResults(environment envName: String, name: String,
                                    pageToken: String?) throws(APIError) -> StatementResultPage {
        let statement = try cmfStatement(environment: envName, name: name)
        guard statement.sqlKind == "SELECT" || statement.statement.traits?.schema != nil else {
            throw APIError.badRequest("Statement '\(name)' is a \(statement.sqlKind) statement; it has no results.")
        }
        return try statementResults(environmentID: statement.statement.environmentID, name: name, pageToken: pageToken)
    }

    // MARK: helpers

    static func statementView(_ tx: StoreTransaction, _ resource: CMFResource, _ s: FlinkStatement) throws -> CMFStatement {
        let job = try s.jobID.flatMap { try tx.job(id: $0) }
        let phase: String = switch s.phase {
        case .pending: "PENDING"
        case .running, .stopping: "RUNNING"
        case .completed: "COMPLETED"
        case .deleting: "DELETING"
        case .failed: "FAILED"
        case .stopped: "STOPPED"
        case .degraded: "FAILING"
        }
        let kind = s.traits?.sqlKind ?? CMFJobStates.sqlKind(s.sql)
        return CMFStatement(resource: resource, statement: s, job: job, phase: phase, detail: s.detail, sqlKind: kind)
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
    static func checkpointSettings(_ conf: JSONObject) throws(APIError) -> (Int64, CheckpointMode) {
        let plan = try CMFApplicationPlan.plan(spec: JSONObject([("flinkConfiguration", .object(conf)),
                                                                 ("job", .object(JSONObject([("args", .array([]))])))]),
                                               annotations: JSONObject(), readFile: { _ in nil })
        return (plan.checkpointIntervalMillis, plan.checkpointMode)
    }
}

import Model
import Store
import Synchronization

/// CMF applications. An application that runs SQL (see `CMFApplicationPlan`) is a FlinkCloud job named
/// after it (`.` → `-`), in the environment's default pool: `spec.job.parallelism` and the checkpoint
/// settings of `spec.flinkConfiguration` are the job's config, `spec.job.state` suspends (stop) and resumes
/// it. Every change of the effective spec (the application's spec with the environment's
/// `flinkApplicationDefaults.spec` merged over it) appends an instance; an instance records the job version
/// it deployed (a change of SQL or config appends a job version; a change of anything else, e.g. the
/// image or `job.state`, appends an instance on the same job version).
extension ControlPlane {
    /// Serializes CMF operations that span several control-plane calls (create job, then record it).
    static let cmfLock = Mutex(0)
    public static let cmfMaxInstancesPerApplication = 100
    public static let cmfMaxEventsPerApplication = 100

    func withCMFLock<T: Sendable>(_ body: () throws(APIError) -> T) throws(APIError) -> T {
        try Self.cmfLock.withLock { (_: inout Int) throws(APIError) -> T in try body() }
    }

    /// `POST …/applications`: creates or updates the application (201 either way).
    public func upsertCMFApplication(environment envName: String, _ document: JSONObject,
                                     by principal: Principal = .system) throws(APIError) -> CMFApplication {
        let name = try CMFNames.validate(CMFDocument.name(document), what: "FlinkApplication")
        guard case .object(let spec)? = document["spec"] else {
            throw APIError.badRequest("spec: must not be null", code: "missing_field", pointer: "/spec")
        }
        let metadata = CMFDocument.userMetadata(CMFDocument.object(document, "metadata"))
        let env = try cmfEnvironment(name: envName)
        let defaults = CMFDocument.object(env.applicationDefaults?.objectValue ?? JSONObject(), "spec")
        let effective = CMFDocument.merge(spec, defaults)
        let plan = try CMFApplicationPlan.plan(spec: effective, annotations: CMFDocument.object(metadata, "annotations"))
        return try withCMFLock { () throws(APIError) -> CMFApplication in
            let existing = try query { tx in try tx.cmfResource(kind: .application, scope: envName, name: name) }
            if let existing {
                try updateApplication(existing, env: env, metadata: metadata, spec: spec, effective: effective, plan: plan,
                                      by: principal)
            } else {
                try createApplication(name: name, env: env, metadata: metadata, spec: spec, effective: effective, plan: plan,
                                      by: principal)
            }
            return try cmfApplication(environment: envName, name: name)
        }
    }

    private func jobRequest(_ name: String, _ sql: String, _ plan: CMFApplicationPlan, env: CMFEnvironment) -> CreateJobRequest {
        CreateJobRequest(name: CMFNames.jobName(name), sql: sql, parallelism: plan.parallelism,
                         checkpointInterval: plan.checkpointIntervalMillis, checkpointMode: plan.checkpointMode.rawValue,
                         computePoolID: env.defaultPoolID, stopped: plan.suspended)
    }

    private func createApplication(name: String, env: CMFEnvironment, metadata: JSONObject, spec: JSONObject,
                                   effective: JSONObject, plan: CMFApplicationPlan, by principal: Principal) throws(APIError) {
        var job: Job?
        if case .sql(let sql, _) = plan.runnable {
            let requested = try cmfRequestedRestore(envName: env.name, appName: name, effective: effective, previous: nil)
            var request = jobRequest(name, sql, plan, env: env)
            if requested != nil { request.stopped = true }   // started below, from the savepoint
            job = try createJob(environmentID: env.environmentID, request, by: principal)
            if let requested, let created = job, !plan.suspended {
                executor.setNextStart(jobID: created.id, requested)
                job = try resumeJob(environmentID: env.environmentID, idOrName: created.id)
            }
        }
        do {
            try mutate { tx, _ in
                let now = now()
                var status = JSONObject()
                if case .unsupported(let reason) = plan.runnable { status["error"] = .string(reason) }
                let resource = CMFResource(kind: .application, scope: env.name, name: name, uid: ids.uuid(),
                                           environmentID: env.environmentID, jobID: job?.id, metadata: metadata, spec: spec,
                                           status: status, createdAt: now, updatedAt: now)
                try tx.insertCMFResource(resource)
                try recordInstance(tx, resource, effective: effective, job: job, plan: plan, message: "FlinkApplication created")
            }
        } catch {
            if let job { try? deleteJob(environmentID: env.environmentID, idOrName: job.id) }
            throw error
        }
    }

    private func updateApplication(_ stored: CMFResource, env: CMFEnvironment, metadata: JSONObject, spec: JSONObject,
                                   effective: JSONObject, plan: CMFApplicationPlan, by principal: Principal) throws(APIError) {
        let latest = try query { tx in try tx.latestCMFInstance(applicationUID: stored.uid) }
        var job = try query { tx in try stored.jobID.flatMap { try tx.job(id: $0) } }
        switch plan.runnable {
        case .sql(let sql, _):
            if let current = job {
                let requested = try cmfRequestedRestore(envName: env.name, appName: stored.name, effective: effective,
                                                        previous: latest?.spec)
                let upgrades = sql != current.sql || plan.parallelism != current.config.parallelism
                    || plan.checkpointIntervalMillis != current.config.checkpointIntervalMillis
                    || plan.checkpointMode != current.config.checkpointMode
                let redeploy = try cmfPrepareStart(current, plan: plan, upgrades: upgrades, requested: requested)
                var updated: Job
                do {
                    updated = try updateJob(environmentID: env.environmentID, idOrName: current.id,
                                            UpdateJobRequest(sql: sql, parallelism: plan.parallelism,
                                                             checkpointInterval: plan.checkpointIntervalMillis,
                                                             checkpointMode: plan.checkpointMode.rawValue),
                                            by: principal)
                } catch {
                    executor.setNextStart(jobID: current.id, nil)   // the refused update starts nothing
                    throw error
                }
                if plan.suspended && JobStateMachine.isActive(updated.status) {
                    updated = try stopJob(environmentID: env.environmentID, idOrName: updated.id)
                } else if !plan.suspended && JobStateMachine.isResumable(updated.status) {
                    updated = try resumeJob(environmentID: env.environmentID, idOrName: updated.id)
                } else if redeploy, let requested {
                    updated = try cmfRedeploy(updated, point: requested)
                }
                job = updated
            } else {
                job = try createJob(environmentID: env.environmentID, jobRequest(stored.name, sql, plan, env: env), by: principal)
            }
        case .unsupported:
            if let current = job, JobStateMachine.isActive(current.status) {
                job = try stopJob(environmentID: env.environmentID, idOrName: current.id)
            }
        }
        let newInstance = latest?.spec != effective || latest?.jobVersion != job?.currentVersion
        guard newInstance || stored.spec != spec || stored.metadata != metadata || stored.jobID != job?.id else { return }
        try mutate { tx, _ in
            var resource = stored
            resource.metadata = metadata
            resource.spec = spec
            resource.jobID = job?.id
            if case .unsupported(let reason) = plan.runnable {
                resource.status["error"] = .string(reason)
            } else {
                resource.status["error"] = nil
            }
            resource.updatedAt = now()
            try tx.updateCMFResource(resource)
            if newInstance {
                try recordInstance(tx, resource, effective: effective, job: job, plan: plan, message: "FlinkApplication updated")
            }
        }
    }

    /// Appends an instance for the application's current effective spec, with its events.
    private func recordInstance(_ tx: StoreTransaction, _ resource: CMFResource, effective: JSONObject, job: Job?,
                                plan: CMFApplicationPlan, message: String) throws {
        let now = now()
        // The job's status as committed now: the runtime may have reported RUNNING before this transaction,
        // when no instance existed yet to record it.
        let current = try job.flatMap { try tx.job(id: $0.id) } ?? job
        let state = Self.applicationJobState(resource, job: current).jobState
        let instance = CMFApplicationInstance(applicationUID: resource.uid, uid: ids.uuid(), spec: effective,
                                              jobVersion: job?.currentVersion, jobID: job?.id, jobState: state,
                                              createdAt: now, updatedAt: now)
        try tx.appendCMFInstance(instance, keep: Self.cmfMaxInstancesPerApplication)
        try appendEvent(tx, resource, instance: instance.uid, .cmfStatus, message, .none)
        switch plan.runnable {
        case .unsupported(let reason):
            try appendEvent(tx, resource, instance: instance.uid, .jobException, reason, .exceptionString(reason))
        case .sql(_, let source):
            if let job {
                try lifecycleLog(tx, job, "CMF application '\(resource.name)' instance \(instance.uid) (SQL from \(source), "
                                     + "upgradeMode \(plan.upgradeMode), state \(plan.suspended ? "suspended" : "running")).")
            }
        }
        try appendEvent(tx, resource, instance: instance.uid, .jobStatus, "Flink job status changed to \(state)", .newStatus(state))
    }

    func appendEvent(_ tx: StoreTransaction, _ resource: CMFResource, instance: String?, _ type: CMFApplicationEvent.EventType,
                     _ message: String, _ data: CMFApplicationEvent.Data) throws {
        try tx.appendCMFEvent(CMFApplicationEvent(applicationUID: resource.uid, uid: ids.uuid(), instance: instance, type: type,
                                                  message: message, data: data, createdAt: now()),
                              keep: Self.cmfMaxEventsPerApplication)
    }

    /// Called in the transaction that changed a job's status: an application's latest instance records the
    /// new Flink state, with a JOB_STATUS event (and a JOB_EXCEPTION one for a failure).
    func cmfJobStatusChanged(_ tx: StoreTransaction, _ job: Job) throws {
        guard let resource = try tx.cmfResource(jobID: job.id), resource.kind == .application,
              let latest = try tx.latestCMFInstance(applicationUID: resource.uid) else { return }
        let state = CMFJobStates.flinkState(job.status)
        guard state != latest.jobState else { return }
        try tx.updateCMFInstanceState(uid: latest.uid, jobState: state, at: now())
        if job.status == .failed, let failure = job.failureMessage {
            try appendEvent(tx, resource, instance: latest.uid, .jobException, failure, .exceptionString(failure))
        }
        try appendEvent(tx, resource, instance: latest.uid, .jobStatus, "Flink job status changed to \(state)", .newStatus(state))
    }

    /// `GET …/applications/{name}`.
    public func cmfApplication(environment envName: String, name: String) throws(APIError) -> CMFApplication {
        try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            return try Self.applicationView(tx, try Self.requireCMFResource(tx, .application, scope: envName, name: name))
        }
    }

    /// `GET …/applications`, oldest first.
    public func cmfApplications(environment envName: String, page: CMFPageRequest) throws(APIError) -> CMFPage<CMFApplication> {
        try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            return try tx.cmfResources(kind: .application, scope: envName, page: page).map { try Self.applicationView(tx, $0) }
        }
    }

    /// `DELETE …/applications/{name}`: deletes its job, instances, events and savepoints.
    public func deleteCMFApplication(environment envName: String, name: String) throws(APIError) {
        try withCMFLock { () throws(APIError) in
            let (env, resource) = try query { tx in
                (try Self.requireCMFEnvironment(tx, envName),
                 try Self.requireCMFResource(tx, .application, scope: envName, name: name))
            }
            if let jobID = resource.jobID {
                do throws(APIError) {
                    try deleteJob(environmentID: env.environmentID, idOrName: jobID)
                } catch {
                    if error.status != 404 { throw error }
                }
            }
            try mutate { tx, _ in
                try tx.deleteCMFResources(kind: .savepoint, scopePrefix: Self.savepointScope(envName, .application, name))
                try tx.deleteCMFResource(uid: resource.uid)
            }
        }
    }

    /// `POST …/applications/{name}/start` and `/suspend`: sets `spec.job.state` and applies it (a new instance
    /// when it changes). `savepointUID` (start) must name one of the application's savepoints; it is recorded
    /// as `spec.job.startFromSavepoint.uid`.
    public func setCMFApplicationState(environment envName: String, name: String, running: Bool,
                                       savepointUID: String? = nil, by principal: Principal = .system) throws(APIError) -> CMFApplication {
        let resource = try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            let resource = try Self.requireCMFResource(tx, .application, scope: envName, name: name)
            if let savepointUID {
                let savepoints = try tx.allCMFResources(kind: .savepoint, scope: Self.savepointScope(envName, .application, name))
                guard savepoints.contains(where: { $0.uid == savepointUID }) else {
                    throw APIError.notFound("Savepoint with uid '\(savepointUID)' not found for application '\(name)'.")
                }
            }
            return resource
        }
        var spec = resource.spec
        var job = CMFDocument.object(spec, "job")
        job["state"] = .string(running ? "running" : "suspended")
        if let savepointUID { job["startFromSavepoint"] = .object(JSONObject([("uid", .string(savepointUID))])) }
        spec["job"] = .object(job)
        var metadata = resource.metadata
        metadata["name"] = .string(name)
        return try upsertCMFApplication(environment: envName,
                                        JSONObject([("metadata", .object(metadata)), ("spec", .object(spec))]), by: principal)
    }

    /// `GET …/applications/{name}/instances`, oldest first.
    public func cmfApplicationInstances(environment envName: String, name: String,
                                        page: CMFPageRequest) throws(APIError) -> CMFPage<CMFApplicationInstance> {
        try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            let resource = try Self.requireCMFResource(tx, .application, scope: envName, name: name)
            return try tx.cmfInstances(applicationUID: resource.uid, page: page)
        }
    }

    /// `GET …/applications/{name}/instances/{uid}`.
    public func cmfApplicationInstance(environment envName: String, name: String,
                                       instance uid: String) throws(APIError) -> CMFApplicationInstance {
        try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            let resource = try Self.requireCMFResource(tx, .application, scope: envName, name: name)
            guard let instance = try tx.cmfInstance(applicationUID: resource.uid, uid: uid) else {
                throw APIError.notFound("FlinkApplicationInstance '\(uid)' not found for application '\(name)'.")
            }
            return instance
        }
    }

    /// `GET /cmf/api/v1alpha1/…/applications/{name}/events`, newest first.
    public func cmfApplicationEvents(environment envName: String, name: String,
                                     page: CMFPageRequest) throws(APIError) -> CMFPage<CMFApplicationEvent> {
        try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            let resource = try Self.requireCMFResource(tx, .application, scope: envName, name: name)
            return try tx.cmfEvents(applicationUID: resource.uid, page: page)
        }
    }

    // MARK: views

    static func applicationView(_ tx: StoreTransaction, _ resource: CMFResource) throws -> CMFApplication {
        let job = try resource.jobID.flatMap { try tx.job(id: $0) }
        let latest = try tx.latestCMFInstance(applicationUID: resource.uid)
        let state = applicationJobState(resource, job: job)
        return CMFApplication(resource: resource, job: job, currentInstance: latest?.uid, jobState: state.jobState,
                              lifecycleState: state.lifecycle, error: state.error)
    }

    static func applicationJobState(_ resource: CMFResource, job: Job?) -> (jobState: String, lifecycle: String, error: String?) {
        if let job {
            return (CMFJobStates.flinkState(job.status), CMFJobStates.lifecycleState(job.status),
                    resource.status["error"]?.stringValue ?? job.failureMessage)
        }
        if let error = resource.status["error"]?.stringValue { return ("FAILED", "FAILED", error) }
        return ("CANCELED", "FAILED", "The FlinkCloud job that ran this application was deleted; post the application again to redeploy it.")
    }

    static func requireCMFResource(_ tx: StoreTransaction, _ kind: CMFKind, scope: String, name: String) throws -> CMFResource {
        guard let resource = try tx.cmfResource(kind: kind, scope: scope, name: name) else {
            throw APIError.notFound("\(kind.wireKind) '\(name)' not found.")
        }
        return resource
    }

    /// Scope of the savepoints of an application or statement.
    static func savepointScope(_ env: String, _ owner: CMFKind, _ name: String) -> String {
        env + "/" + (owner == .application ? "applications" : "statements") + "/" + name
    }
}

import Model
import Store

/// CMF savepoints of applications and statements, and detached savepoints. A savepoint of an application
/// or INSERT statement whose job runs is taken by the runtime (`JobExecutor.triggerSavepoint`): the
/// resource goes TRIGGER_PENDING → IN_PROGRESS → COMPLETED with `status.path` (the savepoint directory), or
/// FAILED with `status.error`; a savepoint of something that does not run (suspended, stopped, a jar, a
/// SELECT) is FAILED at once with the reason. The state is refreshed from the runtime when read. A detached
/// savepoint is a reference to an existing path and is COMPLETED at that path. Restoring: see
/// `cmfRestorePoint` (applications' `startFromSavepoint` / `initialSavepointPath`, `/start?startFromSavepointUid`).
extension ControlPlane {
    static let cmfJobAnnotation = "flinkcloud.io/job-id"
    static let cmfRequestAnnotation = "flinkcloud.io/savepoint-request"

    /// `POST …/{applications|statements}/{name}/savepoints` (201); generates `metadata.name` when missing.
    public func createCMFSavepoint(environment envName: String, owner: CMFKind, ownerName: String,
                                   _ document: JSONObject) throws(APIError) -> CMFResource {
        let spec = try Self.savepointSpec(document, requirePath: false)
        let metadata = CMFDocument.userMetadata(CMFDocument.object(document, "metadata"))
        let given = CMFDocument.name(document)
        if given != nil { _ = try CMFNames.validate(given, what: "Savepoint") }
        let scope = Self.savepointScope(envName, owner, ownerName)
        let (created, job) = try mutate { tx, _ -> (CMFResource, Job?) in
            let env = try Self.requireCMFEnvironment(tx, envName)
            let ownerResource = try Self.requireCMFResource(tx, owner, scope: envName, name: ownerName)
            let uid = ids.uuid()
            let name = given ?? "savepoint-" + String(uid.prefix(8))
            if try tx.cmfResource(kind: .savepoint, scope: scope, name: name) != nil {
                throw APIError.alreadyExists("Savepoint '\(name)' already exists for \(owner.noun) '\(ownerName)'.")
            }
            let jobID = owner == .application ? ownerResource.jobID
                : try tx.statement(environmentID: env.environmentID, name: ownerName)?.jobID
            let now = now()
            var status = JSONObject()
            status["state"] = .string("TRIGGER_PENDING")
            status["path"] = .string("")
            status["triggerTimestamp"] = .string(RFC3339.string(epochMillis: now, fractional: true))
            status["failures"] = .int(0)
            let resource = CMFResource(kind: .savepoint, scope: scope, name: name, uid: uid, environmentID: env.environmentID,
                                       ref: owner.rawValue, metadata: metadata, spec: spec, status: status,
                                       createdAt: now, updatedAt: now)
            try tx.insertCMFResource(resource)
            return (resource, try jobID.flatMap { try tx.job(id: $0) })
        }
        var sp = created
        if let job, job.status == .running {
            do throws(APIError) {
                let op = try executor.triggerSavepoint(job: job)
                var annotations = CMFDocument.object(sp.metadata, "annotations")
                annotations[Self.cmfJobAnnotation] = .string(job.id)
                annotations[Self.cmfRequestAnnotation] = .string(op.requestID)
                sp.metadata["annotations"] = .object(annotations)
                sp.status["state"] = .string("IN_PROGRESS")
            } catch {
                Self.failSavepoint(&sp, error.detail, at: now())
            }
        } else {
            let what = owner == .application ? "application" : "statement"
            let reason = job.map { "The \(what)'s job is \($0.status.rawValue), not RUNNING: a savepoint needs a running job." }
                ?? (owner == .application
                    ? "The application does not run in FlinkCloud (no SQL job), so it has no state to save."
                    : "Only statements that run as jobs (INSERT INTO, statement sets) have savepoints; this statement has none.")
            Self.failSavepoint(&sp, reason, at: now())
        }
        let stored = sp
        try mutate { tx, _ in try tx.updateCMFResource(stored) }
        return try cmfSavepoint(environment: envName, owner: owner, ownerName: ownerName, name: stored.name)
    }

    static func failSavepoint(_ sp: inout CMFResource, _ reason: String, at now: Int64) {
        sp.status["state"] = .string("FAILED")
        sp.status["error"] = .string(reason)
        sp.status["failures"] = .int((sp.status["failures"]?.intValue ?? 0) + 1)
        sp.status["resultTimestamp"] = .string(RFC3339.string(epochMillis: now, fractional: true))
        sp.updatedAt = now
    }

    /// Brings IN_PROGRESS savepoints up to date with the runtime's savepoint operations (persisted when
    /// they changed). An operation the runtime no longer knows (server restart) is FAILED.
    func refreshCMFSavepoints(_ savepoints: [CMFResource]) -> [CMFResource] {
        var changed: [CMFResource] = []
        let out = savepoints.map { original -> CMFResource in
            guard original.status["state"]?.stringValue == "IN_PROGRESS" else { return original }
            let annotations = CMFDocument.object(original.metadata, "annotations")
            guard let jobID = annotations[Self.cmfJobAnnotation]?.stringValue,
                  let request = annotations[Self.cmfRequestAnnotation]?.stringValue else { return original }
            var sp = original
            let job = try? query { tx in try tx.job(id: jobID) }
            let op = job.flatMap { executor.savepoints(job: $0).first { $0.requestID == request } }
            switch op?.status {
            case "IN_PROGRESS"?:
                return original
            case "COMPLETED"?:
                sp.status["state"] = .string("COMPLETED")
                sp.status["path"] = .string(op?.location ?? "")
                sp.status["resultTimestamp"] = .string(RFC3339.string(epochMillis: now(), fractional: true))
                sp.updatedAt = now()
            default:
                Self.failSavepoint(&sp, op?.failureCause ?? "The savepoint operation was lost (the job or the server restarted before it completed).",
                                   at: now())
            }
            changed.append(sp)
            return sp
        }
        if !changed.isEmpty {
            try? mutate { tx, _ in for sp in changed { try tx.updateCMFResource(sp) } }
        }
        return out
    }

    /// `GET …/savepoints`, oldest first.
    public func cmfSavepoints(environment envName: String, owner: CMFKind, ownerName: String,
                              page: CMFPageRequest) throws(APIError) -> CMFPage<CMFResource> {
        let page = try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            _ = try Self.requireCMFResource(tx, owner, scope: envName, name: ownerName)
            return try tx.cmfResources(kind: .savepoint, scope: Self.savepointScope(envName, owner, ownerName), page: page)
        }
        return CMFPage(items: refreshCMFSavepoints(page.items), request: page.request, total: page.total)
    }

    /// `GET …/savepoints/{name}`.
    public func cmfSavepoint(environment envName: String, owner: CMFKind, ownerName: String,
                             name: String) throws(APIError) -> CMFResource {
        let sp = try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            _ = try Self.requireCMFResource(tx, owner, scope: envName, name: ownerName)
            return try Self.requireCMFResource(tx, .savepoint, scope: Self.savepointScope(envName, owner, ownerName), name: name)
        }
        return refreshCMFSavepoints([sp])[0]
    }

    /// `DELETE …/savepoints/{name}` (`force` accepted: nothing is held on disk for it).
    public func deleteCMFSavepoint(environment envName: String, owner: CMFKind, ownerName: String,
                                   name: String) throws(APIError) {
        try mutate { tx, _ in
            _ = try Self.requireCMFEnvironment(tx, envName)
            _ = try Self.requireCMFResource(tx, owner, scope: envName, name: ownerName)
            let sp = try Self.requireCMFResource(tx, .savepoint, scope: Self.savepointScope(envName, owner, ownerName), name: name)
            try tx.deleteCMFResource(uid: sp.uid)
        }
    }

    /// `POST …/applications/{app}/savepoints/{name}/detach`: the savepoint becomes a detached savepoint
    /// (409 when a detached savepoint has that name).
    public func detachCMFSavepoint(environment envName: String, application: String, name: String) throws(APIError) -> CMFResource {
        try mutate { tx, _ in
            _ = try Self.requireCMFEnvironment(tx, envName)
            _ = try Self.requireCMFResource(tx, .application, scope: envName, name: application)
            var sp = try Self.requireCMFResource(tx, .savepoint, scope: Self.savepointScope(envName, .application, application),
                                                 name: name)
            if try tx.cmfResource(kind: .detachedSavepoint, scope: "", name: name) != nil {
                throw APIError.alreadyExists("A detached savepoint named '\(name)' already exists.")
            }
            try tx.moveCMFResource(uid: sp.uid, kind: .detachedSavepoint, scope: "", environmentID: nil)
            sp.kind = .detachedSavepoint
            sp.scope = ""
            sp.environmentID = nil
            sp.updatedAt = now()
            try tx.updateCMFResource(sp)
            return sp
        }
    }

    /// `POST /cmf/api/v1/detached-savepoints` (201): a savepoint at an existing `spec.path`.
    public func createCMFDetachedSavepoint(_ document: JSONObject) throws(APIError) -> CMFResource {
        let name = try CMFNames.validate(CMFDocument.name(document), what: "Savepoint")
        let spec = try Self.savepointSpec(document, requirePath: true)
        let metadata = CMFDocument.userMetadata(CMFDocument.object(document, "metadata"))
        return try mutate { tx, _ in
            if try tx.cmfResource(kind: .detachedSavepoint, scope: "", name: name) != nil {
                throw APIError.alreadyExists("A detached savepoint named '\(name)' already exists.")
            }
            let now = now()
            var status = JSONObject()
            status["state"] = .string("COMPLETED")
            status["path"] = spec["path"] ?? .string("")
            status["resultTimestamp"] = .string(RFC3339.string(epochMillis: now, fractional: true))
            let resource = CMFResource(kind: .detachedSavepoint, scope: "", name: name, uid: ids.uuid(), metadata: metadata,
                                       spec: spec, status: status, createdAt: now, updatedAt: now)
            try tx.insertCMFResource(resource)
            return resource
        }
    }

    /// `GET /cmf/api/v1/detached-savepoints?name=prefix` (empty: all).
    public func cmfDetachedSavepoints(namePrefix: String?, page: CMFPageRequest) throws(APIError) -> CMFPage<CMFResource> {
        try query { tx in try tx.cmfResources(kind: .detachedSavepoint, scope: "", namePrefix: namePrefix, page: page) }
    }

    public func cmfDetachedSavepoint(name: String) throws(APIError) -> CMFResource {
        try query { tx in try Self.requireCMFResource(tx, .detachedSavepoint, scope: "", name: name) }
    }

    public func deleteCMFDetachedSavepoint(name: String) throws(APIError) {
        try mutate { tx, _ in
            let sp = try Self.requireCMFResource(tx, .detachedSavepoint, scope: "", name: name)
            try tx.deleteCMFResource(uid: sp.uid)
        }
    }

    private static func savepointSpec(_ document: JSONObject, requirePath: Bool) throws(APIError) -> JSONObject {
        var spec = CMFDocument.object(document, "spec")
        if let v = spec["formatType"], v != .null {
            guard let f = v.stringValue, ["CANONICAL", "NATIVE", "UNKNOWN"].contains(f) else {
                throw APIError.badRequest("spec.formatType must be CANONICAL, NATIVE or UNKNOWN", pointer: "/spec/formatType")
            }
        } else {
            spec["formatType"] = .string("CANONICAL")
        }
        if let v = spec["backoffLimit"], v != .null {
            guard v.intValue != nil else {
                throw APIError.badRequest("spec.backoffLimit must be an integer", pointer: "/spec/backoffLimit")
            }
        } else {
            spec["backoffLimit"] = .int(-1)
        }
        if requirePath {
            guard let path = spec["path"]?.stringValue ?? document["status"]?["path"]?.stringValue, !path.isEmpty else {
                throw APIError.badRequest("spec.path: must not be blank", code: "missing_field", pointer: "/spec/path")
            }
            spec["path"] = .string(path)
        }
        return spec
    }
}

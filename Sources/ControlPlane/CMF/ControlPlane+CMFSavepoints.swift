import Model
import Store

/// CMF savepoints of applications and statements, and detached savepoints. FlinkCloud's savepoint runtime
/// (issue #7) is not wired to CMF yet: a triggered savepoint is recorded with state TRIGGER_PENDING and a
/// `status.warning` saying so — never reported as taken. A detached savepoint is a reference to an
/// existing path and is COMPLETED at that path.
extension ControlPlane {
    public static let cmfSavepointPendingWarning =
        "FlinkCloud records this savepoint but cannot take it yet: savepoints of CMF applications and statements "
        + "need the savepoint runtime, which this build does not have."

    /// `POST …/{applications|statements}/{name}/savepoints` (201); generates `metadata.name` when missing.
    public func createCMFSavepoint(environment envName: String, owner: CMFKind, ownerName: String,
                                   _ document: JSONObject) throws(APIError) -> CMFResource {
        let spec = try Self.savepointSpec(document, requirePath: false)
        let metadata = CMFDocument.userMetadata(CMFDocument.object(document, "metadata"))
        let given = CMFDocument.name(document)
        if given != nil { _ = try CMFNames.validate(given, what: "Savepoint") }
        let scope = Self.savepointScope(envName, owner, ownerName)
        return try mutate { tx, _ in
            let env = try Self.requireCMFEnvironment(tx, envName)
            _ = try Self.requireCMFResource(tx, owner, scope: envName, name: ownerName)
            let uid = ids.uuid()
            let name = given ?? "savepoint-" + String(uid.prefix(8))
            if try tx.cmfResource(kind: .savepoint, scope: scope, name: name) != nil {
                throw APIError.alreadyExists("Savepoint '\(name)' already exists for \(owner.noun) '\(ownerName)'.")
            }
            let now = now()
            var status = JSONObject()
            status["state"] = .string("TRIGGER_PENDING")
            status["path"] = .string("")
            status["triggerTimestamp"] = .string(RFC3339.string(epochMillis: now, fractional: true))
            status["failures"] = .int(0)
            status["warning"] = .string(Self.cmfSavepointPendingWarning)
            let resource = CMFResource(kind: .savepoint, scope: scope, name: name, uid: uid, environmentID: env.environmentID,
                                       ref: owner.rawValue, metadata: metadata, spec: spec, status: status,
                                       createdAt: now, updatedAt: now)
            try tx.insertCMFResource(resource)
            return resource
        }
    }

    /// `GET …/savepoints`, oldest first.
    public func cmfSavepoints(environment envName: String, owner: CMFKind, ownerName: String,
                              page: CMFPageRequest) throws(APIError) -> CMFPage<CMFResource> {
        try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            _ = try Self.requireCMFResource(tx, owner, scope: envName, name: ownerName)
            return try tx.cmfResources(kind: .savepoint, scope: Self.savepointScope(envName, owner, ownerName), page: page)
        }
    }

    /// `GET …/savepoints/{name}`.
    public func cmfSavepoint(environment envName: String, owner: CMFKind, ownerName: String,
                             name: String) throws(APIError) -> CMFResource {
        try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            _ = try Self.requireCMFResource(tx, owner, scope: envName, name: ownerName)
            return try Self.requireCMFResource(tx, .savepoint, scope: Self.savepointScope(envName, owner, ownerName), name: name)
        }
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

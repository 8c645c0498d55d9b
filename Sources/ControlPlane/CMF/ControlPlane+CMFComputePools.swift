import Model
import Store

/// CMF compute pools. Each is a FlinkCloud compute pool of its environment (display name = the CMF name
/// cut to 32 characters, 50 CFUs: CMF pools have no CFU limit, FlinkCloud's largest pool stands in); the
/// CMF document is kept as given. Statements name their pool by its CMF name.
extension ControlPlane {
    /// `POST …/compute-pools`; 409 when the name exists.
    public func createCMFComputePool(environment envName: String, _ document: JSONObject) throws(APIError) -> CMFResource {
        let name = try CMFNames.validate(CMFDocument.name(document), what: "ComputePool")
        let spec = try Self.computePoolSpec(document)
        let metadata = CMFDocument.userMetadata(CMFDocument.object(document, "metadata"))
        return try mutate { tx, _ in
            let env = try Self.requireCMFEnvironment(tx, envName)
            if try tx.cmfResource(kind: .computePool, scope: envName, name: name) != nil {
                throw APIError.alreadyExists("ComputePool '\(name)' already exists in environment '\(envName)'.")
            }
            let now = now()
            var poolID = ids.computePoolID()
            while try tx.computePool(id: poolID) != nil { poolID = ids.computePoolID() }
            var display = String(name.prefix(32))
            while display.hasSuffix(".") { display.removeLast() }
            try tx.insertComputePool(ComputePool(id: poolID, environmentID: env.environmentID, displayName: display,
                                                 cloud: Self.defaultCloud, region: Self.defaultRegion, maxCFU: Self.maxPoolCFU,
                                                 phase: .provisioned, createdAt: now, updatedAt: now))
            let resource = CMFResource(kind: .computePool, scope: envName, name: name, uid: ids.uuid(),
                                       environmentID: env.environmentID, ref: poolID, metadata: metadata, spec: spec,
                                       createdAt: now, updatedAt: now)
            try tx.insertCMFResource(resource)
            return resource
        }
    }

    /// `PUT …/compute-pools/{name}`: replaces the document (the FlinkCloud pool stays).
    public func updateCMFComputePool(environment envName: String, name: String, _ document: JSONObject) throws(APIError) -> CMFResource {
        let spec = try Self.computePoolSpec(document)
        return try mutate { tx, _ in
            _ = try Self.requireCMFEnvironment(tx, envName)
            var resource = try Self.requireCMFResource(tx, .computePool, scope: envName, name: name)
            resource.spec = spec
            if case .object(let m)? = document["metadata"] { resource.metadata = CMFDocument.userMetadata(m) }
            resource.updatedAt = now()
            try tx.updateCMFResource(resource)
            return resource
        }
    }

    /// `GET …/compute-pools/{name}`.
    public func cmfComputePool(environment envName: String, name: String) throws(APIError) -> CMFResource {
        try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            return try Self.requireCMFResource(tx, .computePool, scope: envName, name: name)
        }
    }

    /// `GET …/compute-pools`, oldest first.
    public func cmfComputePools(environment envName: String, page: CMFPageRequest) throws(APIError) -> CMFPage<CMFResource> {
        try query { tx in
            _ = try Self.requireCMFEnvironment(tx, envName)
            return try tx.cmfResources(kind: .computePool, scope: envName, page: page)
        }
    }

    /// `DELETE …/compute-pools/{name}`: 409 while statements use it.
    public func deleteCMFComputePool(environment envName: String, name: String) throws(APIError) {
        try mutate { tx, _ in
            _ = try Self.requireCMFEnvironment(tx, envName)
            let resource = try Self.requireCMFResource(tx, .computePool, scope: envName, name: name)
            let users = try tx.cmfResources(kind: .statement, scope: envName, ref: name, page: CMFPageRequest(size: 5))
            if users.total > 0 {
                throw APIError.conflict("ComputePool '\(name)' is used by \(users.total) statement(s) ("
                                            + users.items.map(\.name).joined(separator: ", ") + "); delete them first.",
                                        code: "compute_pool_in_use")
            }
            if let poolID = resource.ref { try tx.deleteComputePool(id: poolID) }
            try tx.deleteCMFResource(uid: resource.uid)
        }
    }

    private static func computePoolSpec(_ document: JSONObject) throws(APIError) -> JSONObject {
        guard case .object(let spec)? = document["spec"] else {
            throw APIError.badRequest("spec: must not be null", code: "missing_field", pointer: "/spec")
        }
        if let type = spec["type"]?.stringValue, type != "DEDICATED" && type != "SHARED" {
            throw APIError.badRequest("spec.type '\(type)' must be DEDICATED or SHARED", pointer: "/spec/type")
        }
        return spec
    }
}

import Model
import Store

/// CMF resources FlinkCloud keeps as documents: secrets (global; `spec.data` is masked on read by the
/// API), environment secret mappings, Kafka catalogs (global) and their databases. They configure
/// connectors in CMF; FlinkCloud stores, lists and versions them but its jobs do not read them.
extension ControlPlane {
    /// Where a document lives.
    public enum CMFScope: Sendable, Equatable {
        case global
        case environment(String)
        case catalog(String)

        var key: String {
            switch self {
            case .global: ""
            case .environment(let e): e
            case .catalog(let c): c
            }
        }
    }

    /// `POST` a secret, secret mapping, catalog or database; 409 when the name exists.
    public func createCMFDocument(_ kind: CMFKind, in scope: CMFScope, _ document: JSONObject) throws(APIError) -> CMFResource {
        let name = try CMFNames.validate(CMFDocument.name(document), what: kind.wireKind)
        let spec = try Self.documentSpec(kind, document)
        let metadata = CMFDocument.userMetadata(CMFDocument.object(document, "metadata"))
        return try mutate { tx, _ in
            let environmentID = try Self.checkScope(tx, scope)
            try Self.checkReferences(tx, kind, spec)
            if try tx.cmfResource(kind: kind, scope: scope.key, name: name) != nil {
                throw APIError.alreadyExists("\(kind.wireKind) '\(name)' already exists.")
            }
            let now = now()
            var status = JSONObject()
            if kind == .secret { status["version"] = .string("1") }
            let resource = CMFResource(kind: kind, scope: scope.key, name: name, uid: ids.uuid(), environmentID: environmentID,
                                       metadata: metadata, spec: spec, status: status, createdAt: now, updatedAt: now)
            try tx.insertCMFResource(resource)
            return resource
        }
    }

    /// `PUT` by name: replaces `spec` (and `metadata` when given); a secret's `status.version` goes up.
    public func updateCMFDocument(_ kind: CMFKind, in scope: CMFScope, name: String,
                                  _ document: JSONObject) throws(APIError) -> CMFResource {
        if let bodyName = CMFDocument.name(document), bodyName != name {
            throw APIError.badRequest("metadata.name '\(bodyName)' does not match '\(name)'", pointer: "/metadata/name")
        }
        let spec = try Self.documentSpec(kind, document)
        return try mutate { tx, _ in
            _ = try Self.checkScope(tx, scope)
            try Self.checkReferences(tx, kind, spec)
            var resource = try Self.requireCMFResource(tx, kind, scope: scope.key, name: name)
            resource.spec = spec
            if case .object(let m)? = document["metadata"] { resource.metadata = CMFDocument.userMetadata(m) }
            if kind == .secret {
                let version = Int(resource.status["version"]?.stringValue ?? "1") ?? 1
                resource.status["version"] = .string(String(version + 1))
            }
            resource.updatedAt = now()
            try tx.updateCMFResource(resource)
            return resource
        }
    }

    public func cmfDocument(_ kind: CMFKind, in scope: CMFScope, name: String) throws(APIError) -> CMFResource {
        try query { tx in
            _ = try Self.checkScope(tx, scope)
            return try Self.withUsage(tx, try Self.requireCMFResource(tx, kind, scope: scope.key, name: name))
        }
    }

    public func cmfDocuments(_ kind: CMFKind, in scope: CMFScope, page: CMFPageRequest) throws(APIError) -> CMFPage<CMFResource> {
        try query { tx in
            _ = try Self.checkScope(tx, scope)
            return try tx.cmfResources(kind: kind, scope: scope.key, page: page).map { try Self.withUsage(tx, $0) }
        }
    }

    /// A secret's `status.environments`: the CMF environments whose secret mappings name it (sorted).
    static func withUsage(_ tx: StoreTransaction, _ resource: CMFResource) throws -> CMFResource {
        guard resource.kind == .secret else { return resource }
        var out = resource
        var names: [String] = []
        for env in try tx.cmfEnvironments(CMFPageRequest(page: 0, size: CMFPageRequest.maxSize)).items
        where try tx.allCMFResources(kind: .secretMapping, scope: env.name)
            .contains(where: { $0.spec["secretName"]?.stringValue == resource.name }) {
            names.append(env.name)
        }
        out.status["environments"] = .array(names.sorted().map { .string($0) })
        return out
    }

    /// `DELETE` by name; a catalog goes with its databases.
    public func deleteCMFDocument(_ kind: CMFKind, in scope: CMFScope, name: String) throws(APIError) {
        try mutate { tx, _ in
            _ = try Self.checkScope(tx, scope)
            let resource = try Self.requireCMFResource(tx, kind, scope: scope.key, name: name)
            if kind == .kafkaCatalog { try tx.deleteCMFResources(kind: .kafkaDatabase, scopePrefix: name) }
            try tx.deleteCMFResource(uid: resource.uid)
        }
    }

    /// 404 for a missing environment or catalog; the FlinkCloud environment id of an environment scope.
    private static func checkScope(_ tx: StoreTransaction, _ scope: CMFScope) throws -> String? {
        switch scope {
        case .global: return nil
        case .environment(let name): return try requireCMFEnvironment(tx, name).environmentID
        case .catalog(let name):
            _ = try requireCMFResource(tx, .kafkaCatalog, scope: "", name: name)
            return nil
        }
    }

    /// A secret mapping must name an existing secret.
    private static func checkReferences(_ tx: StoreTransaction, _ kind: CMFKind, _ spec: JSONObject) throws {
        guard kind == .secretMapping else { return }
        guard let secret = spec["secretName"]?.stringValue, !secret.isEmpty else {
            throw APIError.badRequest("spec.secretName: must not be blank", code: "missing_field", pointer: "/spec/secretName")
        }
        guard try tx.cmfResource(kind: .secret, scope: "", name: secret) != nil else {
            throw APIError.notFound("Secret '\(secret)' not found.")
        }
    }

    private static func documentSpec(_ kind: CMFKind, _ document: JSONObject) throws(APIError) -> JSONObject {
        guard case .object(let spec)? = document["spec"] else {
            throw APIError.badRequest("spec: must not be null", code: "missing_field", pointer: "/spec")
        }
        if kind == .secret {
            guard case .object(let data)? = spec["data"], data.members.allSatisfy({ $0.value.stringValue != nil }) else {
                throw APIError.badRequest("spec.data: must be an object of strings", pointer: "/spec/data")
            }
        }
        return spec
    }
}

import Model
import SQLite

extension StoreTransaction {
    private static let cmfResourceColumns = """
        seq, kind, scope, name, uid, environment_id, job_id, ref, metadata, spec, status, created_at, updated_at
        """

    public func insertCMFResource(_ r: CMFResource) throws {
        try connection.run("""
            INSERT INTO cmf_resources(kind, scope, name, uid, environment_id, job_id, ref, metadata, spec, status,
                                      created_at, updated_at)
            VALUES(?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(r.kind.rawValue), .text(r.scope), .text(r.name), .text(r.uid),
                  r.environmentID.map(SQLValue.text) ?? .null, r.jobID.map(SQLValue.text) ?? .null,
                  r.ref.map(SQLValue.text) ?? .null, .text(CMFJSONCodec.encode(r.metadata)),
                  .text(CMFJSONCodec.encode(r.spec)), .text(CMFJSONCodec.encode(r.status)),
                  .integer(r.createdAt), .integer(r.updatedAt)])
    }

    /// Writes the mutable members (job, ref, metadata, spec, status, updated_at) of the resource with `r.uid`.
    public func updateCMFResource(_ r: CMFResource) throws {
        try connection.run("""
            UPDATE cmf_resources SET job_id = ?, ref = ?, metadata = ?, spec = ?, status = ?, updated_at = ? WHERE uid = ?
            """, [r.jobID.map(SQLValue.text) ?? .null, r.ref.map(SQLValue.text) ?? .null,
                  .text(CMFJSONCodec.encode(r.metadata)), .text(CMFJSONCodec.encode(r.spec)),
                  .text(CMFJSONCodec.encode(r.status)), .integer(r.updatedAt), .text(r.uid)])
    }

    /// Moves a resource to another kind/scope (a savepoint being detached).
    public func moveCMFResource(uid: String, kind: CMFKind, scope: String, environmentID: String?) throws {
        try connection.run("UPDATE cmf_resources SET kind = ?, scope = ?, environment_id = ? WHERE uid = ?",
                           [.text(kind.rawValue), .text(scope), environmentID.map(SQLValue.text) ?? .null, .text(uid)])
    }

    public func deleteCMFResource(uid: String) throws {
        try connection.run("DELETE FROM cmf_resources WHERE uid = ?", [.text(uid)])
    }

    /// Deletes every resource of `kind` whose scope is `scope` or starts with `scope + "/"`.
    public func deleteCMFResources(kind: CMFKind, scopePrefix scope: String) throws {
        try connection.run("DELETE FROM cmf_resources WHERE kind = ? AND (scope = ? OR substr(scope, 1, ?) = ?)",
                           [.text(kind.rawValue), .text(scope), .integer(Int64(scope.utf8.count + 1)), .text(scope + "/")])
    }

    public func cmfResource(kind: CMFKind, scope: String, name: String) throws -> CMFResource? {
        try connection.queryOne("SELECT \(Self.cmfResourceColumns) FROM cmf_resources WHERE kind = ? AND scope = ? AND name = ?",
                                [.text(kind.rawValue), .text(scope), .text(name)], map: Self.cmfResource)
    }

    public func cmfResource(jobID: String) throws -> CMFResource? {
        try connection.queryOne("SELECT \(Self.cmfResourceColumns) FROM cmf_resources WHERE job_id = ?", [.text(jobID)],
                                map: Self.cmfResource)
    }

    /// Resources of `kind` in `scope`, oldest first; `namePrefix` keeps names starting with it; `ref` keeps those
    /// with that ref.
    public func cmfResources(kind: CMFKind, scope: String, namePrefix: String? = nil, ref: String? = nil,
                             page request: CMFPageRequest) throws -> CMFPage<CMFResource> {
        var conditions = "kind = ?1 AND scope = ?2"
        var values: [SQLValue] = [.text(kind.rawValue), .text(scope)]
        if let namePrefix, !namePrefix.isEmpty {
            values.append(.integer(Int64(namePrefix.utf8.count)))
            values.append(.text(namePrefix))
            conditions += " AND substr(name, 1, ?\(values.count - 1)) = ?\(values.count)"
        }
        if let ref {
            values.append(.text(ref))
            conditions += " AND ref = ?\(values.count)"
        }
        let total = try connection.scalarInt("SELECT count(*) FROM cmf_resources WHERE \(conditions)", values) ?? 0
        let n = values.count
        let items = try connection.query(
            "SELECT \(Self.cmfResourceColumns) FROM cmf_resources WHERE \(conditions) ORDER BY seq LIMIT ?\(n + 1) OFFSET ?\(n + 2)",
            values + [.integer(Int64(request.size)), .integer(Int64(request.offset))], map: Self.cmfResource)
        return CMFPage(items: items, request: request, total: Int(total))
    }

    /// Every resource of `kind` in `scope` (no paging).
    public func allCMFResources(kind: CMFKind, scope: String) throws -> [CMFResource] {
        try connection.query("SELECT \(Self.cmfResourceColumns) FROM cmf_resources WHERE kind = ? AND scope = ? ORDER BY seq",
                             [.text(kind.rawValue), .text(scope)], map: Self.cmfResource)
    }

    static func cmfResource(_ row: Statement) -> CMFResource {
        CMFResource(kind: CMFKind(rawValue: row.string(1)) ?? .application, scope: row.string(2), name: row.string(3),
                    uid: row.string(4), environmentID: row.optionalString(5), jobID: row.optionalString(6),
                    ref: row.optionalString(7), metadata: CMFJSONCodec.object(row.string(8)),
                    spec: CMFJSONCodec.object(row.string(9)), status: CMFJSONCodec.object(row.string(10)),
                    createdAt: row.int64(11), updatedAt: row.int64(12))
    }
}

import Model
import SQLite

extension StoreTransaction {
    private static let cmfEnvironmentColumns = """
        seq, name, environment_id, default_pool_id, kubernetes_namespace, application_defaults, compute_pool_defaults, \
        statement_defaults, secrets, labels, annotations, created_at, updated_at
        """

    /// Inserts or replaces (by name) a CMF environment binding.
    public func upsertCMFEnvironment(_ e: CMFEnvironment) throws {
        let values: [SQLValue] = [
            .text(e.name), .text(e.environmentID), e.defaultPoolID.map(SQLValue.text) ?? .null, .text(e.kubernetesNamespace),
            CMFJSONCodec.encode(e.applicationDefaults), CMFJSONCodec.encode(e.computePoolDefaults),
            CMFJSONCodec.encode(e.statementDefaults), .text(CMFJSONCodec.encode(e.secrets)),
            .text(CMFJSONCodec.encode(e.labels)), .text(CMFJSONCodec.encode(e.annotations)),
            .integer(e.createdAt), .integer(e.updatedAt),
        ]
        try connection.run("""
            INSERT INTO cmf_environments(name, environment_id, default_pool_id, kubernetes_namespace, application_defaults,
                compute_pool_defaults, statement_defaults, secrets, labels, annotations, created_at, updated_at)
            VALUES(?,?,?,?,?,?,?,?,?,?,?,?)
            ON CONFLICT(name) DO UPDATE SET default_pool_id = excluded.default_pool_id,
                kubernetes_namespace = excluded.kubernetes_namespace, application_defaults = excluded.application_defaults,
                compute_pool_defaults = excluded.compute_pool_defaults, statement_defaults = excluded.statement_defaults,
                secrets = excluded.secrets, labels = excluded.labels, annotations = excluded.annotations,
                updated_at = excluded.updated_at
            """, values)
    }

    public func cmfEnvironment(name: String) throws -> CMFEnvironment? {
        try connection.queryOne("SELECT \(Self.cmfEnvironmentColumns) FROM cmf_environments WHERE name = ?", [.text(name)],
                                map: Self.cmfEnvironment)
    }

    public func cmfEnvironment(environmentID: String) throws -> CMFEnvironment? {
        try connection.queryOne("SELECT \(Self.cmfEnvironmentColumns) FROM cmf_environments WHERE environment_id = ?",
                                [.text(environmentID)], map: Self.cmfEnvironment)
    }

    /// CMF environments in creation order, `page` of `size` (empty past the end).
    public func cmfEnvironments(_ request: CMFPageRequest) throws -> CMFPage<CMFEnvironment> {
        let total = try connection.scalarInt("SELECT count(*) FROM cmf_environments") ?? 0
        let items = try connection.query("SELECT \(Self.cmfEnvironmentColumns) FROM cmf_environments ORDER BY seq LIMIT ? OFFSET ?",
                                         [.integer(Int64(request.size)), .integer(Int64(request.offset))],
                                         map: Self.cmfEnvironment)
        return CMFPage(items: items, request: request, total: Int(total))
    }

    public func deleteCMFEnvironment(name: String) throws {
        try connection.run("DELETE FROM cmf_environments WHERE name = ?", [.text(name)])
    }

    static func cmfEnvironment(_ row: Statement) -> CMFEnvironment {
        CMFEnvironment(name: row.string(1), environmentID: row.string(2), defaultPoolID: row.optionalString(3),
                       kubernetesNamespace: row.string(4), applicationDefaults: CMFJSONCodec.value(row.optionalString(5)),
                       computePoolDefaults: CMFJSONCodec.value(row.optionalString(6)),
                       statementDefaults: CMFJSONCodec.value(row.optionalString(7)),
                       secrets: CMFJSONCodec.object(row.string(8)), labels: CMFJSONCodec.object(row.string(9)),
                       annotations: CMFJSONCodec.object(row.string(10)), createdAt: row.int64(11), updatedAt: row.int64(12))
    }
}

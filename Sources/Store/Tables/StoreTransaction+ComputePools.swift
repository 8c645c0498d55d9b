import Model
import SQLite

extension StoreTransaction {
    private static let poolColumns = """
        p.seq, p.id, p.environment_id, p.display_name, p.cloud, p.region, p.max_cfu, p.is_default, p.phase, \
        p.created_at, p.updated_at, p.resource_version, \
        (SELECT coalesce(sum(j.held_cfu), 0) FROM jobs j WHERE j.compute_pool_id = p.id AND j.held_cfu > 0)
        """

    public func insertComputePool(_ pool: ComputePool) throws {
        try connection.run("""
            INSERT INTO compute_pools(id, environment_id, display_name, cloud, region, max_cfu, is_default, phase,
                                      created_at, updated_at, resource_version)
            VALUES(?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(pool.id), .text(pool.environmentID), .text(pool.displayName), .text(pool.cloud), .text(pool.region),
                  .integer(Int64(pool.maxCFU)), .integer(pool.isDefault ? 1 : 0), .text(pool.phase.rawValue),
                  .integer(pool.createdAt), .integer(pool.updatedAt), .integer(pool.resourceVersion)])
    }

    /// Writes the mutable fields (display name, max CFU, default flag, phase, updated_at, resource_version).
    public func updateComputePool(_ pool: ComputePool) throws {
        try connection.run("""
            UPDATE compute_pools SET display_name = ?, max_cfu = ?, is_default = ?, phase = ?, updated_at = ?, resource_version = ?
            WHERE id = ?
            """, [.text(pool.displayName), .integer(Int64(pool.maxCFU)), .integer(pool.isDefault ? 1 : 0),
                  .text(pool.phase.rawValue), .integer(pool.updatedAt), .integer(pool.resourceVersion), .text(pool.id)])
    }

    /// Deletes the pool and (cascading) the jobs that reference it.
    public func deleteComputePool(id: String) throws {
        try connection.run("DELETE FROM compute_pools WHERE id = ?", [.text(id)])
    }

    /// The pool with `currentCFU` = the CFUs its jobs hold.
    public func computePool(id: String) throws -> ComputePool? {
        try connection.queryOne("SELECT \(Self.poolColumns) FROM compute_pools p WHERE p.id = ?", [.text(id)], map: Self.computePool)
    }

    /// The pool jobs of `environmentID` use by default: the one flagged default, else the oldest.
    public func defaultComputePool(environmentID: String) throws -> ComputePool? {
        try connection.queryOne("""
            SELECT \(Self.poolColumns) FROM compute_pools p WHERE p.environment_id = ? ORDER BY p.is_default DESC, p.seq LIMIT 1
            """, [.text(environmentID)], map: Self.computePool)
    }

    /// Pools of one environment (or all when nil), paged.
    public func computePools(environmentID: String?, page: PageRequest) throws -> Page<ComputePool> {
        let after = try PageToken.decode(page.pageToken)
        let size = PageToken.clampedSize(page.pageSize)
        let filter = environmentID == nil ? "" : "AND p.environment_id = ?2"
        var values: [SQLValue] = [.integer(after), .integer(Int64(size + 1))]
        if let environmentID { values.append(.text(environmentID)) }
        let rows = try connection.query("""
            SELECT \(Self.poolColumns) FROM compute_pools p WHERE p.seq > ?1 \(filter.replacing("?2", with: "?3"))
            ORDER BY p.seq LIMIT ?2
            """, values) { ($0.int64(0), Self.computePool($0)) }
        let total = try connection.scalarInt("SELECT count(*) FROM compute_pools p WHERE 1 \(filter.replacing("?2", with: "?1"))",
                                             environmentID.map { [.text($0)] } ?? []) ?? 0
        return Self.page(rows, size: size, total: total)
    }

    /// Number of pools in an environment.
    public func computePoolCount(environmentID: String) throws -> Int {
        Int(try connection.scalarInt("SELECT count(*) FROM compute_pools WHERE environment_id = ?", [.text(environmentID)]) ?? 0)
    }

    static func computePool(_ row: Statement) -> ComputePool {
        ComputePool(id: row.string(1), environmentID: row.string(2), displayName: row.string(3), cloud: row.string(4),
                    region: row.string(5), maxCFU: row.int(6), currentCFU: row.int(12), isDefault: row.bool(7),
                    phase: ComputePool.Phase(rawValue: row.string(8)) ?? .provisioned,
                    createdAt: row.int64(9), updatedAt: row.int64(10), resourceVersion: row.int64(11))
    }
}

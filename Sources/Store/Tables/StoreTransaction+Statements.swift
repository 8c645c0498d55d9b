import Model
import SQLite

extension StoreTransaction {
    private static let statementColumns = """
        seq, name, environment_id, organization_id, uid, statement, properties, labels, compute_pool_id, principal, \
        stopped, phase, detail, traits, scaling_status, latest_offsets, latest_offsets_at, job_id, created_at, \
        updated_at, end_time, resource_version
        """

    public func insertStatement(_ s: FlinkStatement) throws {
        try connection.run("""
            INSERT INTO statements(name, environment_id, organization_id, uid, statement, properties, labels, compute_pool_id,
                                   principal, stopped, phase, detail, traits, scaling_status, latest_offsets,
                                   latest_offsets_at, job_id, created_at, updated_at, end_time, resource_version)
            VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(s.name), .text(s.environmentID), .text(s.organizationID), .text(s.uid), .text(s.sql)]
                + Self.mutableValues(s))
    }

    /// Writes every mutable field (status, spec fields a PUT may change, labels, job link).
    public func updateStatement(_ s: FlinkStatement) throws {
        try connection.run("""
            UPDATE statements SET properties = ?1, labels = ?2, compute_pool_id = ?3, principal = ?4, stopped = ?5,
                phase = ?6, detail = ?7, traits = ?8, scaling_status = ?9, latest_offsets = ?10, latest_offsets_at = ?11,
                job_id = ?12, created_at = ?13, updated_at = ?14, end_time = ?15, resource_version = ?16
            WHERE environment_id = ?17 AND name = ?18
            """, Self.mutableValues(s) + [.text(s.environmentID), .text(s.name)])
    }

    private static func mutableValues(_ s: FlinkStatement) -> [SQLValue] {
        [.text(LabelCodec.encode(s.properties)), .text(LabelCodec.encode(s.labels)), .text(s.computePoolID),
         .text(s.principal), .integer(s.stopped ? 1 : 0), .text(s.phase.rawValue), .text(s.detail),
         s.traits.map { .text(String(decoding: $0.json.encoded(), as: UTF8.self)) } ?? .null,
         .text(s.scalingStatus.rawValue), .text(LabelCodec.encode(s.latestOffsets)),
         s.latestOffsetsAt.map(SQLValue.integer) ?? .null, s.jobID.map(SQLValue.text) ?? .null,
         .integer(s.createdAt), .integer(s.updatedAt), s.endTime.map(SQLValue.integer) ?? .null,
         .integer(s.resourceVersion)]
    }

    /// Deletes the statement with its exceptions and stored results.
    public func deleteStatement(environmentID: String, name: String) throws {
        try connection.run("DELETE FROM statements WHERE environment_id = ? AND name = ?", [.text(environmentID), .text(name)])
    }

    /// Whether the environment has a statement of this name (cheaper than reading it).
    public func statementExists(environmentID: String, name: String) throws -> Bool {
        try connection.scalarInt("SELECT 1 FROM statements WHERE environment_id = ? AND name = ?",
                                 [.text(environmentID), .text(name)]) != nil
    }

    public func statement(environmentID: String, name: String) throws -> FlinkStatement? {
        try connection.queryOne("SELECT \(Self.statementColumns) FROM statements WHERE environment_id = ? AND name = ?",
                                [.text(environmentID), .text(name)], map: Self.statement)
    }

    /// The statement running as job `jobID`, if any.
    public func statement(jobID: String) throws -> FlinkStatement? {
        try connection.queryOne("SELECT \(Self.statementColumns) FROM statements WHERE job_id = ?", [.text(jobID)],
                                map: Self.statement)
    }

    /// Statements of an environment matching `filter`, oldest first, paged.
    public func statements(environmentID: String, filter: StatementFilter, page: PageRequest) throws -> Page<FlinkStatement> {
        let after = try PageToken.decode(page.pageToken)
        let size = PageToken.clampedSize(page.pageSize)
        var values: [SQLValue] = [.text(environmentID)]
        var conditions = "environment_id = ?1"
        if let pool = filter.computePoolID {
            values.append(.text(pool))
            conditions += " AND compute_pool_id = ?2"
        }
        let all = try connection.query("SELECT \(Self.statementColumns) FROM statements WHERE \(conditions) ORDER BY seq",
                                       values) { ($0.int64(0), Self.statement($0)) }
        let matching = all.filter { filter.matches($0.1) }
        let rest = matching.filter { $0.0 > after }
        return Self.page(Array(rest.prefix(size + 1)), size: size, total: Int64(matching.count))
    }

    /// Every statement in one of `phases` (recovery after a restart).
    public func statements(phases: [StatementPhase]) throws -> [FlinkStatement] {
        guard !phases.isEmpty else { return [] }
        let list = phases.map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try connection.query("SELECT \(Self.statementColumns) FROM statements WHERE phase IN (\(list)) ORDER BY seq",
                                    map: Self.statement)
    }

    // MARK: exceptions

    /// Appends an exception; keeps the newest `keep`.
    public func addStatementException(environmentID: String, name: String, _ e: StatementException, keep: Int = 10) throws {
        guard let seq = try statementSeq(environmentID: environmentID, name: name) else { return }
        let next = (try connection.scalarInt("SELECT coalesce(max(seq), 0) FROM statement_exceptions WHERE statement_seq = ?",
                                             [.integer(seq)]) ?? 0) + 1
        try connection.run("INSERT INTO statement_exceptions(statement_seq, seq, ts, name, message) VALUES(?,?,?,?,?)",
                           [.integer(seq), .integer(next), .integer(e.timestamp), .text(e.name), .text(e.message)])
        try connection.run("DELETE FROM statement_exceptions WHERE statement_seq = ? AND seq <= ?",
                           [.integer(seq), .integer(next - Int64(keep))])
    }

    /// The newest `limit` exceptions, newest first.
    public func statementExceptions(environmentID: String, name: String, limit: Int = 10) throws -> [StatementException] {
        guard let seq = try statementSeq(environmentID: environmentID, name: name) else { return [] }
        return try connection.query("""
            SELECT name, message, ts FROM statement_exceptions WHERE statement_seq = ? ORDER BY seq DESC LIMIT ?
            """, [.integer(seq), .integer(Int64(limit))]) {
            StatementException(name: $0.string(0), message: $0.string(1), timestamp: $0.int64(2))
        }
    }

    // MARK: results

    /// Appends result rows (`row` is the encoded JSON array) after the stored ones.
    public func appendStatementResults(environmentID: String, name: String, _ rows: [(op: Int, row: String)]) throws {
        guard !rows.isEmpty, let seq = try statementSeq(environmentID: environmentID, name: name) else { return }
        var position = try connection.scalarInt("SELECT coalesce(max(position), -1) FROM statement_results WHERE statement_seq = ?",
                                                [.integer(seq)]) ?? -1
        let insert = try connection.prepare("INSERT INTO statement_results(statement_seq, position, op, row) VALUES(?,?,?,?)")
        for r in rows {
            position += 1
            insert.reset()
            try insert.bind(1, seq)
            try insert.bind(2, position)
            try insert.bind(3, r.op)
            try insert.bind(4, r.row)
            _ = try insert.step()
        }
    }

    /// Stored result rows from `position`, at most `limit`.
    public func statementResults(environmentID: String, name: String, from position: Int64,
                                 limit: Int) throws -> [(op: Int, row: String)] {
        guard let seq = try statementSeq(environmentID: environmentID, name: name) else { return [] }
        return try connection.query("""
            SELECT op, row FROM statement_results WHERE statement_seq = ? AND position >= ? ORDER BY position LIMIT ?
            """, [.integer(seq), .integer(position), .integer(Int64(limit))]) { (op: $0.int(0), row: $0.string(1)) }
    }

    public func statementResultCount(environmentID: String, name: String) throws -> Int64 {
        guard let seq = try statementSeq(environmentID: environmentID, name: name) else { return 0 }
        return try connection.scalarInt("SELECT count(*) FROM statement_results WHERE statement_seq = ?", [.integer(seq)]) ?? 0
    }

    private func statementSeq(environmentID: String, name: String) throws -> Int64? {
        try connection.scalarInt("SELECT seq FROM statements WHERE environment_id = ? AND name = ?",
                                 [.text(environmentID), .text(name)])
    }

    static func statement(_ row: Statement) -> FlinkStatement {
        let traits = row.optionalString(13).flatMap { try? JSONParser.parse($0) }.flatMap(StatementTraits.init(json:))
        return FlinkStatement(
            name: row.string(1), environmentID: row.string(2), organizationID: row.string(3), uid: row.string(4),
            sql: row.string(5), properties: LabelCodec.decode(row.string(6)), labels: LabelCodec.decode(row.string(7)),
            computePoolID: row.string(8), principal: row.string(9), stopped: row.int(10) != 0,
            phase: StatementPhase(rawValue: row.string(11)) ?? .failed, detail: row.string(12), traits: traits,
            scalingStatus: ScalingStatus(rawValue: row.string(14)) ?? .ok, latestOffsets: LabelCodec.decode(row.string(15)),
            latestOffsetsAt: row.optionalInt64(16), jobID: row.optionalString(17), createdAt: row.int64(18),
            updatedAt: row.int64(19), endTime: row.optionalInt64(20), resourceVersion: row.int64(21))
    }
}

extension StoreTransaction {
    /// Drops result rows before `position` (acknowledged by the reader of an unbounded query).
    public func deleteStatementResults(environmentID: String, name: String, before position: Int64) throws {
        try connection.run("""
            DELETE FROM statement_results WHERE position < ?
              AND statement_seq = (SELECT seq FROM statements WHERE environment_id = ? AND name = ?)
            """, [.integer(position), .text(environmentID), .text(name)])
    }
}

import Model
import SQLite

/// Application instances and events: append-only, newest kept up to a bound per application.
extension StoreTransaction {
    private static let instanceColumns = "seq, application_uid, uid, spec, job_id, job_version, job_state, created_at, updated_at"
    private static let eventColumns = "seq, application_uid, uid, instance, type, message, data_kind, data_value, created_at"

    /// Appends an instance and drops the oldest beyond `keep`.
    public func appendCMFInstance(_ i: CMFApplicationInstance, keep: Int) throws {
        try connection.run("""
            INSERT INTO cmf_application_instances(application_uid, uid, spec, job_id, job_version, job_state, created_at, updated_at)
            VALUES(?,?,?,?,?,?,?,?)
            """, [.text(i.applicationUID), .text(i.uid), .text(CMFJSONCodec.encode(i.spec)),
                  i.jobID.map(SQLValue.text) ?? .null, i.jobVersion.map { SQLValue.integer(Int64($0)) } ?? .null,
                  .text(i.jobState), .integer(i.createdAt), .integer(i.updatedAt)])
        try connection.run("""
            DELETE FROM cmf_application_instances WHERE application_uid = ?1 AND seq NOT IN
                (SELECT seq FROM cmf_application_instances WHERE application_uid = ?1 ORDER BY seq DESC LIMIT ?2)
            """, [.text(i.applicationUID), .integer(Int64(keep))])
    }

    /// Records the observed job state on an instance.
    public func updateCMFInstanceState(uid: String, jobState: String, at time: Int64) throws {
        try connection.run("UPDATE cmf_application_instances SET job_state = ?, updated_at = ? WHERE uid = ?",
                           [.text(jobState), .integer(time), .text(uid)])
    }

    public func latestCMFInstance(applicationUID: String) throws -> CMFApplicationInstance? {
        try connection.queryOne("""
            SELECT \(Self.instanceColumns) FROM cmf_application_instances WHERE application_uid = ? ORDER BY seq DESC LIMIT 1
            """, [.text(applicationUID)], map: Self.cmfInstance)
    }

    public func cmfInstance(applicationUID: String, uid: String) throws -> CMFApplicationInstance? {
        try connection.queryOne("SELECT \(Self.instanceColumns) FROM cmf_application_instances WHERE application_uid = ? AND uid = ?",
                                [.text(applicationUID), .text(uid)], map: Self.cmfInstance)
    }

    /// Instances oldest first.
    public func cmfInstances(applicationUID: String, page request: CMFPageRequest) throws -> CMFPage<CMFApplicationInstance> {
        let total = try connection.scalarInt("SELECT count(*) FROM cmf_application_instances WHERE application_uid = ?",
                                             [.text(applicationUID)]) ?? 0
        let items = try connection.query("""
            SELECT \(Self.instanceColumns) FROM cmf_application_instances WHERE application_uid = ? ORDER BY seq LIMIT ? OFFSET ?
            """, [.text(applicationUID), .integer(Int64(request.size)), .integer(Int64(request.offset))], map: Self.cmfInstance)
        return CMFPage(items: items, request: request, total: Int(total))
    }

    /// Appends an event and drops the oldest beyond `keep`.
    public func appendCMFEvent(_ e: CMFApplicationEvent, keep: Int) throws {
        let (kind, value): (SQLValue, SQLValue) = switch e.data {
        case .none: (.null, .null)
        case .newStatus(let s): (.text("newStatus"), .text(s))
        case .exceptionString(let s): (.text("exceptionString"), .text(s))
        }
        try connection.run("""
            INSERT INTO cmf_application_events(application_uid, uid, instance, type, message, data_kind, data_value, created_at)
            VALUES(?,?,?,?,?,?,?,?)
            """, [.text(e.applicationUID), .text(e.uid), e.instance.map(SQLValue.text) ?? .null, .text(e.type.rawValue),
                  .text(e.message), kind, value, .integer(e.createdAt)])
        try connection.run("""
            DELETE FROM cmf_application_events WHERE application_uid = ?1 AND seq NOT IN
                (SELECT seq FROM cmf_application_events WHERE application_uid = ?1 ORDER BY seq DESC LIMIT ?2)
            """, [.text(e.applicationUID), .integer(Int64(keep))])
    }

    /// Events newest first.
    public func cmfEvents(applicationUID: String, page request: CMFPageRequest) throws -> CMFPage<CMFApplicationEvent> {
        let total = try connection.scalarInt("SELECT count(*) FROM cmf_application_events WHERE application_uid = ?",
                                             [.text(applicationUID)]) ?? 0
        let items = try connection.query("""
            SELECT \(Self.eventColumns) FROM cmf_application_events WHERE application_uid = ? ORDER BY seq DESC LIMIT ? OFFSET ?
            """, [.text(applicationUID), .integer(Int64(request.size)), .integer(Int64(request.offset))], map: Self.cmfEvent)
        return CMFPage(items: items, request: request, total: Int(total))
    }

    static func cmfInstance(_ row: Statement) -> CMFApplicationInstance {
        CMFApplicationInstance(applicationUID: row.string(1), uid: row.string(2), spec: CMFJSONCodec.object(row.string(3)),
                               jobVersion: row.optionalInt64(5).map { Int($0) }, jobID: row.optionalString(4),
                               jobState: row.string(6), createdAt: row.int64(7), updatedAt: row.int64(8))
    }

    static func cmfEvent(_ row: Statement) -> CMFApplicationEvent {
        let data: CMFApplicationEvent.Data = switch (row.optionalString(6), row.optionalString(7)) {
        case ("newStatus"?, let v?): .newStatus(v)
        case ("exceptionString"?, let v?): .exceptionString(v)
        default: .none
        }
        return CMFApplicationEvent(applicationUID: row.string(1), uid: row.string(2), instance: row.optionalString(3),
                                   type: CMFApplicationEvent.EventType(rawValue: row.string(4)) ?? .cmfStatus,
                                   message: row.string(5), data: data, createdAt: row.int64(8))
    }
}

import CSQLite

/// An error reported by SQLite (or by this layer on top of it).
public struct SQLiteError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The SQLite result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT`, …); extended codes are kept as returned.
    public var code: Int32
    public var message: String
    /// The SQL being prepared or run, when there was one.
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low 8 bits of an extended code).
    public var primaryCode: Int32 { code & 0xFF }

    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    /// The disk (or the database's size limit) is full: `SQLITE_FULL`.
    public var isDiskFull: Bool { primaryCode == SQLITE_FULL }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(sql.prefix(200)))" }
        return text
    }

    /// Result code used by this layer for a database whose schema is newer than the code knows.
    public static let schemaTooNewCode: Int32 = SQLITE_ERROR

    static func from(_ db: OpaquePointer?, code: Int32, sql: String?) -> SQLiteError {
        let message: String
        if let db, let text = sqlite3_errmsg(db) {
            message = String(cString: text)
        } else if let text = sqlite3_errstr(code) {
            message = String(cString: text)
        } else {
            message = "unknown error"
        }
        return SQLiteError(code: code, message: message, sql: sql)
    }
}

import CSQLite

/// One SQLite connection with its prepared-statement cache. A connection is used by one thread at a time:
/// `Database` hands it out under its writer lock or from its reader pool, never to two threads at once
/// (hence `@unchecked Sendable`: ownership moves between threads, access never overlaps).
public final class Connection: @unchecked Sendable {
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    public let isReadOnly: Bool

    init(path: String, readOnly: Bool, busyTimeoutMillis: Int32) throws(SQLiteError) {
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let error = SQLiteError.from(db, code: rc, sql: nil)
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: error.code, message: "cannot open database '\(path)': \(error.message)")
        }
        self.handle = db
        self.isReadOnly = readOnly
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMillis)
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements without parameters (DDL, PRAGMA, BEGIN/COMMIT).
    public func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: rc, message: message, sql: sql)
        }
    }

    /// A prepared statement for `sql`, from the cache when this connection prepared it before; reset and
    /// with cleared bindings.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        let statement = try Statement(db: handle, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Prepares `sql`, binds `values` and runs it to completion. Returns the number of changed rows.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> Int {
        let statement = try prepare(sql)
        try statement.bind(values)
        try statement.run()
        statement.reset()
        return changes
    }

    /// Runs a query and maps each row with `map`.
    public func query<T>(_ sql: String, _ values: [SQLValue] = [], map: (Statement) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [T] = []
        while try statement.step() { rows.append(try map(statement)) }
        return rows
    }

    /// The first row of a query mapped with `map`, or nil.
    public func queryOne<T>(_ sql: String, _ values: [SQLValue] = [], map: (Statement) throws -> T) throws -> T? {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? try map(statement) : nil
    }

    /// The first column of the first row as an integer (e.g. `SELECT count(*)`), or nil without rows.
    public func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> Int64? {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() && !statement.isNull(0) ? statement.int64(0) : nil
    }

    /// The first column of the first row as text, or nil without rows.
    public func scalarText(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> String? {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() && !statement.isNull(0) ? statement.string(0) : nil
    }

    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// `PRAGMA user_version`.
    public func userVersion() throws(SQLiteError) -> Int {
        Int(try scalarInt("PRAGMA user_version") ?? 0)
    }

    func setUserVersion(_ version: Int) throws(SQLiteError) {
        try execute("PRAGMA user_version = \(version)")
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// `immediate` takes the write lock at BEGIN (use it for writes: no upgrade deadlocks).
    public func transaction<T>(immediate: Bool = true, _ body: (Connection) throws -> T) throws -> T {
        try control(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        do {
            let result = try body(self)
            try control("COMMIT")
            return result
        } catch {
            if isInTransaction { try? control("ROLLBACK") }
            throw error
        }
    }

    /// Runs a transaction-control statement through the statement cache (no re-parsing per request).
    func control(_ sql: String) throws(SQLiteError) {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.run()
    }
}

import Runtime
import SQL

/// A table as the catalog holds it: columns (physical and computed), watermark, primary key and options.
public struct TableDefinition: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var type: DataType
        /// `name AS expr` — evaluated over the physical columns.
        public var computed: Expr?
    }

    public var name: String
    public var columns: [Column]
    /// The event-time column and its `WATERMARK FOR … AS col - INTERVAL …` delay in milliseconds.
    public var watermark: (column: String, delayMillis: Int64)?
    public var primaryKey: [String]
    public var options: [String: String]
}

/// `CREATE VIEW name AS query`.
public struct ViewDefinition: Sendable {
    public init(name: String, columns: [String], query: Query) {
        self.name = name
        self.columns = columns
        self.query = query
    }

    /// Re-creates a view from its stored `CREATE VIEW` text.
    public init(ddl: String) throws {
        let statements = try ScriptPlanner.parse(ddl)
        guard statements.count == 1, case let .createView(cv) = statements[0].statement else {
            throw PlannerError.validation("Not a CREATE VIEW statement")
        }
        self.init(name: cv.name.name, columns: cv.columns.map(\.name), query: cv.query)
    }

    public var name: String
    public var columns: [String]
    public var query: Query
}

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
    public var name: String
    public var columns: [String]
    public var query: Query
}

import Model

/// The outcome of validating a job's SQL (the dry run behind `POST …/jobs/validate`): each statement's
/// kind, the result schema, the job graph the script plans to, or the errors (each an `APIError` 400
/// with code `sql_parse_error` / `sql_validation_error`, `source.pointer` `/sql`, line and column).
public struct SQLValidationReport: Sendable, Equatable {
    public struct Statement: Sendable, Equatable {
        /// `CREATE_TABLE`, `CREATE_VIEW`, `INSERT`, `STATEMENT_SET`, `SELECT`, `SET`, `DROP_TABLE`, …
        public var kind: String
        /// The table created or written to.
        public var table: String?
        /// 1-based line where the statement starts.
        public var line: Int

        public init(kind: String, table: String?, line: Int) {
            self.kind = kind
            self.table = table
            self.line = line
        }
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        /// Flink's spelling, e.g. `BIGINT NOT NULL`, `TIMESTAMP(3) *ROWTIME*`.
        public var type: String

        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    public var statements: [Statement]
    public var schema: [Column]
    /// `append` or `retract` (an updating result); nil when the script runs no query.
    public var changelogMode: String?
    public var graph: JobGraphInfo?
    public var errors: [APIError]

    public var valid: Bool { errors.isEmpty }

    public init(statements: [Statement] = [], schema: [Column] = [], changelogMode: String? = nil,
                graph: JobGraphInfo? = nil, errors: [APIError] = []) {
        self.statements = statements
        self.schema = schema
        self.changelogMode = changelogMode
        self.graph = graph
        self.errors = errors
    }
}

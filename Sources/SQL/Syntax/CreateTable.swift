/// `CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (…) [COMMENT '…'] [PARTITIONED BY (…)] [WITH (…)]
/// [LIKE other (…)] [AS query]`.
public struct CreateTable: Sendable, Hashable {
    public var name: ObjectName
    public var temporary: Bool
    public var ifNotExists: Bool
    public var columns: [ColumnDefinition]
    public var watermarks: [WatermarkDefinition]
    public var primaryKey: PrimaryKey?
    public var comment: String?
    public var partitionedBy: [Identifier]
    /// `DISTRIBUTED BY [HASH|RANGE] (cols) [INTO n BUCKETS]` / `DISTRIBUTED INTO n BUCKETS` (Confluent Cloud).
    public var distribution: Distribution?
    public var options: [TableOption]
    public var like: LikeClause?
    /// `CREATE TABLE … AS SELECT`.
    public var asQuery: Query?
    public var span: SourceSpan

    public init(name: ObjectName, temporary: Bool = false, ifNotExists: Bool = false,
                columns: [ColumnDefinition] = [], watermarks: [WatermarkDefinition] = [],
                primaryKey: PrimaryKey? = nil, comment: String? = nil, partitionedBy: [Identifier] = [],
                options: [TableOption] = [], like: LikeClause? = nil, asQuery: Query? = nil,
                span: SourceSpan = .unknown) {
        self.name = name
        self.temporary = temporary
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.watermarks = watermarks
        self.primaryKey = primaryKey
        self.comment = comment
        self.partitionedBy = partitionedBy
        self.options = options
        self.like = like
        self.asQuery = asQuery
        self.span = span
    }

    public struct Distribution: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case hash = "HASH", range = "RANGE" }
        /// nil when written without `HASH`/`RANGE`.
        public var kind: Kind?
        public var columns: [Identifier]
        public var buckets: Int?

        public init(kind: Kind? = nil, columns: [Identifier] = [], buckets: Int? = nil) {
            self.kind = kind
            self.columns = columns
            self.buckets = buckets
        }
    }

    /// The value of a `WITH` option (keys compare exactly).
    public func option(_ key: String) -> String? { options.first { $0.key == key }?.value }
}

public struct ColumnDefinition: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `name TYPE`.
        case physical(TypeSyntax)
        /// `name AS expr`.
        case computed(Expr)
        /// `name TYPE METADATA [FROM 'key'] [VIRTUAL]`.
        case metadata(TypeSyntax, key: String?, isVirtual: Bool)
    }
    public var name: Identifier
    public var kind: Kind
    /// Column-level `PRIMARY KEY NOT ENFORCED`.
    public var isPrimaryKey: Bool
    public var comment: String?
    public var span: SourceSpan

    public init(name: Identifier, kind: Kind, isPrimaryKey: Bool = false, comment: String? = nil,
                span: SourceSpan = .unknown) {
        self.name = name
        self.kind = kind
        self.isPrimaryKey = isPrimaryKey
        self.comment = comment
        self.span = span
    }

    /// The declared type (nil for computed columns).
    public var type: TypeSyntax? {
        switch kind {
        case .physical(let t), .metadata(let t, _, _): return t
        case .computed: return nil
        }
    }
}

/// `WATERMARK FOR column AS expr`.
public struct WatermarkDefinition: Sendable, Hashable {
    public var column: Identifier
    public var expression: Expr
    public var span: SourceSpan

    public init(column: Identifier, expression: Expr, span: SourceSpan = .unknown) {
        self.column = column
        self.expression = expression
        self.span = span
    }
}

/// `[CONSTRAINT name] PRIMARY KEY (cols) NOT ENFORCED`.
public struct PrimaryKey: Sendable, Hashable {
    public var constraintName: Identifier?
    public var columns: [Identifier]
    public var enforced: Bool
    public var span: SourceSpan

    public init(constraintName: Identifier? = nil, columns: [Identifier], enforced: Bool = false,
                span: SourceSpan = .unknown) {
        self.constraintName = constraintName
        self.columns = columns
        self.enforced = enforced
        self.span = span
    }
}

/// `'key' = 'value'` in `WITH (…)`, `SET (…)`, and static partition specs.
public struct TableOption: Sendable, Hashable {
    public var key: String
    public var value: String
    public var span: SourceSpan

    public init(key: String, value: String, span: SourceSpan = .unknown) {
        self.key = key
        self.value = value
        self.span = span
    }
}

/// `LIKE source [(INCLUDING ALL | EXCLUDING OPTIONS | …)]`.
public struct LikeClause: Sendable, Hashable {
    public var source: ObjectName
    /// Each option as upper-case words, e.g. `["INCLUDING", "ALL"]`.
    public var options: [[String]]

    public init(source: ObjectName, options: [[String]] = []) {
        self.source = source
        self.options = options
    }
}

/// `CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] [COMMENT '…'] AS query`.
public struct CreateView: Sendable, Hashable {
    public var name: ObjectName
    public var temporary: Bool
    public var ifNotExists: Bool
    public var columns: [Identifier]
    public var comment: String?
    public var query: Query
    public var span: SourceSpan

    public init(name: ObjectName, temporary: Bool = false, ifNotExists: Bool = false, columns: [Identifier] = [],
                comment: String? = nil, query: Query, span: SourceSpan = .unknown) {
        self.name = name
        self.temporary = temporary
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.comment = comment
        self.query = query
        self.span = span
    }
}

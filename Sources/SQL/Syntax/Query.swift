/// `[WITH …] body [ORDER BY …] [LIMIT n] [OFFSET m]`.
public struct Query: Sendable, Hashable {
    public var with: [CommonTableExpression]
    public var body: QueryBody
    public var orderBy: [OrderItem]
    public var limit: Expr?
    public var offset: Expr?
    public var span: SourceSpan

    public init(with: [CommonTableExpression] = [], body: QueryBody, orderBy: [OrderItem] = [], limit: Expr? = nil,
                offset: Expr? = nil, span: SourceSpan = .unknown) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
        self.span = span
    }

    /// The `SELECT` when the query is a plain one (no set operation, no VALUES).
    public var select: Select? {
        switch body {
        case .select(let s): return s
        case .query(let q) where with.isEmpty && orderBy.isEmpty && limit == nil && offset == nil: return q.select
        default: return nil
        }
    }
}

public indirect enum QueryBody: Sendable, Hashable {
    case select(Select)
    /// `VALUES (…), (…)` — each row a list of expressions.
    case values([[Expr]])
    case setOperation(SetOperation)
    /// A parenthesised query used as an operand (keeps its own WITH/ORDER BY/LIMIT).
    case query(Query)
}

public struct SetOperation: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case union = "UNION", except = "EXCEPT", intersect = "INTERSECT" }
    public var kind: Kind
    public var all: Bool
    public var left: QueryBody
    public var right: QueryBody

    public init(kind: Kind, all: Bool, left: QueryBody, right: QueryBody) {
        self.kind = kind
        self.all = all
        self.left = left
        self.right = right
    }
}

/// `name [(cols)] AS (query)`.
public struct CommonTableExpression: Sendable, Hashable {
    public var name: Identifier
    public var columns: [Identifier]
    public var query: Query

    public init(name: Identifier, columns: [Identifier] = [], query: Query) {
        self.name = name
        self.columns = columns
        self.query = query
    }
}

public struct Select: Sendable, Hashable {
    public var isDistinct: Bool
    public var items: [SelectItem]
    public var from: TableRef?
    public var whereClause: Expr?
    public var groupBy: [Expr]
    public var having: Expr?
    public var windows: [NamedWindow]
    public var span: SourceSpan

    public init(isDistinct: Bool = false, items: [SelectItem], from: TableRef? = nil, whereClause: Expr? = nil,
                groupBy: [Expr] = [], having: Expr? = nil, windows: [NamedWindow] = [], span: SourceSpan = .unknown) {
        self.isDistinct = isDistinct
        self.items = items
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
        self.windows = windows
        self.span = span
    }
}

/// A projection: `expr [[AS] alias]`; `*` and `t.*` are `Expr.star`.
public struct SelectItem: Sendable, Hashable {
    public var expr: Expr
    public var alias: Identifier?

    public init(expr: Expr, alias: Identifier? = nil) {
        self.expr = expr
        self.alias = alias
    }
}

public struct OrderItem: Sendable, Hashable {
    public var expr: Expr
    public var descending: Bool
    /// `NULLS FIRST` (true) / `NULLS LAST` (false) / unspecified (nil).
    public var nullsFirst: Bool?

    public init(expr: Expr, descending: Bool = false, nullsFirst: Bool? = nil) {
        self.expr = expr
        self.descending = descending
        self.nullsFirst = nullsFirst
    }
}

/// `WINDOW name AS (spec)`.
public struct NamedWindow: Sendable, Hashable {
    public var name: Identifier
    public var spec: WindowSpec

    public init(name: Identifier, spec: WindowSpec) {
        self.name = name
        self.spec = spec
    }
}

/// `AS alias [(col, …)]`.
public struct TableAlias: Sendable, Hashable {
    public var name: Identifier
    public var columns: [Identifier]

    public init(name: Identifier, columns: [Identifier] = []) {
        self.name = name
        self.columns = columns
    }
}

public indirect enum TableRef: Sendable, Hashable {
    case table(TableName)
    /// `(query) [AS] alias` — also `(VALUES …) AS t(a, b)`.
    case subquery(Query, alias: TableAlias?, span: SourceSpan)
    /// `TABLE(f(…))` (window TVFs) or `LATERAL TABLE(f(…))`.
    case function(TableFunction)
    case join(Join)

    public var span: SourceSpan {
        switch self {
        case .table(let t): return t.span
        case .subquery(_, _, let s): return s
        case .function(let f): return f.span
        case .join(let j): return j.span
        }
    }
}

public struct TableName: Sendable, Hashable {
    public var name: ObjectName
    public var alias: TableAlias?
    /// `FOR SYSTEM_TIME AS OF expr` (temporal join).
    public var systemTimeAsOf: Expr?
    public var span: SourceSpan

    public init(name: ObjectName, alias: TableAlias? = nil, systemTimeAsOf: Expr? = nil, span: SourceSpan = .unknown) {
        self.name = name
        self.alias = alias
        self.systemTimeAsOf = systemTimeAsOf
        self.span = span
    }
}

public struct TableFunction: Sendable, Hashable {
    /// The call inside `TABLE(…)`, an `Expr` whose kind is `.call`.
    public var call: Expr
    public var lateral: Bool
    public var alias: TableAlias?
    public var span: SourceSpan

    public init(call: Expr, lateral: Bool = false, alias: TableAlias? = nil, span: SourceSpan = .unknown) {
        self.call = call
        self.lateral = lateral
        self.alias = alias
        self.span = span
    }
}

public struct Join: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case inner = "JOIN", left = "LEFT JOIN", right = "RIGHT JOIN", full = "FULL JOIN", cross = "CROSS JOIN"
        /// `FROM a, b`.
        case comma = ","
    }
    public enum Condition: Sendable, Hashable {
        case none
        case on(Expr)
        case using([Identifier])
    }
    public var kind: Kind
    public var natural: Bool
    public var left: TableRef
    public var right: TableRef
    public var condition: Condition
    public var span: SourceSpan

    public init(kind: Kind, natural: Bool = false, left: TableRef, right: TableRef, condition: Condition = .none,
                span: SourceSpan = .unknown) {
        self.kind = kind
        self.natural = natural
        self.left = left
        self.right = right
        self.condition = condition
        self.span = span
    }
}

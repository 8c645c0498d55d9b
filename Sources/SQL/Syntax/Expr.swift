/// An expression with the span it was written at (see `Statement` for the normalisations).
public struct Expr: Sendable, Hashable {
    public var kind: ExprKind
    public var span: SourceSpan

    public init(_ kind: ExprKind, span: SourceSpan = .unknown) {
        self.kind = kind
        self.span = span
    }

    /// Start of the expression (line, column), where validation errors point.
    public var position: SourcePosition { span.start }
}

public indirect enum ExprKind: Sendable, Hashable {
    /// `col`, `t.col`, `cat.db.t.col` — resolution is the planner's job.
    case identifier([Identifier])
    /// `*` or `t.*` (in a select list or `COUNT(*)`).
    case star(qualifier: [Identifier])
    case literal(Literal)
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// `x IS [NOT] NULL|TRUE|FALSE|UNKNOWN`.
    case isPredicate(Expr, IsTest, negated: Bool)
    /// `a IS [NOT] DISTINCT FROM b`.
    case isDistinctFrom(Expr, Expr, negated: Bool)
    /// `x [NOT] BETWEEN [SYMMETRIC] low AND high`.
    case between(Expr, low: Expr, high: Expr, negated: Bool, symmetric: Bool)
    case inList(Expr, [Expr], negated: Bool)
    case inSubquery(Expr, Query, negated: Bool)
    /// `x [NOT] LIKE p [ESCAPE e]` or `x [NOT] SIMILAR TO p [ESCAPE e]`.
    case like(Expr, pattern: Expr, escape: Expr?, negated: Bool, similar: Bool)
    case call(FunctionCall)
    /// `CAST(x AS type)` / `TRY_CAST(x AS type)`.
    case cast(Expr, TypeSyntax, isTry: Bool)
    /// `CASE [operand] WHEN … THEN … [ELSE …] END`.
    case caseWhen(operand: Expr?, whens: [WhenClause], otherwise: Expr?)
    /// `ARRAY[…]`.
    case array([Expr])
    /// `MAP[k, v, …]` (flattened key/value list).
    case map([Expr])
    /// `ROW(…)` (`explicit`) or a parenthesised list `(a, b)`.
    case row([Expr], explicit: Bool)
    /// `a[i]`.
    case item(Expr, Expr)
    /// `expr.field` where `expr` is not a plain name (e.g. `f(x).a`, `a[1].b`).
    case field(Expr, Identifier)
    /// Scalar subquery `(SELECT …)`.
    case subquery(Query)
    case exists(Query)
    /// A time unit argument (`EXTRACT`, `TIMESTAMPADD`, `TIMESTAMPDIFF`, `FLOOR/CEIL … TO`).
    case timeUnit(TimeUnit)
    case trimFlag(TrimFlag)
    /// `TABLE t` inside a table function's arguments (window TVFs).
    case tableArgument(ObjectName)
    /// `DESCRIPTOR(a, b)`.
    case descriptor([Identifier])
    /// `name => value` in a call.
    case namedArgument(Identifier, Expr)
}

public enum UnaryOperator: String, Sendable, Hashable { case minus = "-", plus = "+", not = "NOT" }

public enum BinaryOperator: String, Sendable, Hashable {
    case or = "OR", and = "AND"
    case equals = "=", notEquals = "<>", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case concat = "||", plus = "+", minus = "-", times = "*", divide = "/", modulo = "%"

    /// Binding strength (higher binds tighter), Calcite's order.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equals, .notEquals, .less, .lessEqual, .greater, .greaterEqual: return 4
        case .concat, .plus, .minus: return 6
        case .times, .divide, .modulo: return 7
        }
    }
}

public enum IsTest: String, Sendable, Hashable { case null = "NULL", true_ = "TRUE", false_ = "FALSE", unknown = "UNKNOWN" }

public enum TrimFlag: String, Sendable, Hashable { case both = "BOTH", leading = "LEADING", trailing = "TRAILING" }

public enum TimeUnit: String, Sendable, Hashable, CaseIterable {
    case year = "YEAR", quarter = "QUARTER", month = "MONTH", week = "WEEK", day = "DAY", hour = "HOUR"
    case minute = "MINUTE", second = "SECOND", millisecond = "MILLISECOND", microsecond = "MICROSECOND"
    case nanosecond = "NANOSECOND", dow = "DOW", doy = "DOY", epoch = "EPOCH", decade = "DECADE"
    case century = "CENTURY", millennium = "MILLENNIUM", isodow = "ISODOW", isoyear = "ISOYEAR"
}

public struct WhenClause: Sendable, Hashable {
    public var condition: Expr
    public var result: Expr

    public init(condition: Expr, result: Expr) {
        self.condition = condition
        self.result = result
    }
}

public enum Literal: Sendable, Hashable {
    /// Exact integer as written (`42`); may exceed Int64 (then the planner decides: DECIMAL or error).
    case integer(String)
    /// Exact decimal as written (`4.50`, `.5`) — Flink types it `DECIMAL(p, s)`.
    case decimal(String)
    /// Approximate (`1e3`, `2.5E-1`) — `DOUBLE`.
    case approximate(String)
    case string(String)
    /// `X'0A1B'` hex digits as written.
    case binary(String)
    case boolean(Bool)
    case null
    /// `DATE '2024-01-01'`, `TIME '…'`, `TIMESTAMP '…'`, `TIMESTAMP_LTZ '…'` — the text as written.
    case date(String), time(String), timestamp(String), timestampLTZ(String)
    case interval(IntervalLiteral)
}

/// `INTERVAL [-]'value' qualifier`, e.g. `INTERVAL '5' SECOND`, `INTERVAL '1:30' HOUR TO MINUTE`,
/// `INTERVAL '10' MINUTE(3)`.
public struct IntervalLiteral: Sendable, Hashable {
    public var value: String
    public var negative: Bool
    public var qualifier: IntervalQualifier

    public init(value: String, negative: Bool = false, qualifier: IntervalQualifier) {
        self.value = value
        self.negative = negative
        self.qualifier = qualifier
    }
}

public struct IntervalQualifier: Sendable, Hashable {
    public var start: TimeUnit
    public var startPrecision: Int?
    public var end: TimeUnit?
    /// Fractional second precision (`SECOND(2, 3)` / `… TO SECOND(3)`).
    public var fractionalPrecision: Int?

    public init(start: TimeUnit, startPrecision: Int? = nil, end: TimeUnit? = nil, fractionalPrecision: Int? = nil) {
        self.start = start
        self.startPrecision = startPrecision
        self.end = end
        self.fractionalPrecision = fractionalPrecision
    }

    /// Year-month intervals (YEAR, MONTH, YEAR TO MONTH, QUARTER) vs day-time ones.
    public var isYearMonth: Bool { start == .year || start == .month || start == .quarter }
}

public struct FunctionCall: Sendable, Hashable {
    /// The name as written (`COUNT`, `my_udf`); may be qualified (`cat.db.f`). Special forms use upper case.
    public var name: ObjectName
    public var arguments: [Expr]
    /// `COUNT(DISTINCT x)`.
    public var isDistinct: Bool
    /// `agg(x) FILTER (WHERE cond)`.
    public var filter: Expr?
    public var over: WindowReference?
    /// False for `CURRENT_TIMESTAMP`, `CURRENT_DATE`, `LOCALTIMESTAMP`, … written without parentheses.
    public var hasParentheses: Bool

    public init(name: ObjectName, arguments: [Expr] = [], isDistinct: Bool = false, filter: Expr? = nil,
                over: WindowReference? = nil, hasParentheses: Bool = true) {
        self.name = name
        self.arguments = arguments
        self.isDistinct = isDistinct
        self.filter = filter
        self.over = over
        self.hasParentheses = hasParentheses
    }

    /// The function's own name in upper case, for matching built-ins.
    public var upperName: String { name.name.uppercased() }
}

public enum WindowReference: Sendable, Hashable {
    /// `OVER w` (defined in the WINDOW clause).
    case named(Identifier)
    case spec(WindowSpec)
}

/// `([base] [PARTITION BY …] [ORDER BY …] [ROWS|RANGE …])`.
public struct WindowSpec: Sendable, Hashable {
    public var base: Identifier?
    public var partitionBy: [Expr]
    public var orderBy: [OrderItem]
    public var frame: WindowFrame?

    public init(base: Identifier? = nil, partitionBy: [Expr] = [], orderBy: [OrderItem] = [], frame: WindowFrame? = nil) {
        self.base = base
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
    }
}

public struct WindowFrame: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable { case rows = "ROWS", range = "RANGE" }
    public enum Bound: Sendable, Hashable {
        case unboundedPreceding, unboundedFollowing, currentRow
        case preceding(Expr), following(Expr)
    }
    public var unit: Unit
    public var start: Bound
    /// nil for the short form `ROWS <start>` (end is CURRENT ROW).
    public var end: Bound?

    public init(unit: Unit, start: Bound, end: Bound? = nil) {
        self.unit = unit
        self.start = start
        self.end = end
    }
}

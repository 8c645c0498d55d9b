/// # The Flink SQL syntax tree
///
/// `SQLParser.parseScript(_:)` returns `[ParsedStatement]` (statements split on `;`, comment-only pieces
/// dropped, `BEGIN STATEMENT SET; …; END;` folded into one `.statementSet`); `SQLParser.parseStatement(_:)`
/// parses exactly one. Errors are `SQLParseError` (code `sql_parse_error`, Flink's message, line, column).
/// `SQLPrinter.print(_:)` turns any node back into canonical SQL (parse → print → parse gives an equal tree).
///
/// Shape:
/// - `Statement`: `.query(Query)`, `.insert(Insert)`, `.statementSet([Insert])`, `.createTable(CreateTable)`,
///   `.createView(CreateView)`, `.drop(Drop)`, `.alterTable(AlterTable)`, `.show(Show)`, `.describe(…)`,
///   `.use(…)`, `.set(key:value:)`, `.reset(key:)`, `.explain(Statement)`.
/// - `Query` = optional `WITH` list + `QueryBody` (`.select(Select)`, `.values([[Expr]])`,
///   `.setOperation(SetOperation)`, `.query(Query)` for a parenthesised query with its own ORDER/LIMIT)
///   + `ORDER BY` + `LIMIT`/`OFFSET`.
/// - `Select`: `isDistinct`, `items: [SelectItem]` (expr + alias; `*` and `t.*` are `Expr.star`),
///   `from: TableRef?`, `whereClause`, `groupBy: [Expr]`, `having`, `windows` (the `WINDOW w AS (…)` clause).
/// - `TableRef` (indirect enum): `.table(TableName)` (name, alias, `FOR SYSTEM_TIME AS OF`),
///   `.subquery(Query, alias)`, `.function(TableFunction)` (`TABLE(f(…))` incl. window TVFs, `LATERAL TABLE`),
///   `.join(Join)` (kind incl. `.comma` for `FROM a, b`; condition `.on(Expr)` / `.using([Identifier])`).
/// - `Expr` = `kind: ExprKind` + `span: SourceSpan` (first..last character, like Calcite's positions;
///   e.g. `SUM(x)` spans from `S` to `)`, a column reference from its first to last character).
///   `ExprKind`: `.identifier([Identifier])` (compound names `t.col` or `col` unresolved; the planner decides
///   table vs field), `.star(qualifier:)`, `.literal(Literal)`, `.unary`, `.binary(BinaryOperator, l, r)`,
///   `.isPredicate`, `.isDistinctFrom`, `.between`, `.inList`, `.inSubquery`, `.like`, `.call(FunctionCall)`,
///   `.cast`, `.caseWhen`, `.array`, `.map`, `.row`, `.item` (`a[i]`), `.field`, `.subquery`, `.exists`, and
///   argument-only nodes `.timeUnit` (EXTRACT/TIMESTAMPADD/FLOOR … TO), `.trimFlag`, `.tableArgument`
///   (`TABLE t` in a TVF), `.descriptor` (`DESCRIPTOR(ts)`), `.namedArgument` (`DATA => …`).
///   Intervals are `Literal.interval`; `DATE '…'`/`TIME '…'`/`TIMESTAMP '…'` are literals too.
///   Special syntax is normalised onto `FunctionCall` with upper-cased names: `EXTRACT(u FROM x)` →
///   `EXTRACT(.timeUnit(u), x)`; `POSITION(a IN b [FROM c])` → `POSITION(a, b[, c])`;
///   `SUBSTRING(s FROM a FOR b)` → `SUBSTRING(s, a, b)`; `TRIM(LEADING c FROM s)` → `TRIM(.trimFlag, c, s)`
///   (flag `.both` and `' '` filled in when omitted); `FLOOR(x TO u)`/`CEIL(x TO u)` → `FLOOR(x, .timeUnit(u))`;
///   `TIMESTAMPADD(u, n, ts)` → args `[.timeUnit(u), n, ts]`; `CURRENT_TIMESTAMP` etc. → call with
///   `hasParentheses == false`. `x OVER (…)`/`OVER w` is `FunctionCall.over`.
/// - Types are syntax only (`TypeSyntax`: upper-cased name, integer params, children, field names,
///   nullability); the planner maps them to runtime types.
/// - `Identifier.name` keeps the spelling as written (backticks removed); names match case-sensitively.
///
/// Equality ignores positions (`SourceSpan` always compares equal).
///
/// Known gaps (accepted differently from Flink or not supported):
/// - Only the reserved words in `Keyword.reserved` are refused as identifiers; Calcite reserves more
///   (e.g. `VALUE`, `USER`), which we accept unquoted.
/// - `"double quoted"` text is read as a quoted identifier; hints `/*+ … */` are skipped as comments.
/// - Not parsed: `CREATE FUNCTION/CATALOG/DATABASE`, `ALTER TABLE ADD/MODIFY/DROP`, `SHOW … LIKE`,
///   `GROUPING SETS`, `MATCH_RECOGNIZE`, `UNNEST`, `ROWS`-suffix array types (`INT ARRAY`), `RAW` types,
///   `JSON_OBJECT(KEY … VALUE …)` syntax, `U&'…'` strings, `?` parameters.
/// - When Calcite would name several tokens after "Encountered", we name only the first; the
///   "Was expecting one of" list is shorter than Calcite's.
/// - Nesting deeper than `SQLParser.maxDepth` (100) is refused with a parse error.
public indirect enum Statement: Sendable, Hashable {
    case query(Query)
    case insert(Insert)
    /// `EXECUTE STATEMENT SET BEGIN …; END` or the SQL-client form `BEGIN STATEMENT SET; …; END;`.
    case statementSet([Insert])
    case createTable(CreateTable)
    case createView(CreateView)
    case drop(Drop)
    case alterTable(AlterTable)
    case show(Show)
    /// `DESCRIBE [EXTENDED] name` / `DESC name`.
    case describe(ObjectName, extended: Bool)
    case use(Use)
    /// `SET 'key' = 'value'`; bare `SET` lists the options (both nil).
    case set(key: String?, value: String?)
    /// `RESET ['key']`.
    case reset(key: String?)
    /// `EXPLAIN [PLAN FOR] statement`.
    case explain(Statement)
}

/// A statement of a script together with where it was written.
public struct ParsedStatement: Sendable, Hashable {
    public var statement: Statement
    public var span: SourceSpan
    /// The statement's text as written (without the terminating `;`).
    public var text: String

    public init(statement: Statement, span: SourceSpan, text: String) {
        self.statement = statement
        self.span = span
        self.text = text
    }
}

/// A name as written, without quotes.
public struct Identifier: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var name: String
    public var span: SourceSpan

    public init(_ name: String, span: SourceSpan = .unknown) {
        self.name = name
        self.span = span
    }
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { name }
}

/// `[catalog.][database.]object`.
public struct ObjectName: Sendable, Hashable, CustomStringConvertible {
    public var parts: [Identifier]
    public var span: SourceSpan

    public init(_ parts: [Identifier], span: SourceSpan = .unknown) {
        self.parts = parts
        self.span = span
    }
    /// The last part (the object's own name).
    public var name: String { parts.last?.name ?? "" }
    public var description: String { parts.map(\.name).joined(separator: ".") }
}

public struct Insert: Sendable, Hashable {
    public var table: ObjectName
    public var overwrite: Bool
    /// `PARTITION (k = v, …)` static partition spec.
    public var partition: [TableOption]
    public var columns: [Identifier]
    public var source: Query
    public var span: SourceSpan

    public init(table: ObjectName, overwrite: Bool = false, partition: [TableOption] = [],
                columns: [Identifier] = [], source: Query, span: SourceSpan = .unknown) {
        self.table = table
        self.overwrite = overwrite
        self.partition = partition
        self.columns = columns
        self.source = source
        self.span = span
    }
}

public struct Drop: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case table = "TABLE", view = "VIEW", database = "DATABASE",
                                                 catalog = "CATALOG", function = "FUNCTION" }
    public var kind: Kind
    public var temporary: Bool
    public var ifExists: Bool
    public var name: ObjectName

    public init(kind: Kind, temporary: Bool = false, ifExists: Bool = false, name: ObjectName) {
        self.kind = kind
        self.temporary = temporary
        self.ifExists = ifExists
        self.name = name
    }
}

public struct AlterTable: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case setOptions([TableOption])
        case resetOptions([String])
        case rename(ObjectName)
    }
    public var name: ObjectName
    public var ifExists: Bool
    public var action: Action

    public init(name: ObjectName, ifExists: Bool = false, action: Action) {
        self.name = name
        self.ifExists = ifExists
        self.action = action
    }
}

public enum Show: Sendable, Hashable {
    case tables, views, databases, catalogs, functions, jobs, modules, currentCatalog, currentDatabase
    case createTable(ObjectName)
    case createView(ObjectName)
}

public enum Use: Sendable, Hashable {
    case catalog(Identifier)
    /// `USE db` / `USE catalog.db` / `USE DATABASE db`.
    case database(ObjectName)
}

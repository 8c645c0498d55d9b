/// Flink's logical types, as the runtime needs them to encode, decode, compare and aggregate values.
/// The planner infers these; `description` prints Flink's `DataType.toString()` spelling
/// (e.g. `STRING`, `VARCHAR(7) NOT NULL`, `DECIMAL(38, 6)`, `TIMESTAMP(3) *ROWTIME*`).
public indirect enum LogicalType: Sendable, Hashable {
    case boolean
    case tinyint, smallint, int, bigint
    case float, double
    case decimal(precision: Int, scale: Int)
    case char(length: Int)
    case varchar(length: Int)          // STRING = VARCHAR(2147483647)
    case binary(length: Int)
    case varbinary(length: Int)        // BYTES = VARBINARY(2147483647)
    case date
    case time(precision: Int)
    case timestamp(precision: Int)
    case timestampLTZ(precision: Int)
    case intervalDayTime
    case intervalYearMonth
    case array(DataType)
    case map(key: DataType, value: DataType)
    case row([Field])
    case null

    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: DataType
        public init(name: String, type: DataType) { self.name = name; self.type = type }
    }

    public static let maxLength = 2_147_483_647
    public static let string = LogicalType.varchar(length: maxLength)
    public static let bytes = LogicalType.varbinary(length: maxLength)
}

/// A logical type plus nullability and the event-time marker Flink prints as `*ROWTIME*`.
public struct DataType: Sendable, Hashable, CustomStringConvertible {
    public var logical: LogicalType
    public var nullable: Bool
    public var isRowtime: Bool

    public init(_ logical: LogicalType, nullable: Bool = true, isRowtime: Bool = false) {
        self.logical = logical
        self.nullable = nullable
        self.isRowtime = isRowtime
    }

    public func notNull() -> DataType { var t = self; t.nullable = false; return t }
    public func withNullable(_ n: Bool) -> DataType { var t = self; t.nullable = n; return t }

    public var description: String {
        var s = Self.spell(logical)
        if !nullable { s += " NOT NULL" }
        if isRowtime { s += " *ROWTIME*" }
        return s
    }

    static func spell(_ t: LogicalType) -> String {
        switch t {
        case .boolean: return "BOOLEAN"
        case .tinyint: return "TINYINT"
        case .smallint: return "SMALLINT"
        case .int: return "INT"
        case .bigint: return "BIGINT"
        case .float: return "FLOAT"
        case .double: return "DOUBLE"
        case let .decimal(p, s): return "DECIMAL(\(p), \(s))"
        case let .char(n): return "CHAR(\(n))"
        case let .varchar(n): return n == LogicalType.maxLength ? "STRING" : "VARCHAR(\(n))"
        case let .binary(n): return "BINARY(\(n))"
        case let .varbinary(n): return n == LogicalType.maxLength ? "BYTES" : "VARBINARY(\(n))"
        case .date: return "DATE"
        case let .time(p): return "TIME(\(p))"
        case let .timestamp(p): return "TIMESTAMP(\(p))"
        case let .timestampLTZ(p): return "TIMESTAMP_LTZ(\(p))"
        case .intervalDayTime: return "INTERVAL SECOND(3)"
        case .intervalYearMonth: return "INTERVAL MONTH"
        case let .array(e): return "ARRAY<\(e)>"
        case let .map(k, v): return "MAP<\(k), \(v)>"
        case let .row(fields): return "ROW<" + fields.map { "`\($0.name)` \($0.type)" }.joined(separator: ", ") + ">"
        case .null: return "NULL"
        }
    }
}

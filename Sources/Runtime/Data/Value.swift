/// One SQL value at run time. The representation per logical type is fixed here, so the planner
/// (which compiles expressions) and the runtime (which encodes, compares and aggregates) agree:
///
/// | logical type                         | case                                            |
/// |--------------------------------------|-------------------------------------------------|
/// | BOOLEAN                              | `.bool`                                         |
/// | TINYINT SMALLINT INT BIGINT          | `.int` (wrapped to the type's width by the op)  |
/// | FLOAT DOUBLE                         | `.double`                                       |
/// | DECIMAL(p, s)                        | `.decimal(unscaled, scale)`, value = unscaled / 10^scale |
/// | CHAR VARCHAR STRING                  | `.string`                                       |
/// | BINARY VARBINARY BYTES               | `.bytes`                                        |
/// | DATE                                 | `.date(days since 1970-01-01)`                  |
/// | TIME(p)                              | `.time(microseconds since midnight)`            |
/// | TIMESTAMP(p), TIMESTAMP_LTZ(p)       | `.timestamp(microseconds since epoch, UTC)`     |
/// | INTERVAL DAY TO SECOND               | `.interval(milliseconds)`                       |
/// | INTERVAL YEAR TO MONTH               | `.intervalMonths(months)`                       |
/// | ARRAY, MAP, ROW                      | `.array`, `.map` (ordered pairs), `.row`        |
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case decimal(Int128, scale: Int)
    case string(String)
    case bytes([UInt8])
    case date(Int32)
    case time(Int64)
    case timestamp(Int64)
    case interval(Int64)
    case intervalMonths(Int32)
    case array([Value])
    case map([MapEntry])
    case row([Value])

    public struct MapEntry: Sendable, Hashable {
        public var key: Value
        public var value: Value
        public init(key: Value, value: Value) { self.key = key; self.value = value }
    }

    public var isNull: Bool { if case .null = self { return true }; return false }
}

/// Flink's RowKind: the changelog operation a row carries.
public enum RowKind: UInt8, Sendable, Hashable {
    case insert = 0        // +I
    case updateBefore = 1  // -U
    case updateAfter = 2   // +U
    case delete = 3        // -D

    public var shortString: String {
        switch self {
        case .insert: return "+I"
        case .updateBefore: return "-U"
        case .updateAfter: return "+U"
        case .delete: return "-D"
        }
    }

    /// +I and +U add a row to a materialized result; -U and -D retract one.
    public var isAccumulate: Bool { self == .insert || self == .updateAfter }
}

/// A row flowing through the dataflow: positional values plus its changelog kind.
public struct Row: Sendable, Hashable {
    public var kind: RowKind
    public var values: [Value]

    public init(_ values: [Value], kind: RowKind = .insert) {
        self.values = values
        self.kind = kind
    }

    @inlinable public subscript(i: Int) -> Value {
        get { values[i] }
        set { values[i] = newValue }
    }

    public var count: Int { values.count }
}

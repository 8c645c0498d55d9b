/// `status.traits`: what kind of statement it is and the schema of its result (nil for DDL and INSERT).
public struct StatementTraits: Sendable, Equatable {
    /// `SELECT`, `INSERT_INTO`, `CREATE_TABLE`, `SHOW_TABLES`, … (upper snake case).
    public var sqlKind: String
    public var isBounded: Bool
    public var isAppendOnly: Bool
    /// Column indices of the upsert key of an updating result, else nil.
    public var upsertColumns: [Int]?
    /// The result's columns; nil when the statement has no result set.
    public var schema: [StatementColumn]?

    public init(sqlKind: String, isBounded: Bool, isAppendOnly: Bool, upsertColumns: [Int]? = nil,
                schema: [StatementColumn]? = nil) {
        self.sqlKind = sqlKind
        self.isBounded = isBounded
        self.isAppendOnly = isAppendOnly
        self.upsertColumns = upsertColumns
        self.schema = schema
    }

    /// The wire shape (`{"sql_kind", "is_bounded", "is_append_only", "upsert_columns", "schema":{"columns":[…]}}`),
    /// also how the store keeps traits.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("sql_kind", .string(sqlKind)), ("is_bounded", .bool(isBounded)), ("is_append_only", .bool(isAppendOnly)),
            ("upsert_columns", upsertColumns.map { .array($0.map { .int(Int64($0)) }) } ?? .null),
        ]
        if let schema {
            let columns: [JSONValue] = schema.map { .object(JSONObject([("name", .string($0.name)), ("type", $0.type)])) }
            members.append(("schema", .object(JSONObject([("columns", .array(columns))]))))
        } else {
            members.append(("schema", .null))
        }
        return .object(JSONObject(members))
    }

    /// Reads the shape `json` writes; nil when it is not one.
    public init?(json: JSONValue) {
        guard let kind = json["sql_kind"]?.stringValue else { return nil }
        sqlKind = kind
        isBounded = json["is_bounded"]?.boolValue ?? false
        isAppendOnly = json["is_append_only"]?.boolValue ?? true
        upsertColumns = json["upsert_columns"]?.arrayValue?.compactMap { $0.intValue.map(Int.init) }
        schema = json["schema"]?["columns"]?.arrayValue?.map {
            StatementColumn(name: $0["name"]?.stringValue ?? "", type: $0["type"] ?? .null)
        }
    }
}

/// One result column: its name and its type in the sql/v1 `DataType` shape
/// (`{"type":"VARCHAR","nullable":true,"length":2147483647}`, Flink LogicalTypeRoot names).
public struct StatementColumn: Sendable, Equatable {
    public var name: String
    public var type: JSONValue

    public init(name: String, type: JSONValue) {
        self.name = name
        self.type = type
    }
}

import Runtime
import SQL

/// SQL type syntax → `DataType` (Flink's defaults: VARCHAR = VARCHAR(1), CHAR = CHAR(1), DECIMAL = (10, 0),
/// TIMESTAMP = TIMESTAMP(6), TIME = TIME(0)).
public enum TypeMapping {
    public static func dataType(_ t: TypeSyntax) throws -> DataType {
        let p = t.parameters
        let logical: LogicalType
        switch t.name {
        case "STRING": logical = .string
        case "VARCHAR": logical = .varchar(length: p.first ?? 1)
        case "CHAR": logical = .char(length: p.first ?? 1)
        case "BOOLEAN": logical = .boolean
        case "TINYINT": logical = .tinyint
        case "SMALLINT": logical = .smallint
        case "INT", "INTEGER": logical = .int
        case "BIGINT": logical = .bigint
        case "FLOAT", "REAL": logical = .float
        case "DOUBLE": logical = .double
        case "DECIMAL", "DEC", "NUMERIC": logical = .decimal(precision: p.first ?? 10, scale: p.count > 1 ? p[1] : 0)
        case "DATE": logical = .date
        case "TIME": logical = .time(precision: p.first ?? 0)
        case "TIMESTAMP": logical = .timestamp(precision: p.first ?? 6)
        case "TIMESTAMP_LTZ": logical = .timestampLTZ(precision: p.first ?? 6)
        case "BYTES": logical = .bytes
        case "VARBINARY": logical = .varbinary(length: p.first ?? 1)
        case "BINARY": logical = .binary(length: p.first ?? 1)
        case "ARRAY":
            guard let e = t.elements.first else { throw unknown(t) }
            logical = .array(try dataType(e))
        case "MAP":
            guard t.elements.count == 2 else { throw unknown(t) }
            logical = .map(key: try dataType(t.elements[0]), value: try dataType(t.elements[1]))
        case "ROW":
            var fields: [LogicalType.Field] = []
            for (i, e) in t.elements.enumerated() {
                fields.append(.init(name: i < t.fieldNames.count ? t.fieldNames[i].name : "f\(i)", type: try dataType(e)))
            }
            logical = .row(fields)
        default:
            throw unknown(t)
        }
        return DataType(logical, nullable: t.nullable)
    }

    static func unknown(_ t: TypeSyntax) -> PlannerError {
        .validation("Unknown type '\(t.name)'", line: t.span.start.line, column: t.span.start.column)
    }
}

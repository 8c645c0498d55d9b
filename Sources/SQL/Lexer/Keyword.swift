/// Words the parser gives meaning to. Keywords are matched case-insensitively; reserved ones cannot be used
/// as unquoted identifiers (quote them with backticks), non-reserved ones can.
public enum Keyword: String, Sendable, CaseIterable {
    // query
    case SELECT, FROM, WHERE, GROUP, BY, HAVING, ORDER, LIMIT, OFFSET, FETCH, FIRST, LAST, NEXT, ONLY, ROWS, ROW
    case UNION, EXCEPT, INTERSECT, MINUS, ALL, DISTINCT, AS, ON, USING, JOIN, INNER, LEFT, RIGHT, FULL, OUTER
    case CROSS, NATURAL, LATERAL, TABLE, VALUES, WITH, ASC, DESC, NULLS, WINDOW, OVER, PARTITION, RANGE
    case PRECEDING, FOLLOWING, CURRENT, UNBOUNDED, FILTER, DESCRIPTOR, SYSTEM_TIME, OF, TO
    // expressions
    case AND, OR, NOT, IS, NULL, TRUE, FALSE, UNKNOWN, BETWEEN, SYMMETRIC, ASYMMETRIC, IN, LIKE, SIMILAR, ESCAPE
    case CASE, WHEN, THEN, ELSE, END, CAST, TRY_CAST, EXTRACT, POSITION, TRIM, BOTH, LEADING, TRAILING
    case SUBSTRING, FOR, FLOOR, CEIL, CEILING, TIMESTAMPADD, TIMESTAMPDIFF, INTERVAL, EXISTS, ARRAY, MAP, MULTISET
    case CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_TIME, LOCALTIMESTAMP, LOCALTIME
    // time units
    case YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, NANOSECOND
    case DOW, DOY, EPOCH, DECADE, CENTURY, MILLENNIUM, ISODOW, ISOYEAR
    // types
    case STRING, VARCHAR, CHAR, CHARACTER, VARYING, BOOLEAN, TINYINT, SMALLINT, INT, INTEGER, BIGINT, FLOAT, REAL
    case DOUBLE, PRECISION, DECIMAL, DEC, NUMERIC, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ, ZONE, LOCAL, WITHOUT
    case BYTES, BINARY, VARBINARY, RAW
    // statements
    case INSERT, INTO, OVERWRITE, CREATE, TEMPORARY, VIEW, IF, DROP, ALTER, RENAME, SET, RESET, SHOW, TABLES
    case VIEWS, DATABASES, CATALOGS, FUNCTIONS, JOBS, MODULES, DESCRIBE, USE, CATALOG, DATABASE, EXPLAIN, EXECUTE
    case STATEMENT, BEGIN, WATERMARK, PRIMARY, KEY, ENFORCED, CONSTRAINT, COMMENT, METADATA, VIRTUAL, PARTITIONED
    case INCLUDING, EXCLUDING, OVERWRITING, OPTIONS, CURRENT_CATALOG, CURRENT_DATABASE, EXTENDED, PLAN
    case DISTRIBUTED, HASH, BUCKETS

    /// Reserved words (a subset of Calcite's list that matters for this grammar).
    public var isReserved: Bool { Keyword.reserved.contains(self) }

    static let reserved: Set<Keyword> = [
        .SELECT, .FROM, .WHERE, .GROUP, .BY, .HAVING, .ORDER, .LIMIT, .OFFSET, .FETCH, .ROWS, .ROW,
        .UNION, .EXCEPT, .INTERSECT, .MINUS, .ALL, .DISTINCT, .AS, .ON, .USING, .JOIN, .INNER, .LEFT, .RIGHT,
        .FULL, .OUTER, .CROSS, .NATURAL, .LATERAL, .TABLE, .VALUES, .WITH, .WINDOW, .OVER, .PARTITION, .RANGE,
        .CURRENT, .FILTER, .SYSTEM_TIME, .OF, .TO, .AND, .OR, .NOT, .IS, .NULL, .TRUE, .FALSE, .UNKNOWN,
        .BETWEEN, .SYMMETRIC, .ASYMMETRIC, .IN, .LIKE, .SIMILAR, .ESCAPE, .CASE, .WHEN, .THEN, .ELSE, .END,
        .CAST, .EXTRACT, .POSITION, .TRIM, .BOTH, .LEADING, .TRAILING, .SUBSTRING, .FOR, .FLOOR, .CEIL,
        .CEILING, .INTERVAL, .EXISTS, .ARRAY, .MAP, .MULTISET, .CURRENT_TIMESTAMP, .CURRENT_DATE,
        .CURRENT_TIME, .LOCALTIMESTAMP, .LOCALTIME, .YEAR, .MONTH, .DAY, .HOUR, .MINUTE, .SECOND,
        .VARCHAR, .CHAR, .CHARACTER, .BOOLEAN, .TINYINT, .SMALLINT, .INT, .INTEGER, .BIGINT, .FLOAT, .REAL,
        .DOUBLE, .PRECISION, .DECIMAL, .NUMERIC, .DATE, .TIME, .TIMESTAMP, .BINARY, .VARBINARY,
        .INSERT, .INTO, .CREATE, .DROP, .ALTER, .SET, .RESET, .DESCRIBE, .EXPLAIN, .EXECUTE, .PRIMARY,
        .CONSTRAINT, .CURRENT_CATALOG, .CURRENT_DATABASE,
    ]

    /// Keywords by their packed spelling (see `Lexer.packedWord`), so the lexer finds them without allocating.
    static let byPackedName: [PackedWord: Keyword] = {
        var d: [PackedWord: Keyword] = [:]
        for k in Keyword.allCases {
            var w = PackedWord()
            for b in k.rawValue.utf8 { _ = w.append(b) }
            d[w] = k
        }
        return d
    }()

    static let byName: [String: Keyword] = {
        var d: [String: Keyword] = [:]
        for k in Keyword.allCases { d[k.rawValue] = k }
        return d
    }()
}

/// Up to 24 letters or underscores, case-folded, 5 bits each.
struct PackedWord: Hashable {
    var high: UInt64 = 0
    var low: UInt64 = 0
    var count = 0

    /// Adds one byte; false when the byte is not a letter or `_` or the word is too long.
    @inline(__always) mutating func append(_ b: UInt8) -> Bool {
        let code: UInt64
        if b >= 0x61 && b <= 0x7A { code = UInt64(b - 0x60) }
        else if b >= 0x41 && b <= 0x5A { code = UInt64(b - 0x40) }
        else if b == 0x5F { code = 27 }
        else { return false }
        guard count < 24 else { return false }
        if count < 12 { low |= code << UInt64(count * 5) } else { high |= code << UInt64((count - 12) * 5) }
        count += 1
        return true
    }
}

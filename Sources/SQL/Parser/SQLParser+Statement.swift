extension SQLParser {
    static let statementStarts = ["\"SELECT\"", "\"INSERT\"", "\"CREATE\"", "\"DROP\"", "\"ALTER\"", "\"SHOW\"",
                                  "\"DESCRIBE\"", "\"USE\"", "\"SET\"", "\"RESET\"", "\"EXPLAIN\"", "\"EXECUTE\"",
                                  "\"WITH\"", "\"VALUES\""]

    mutating func statement() throws(SQLParseError) -> Statement {
        try enter()
        defer { depth -= 1 }
        let t = current
        if t.kind == .leftParen { return .query(try query()) }
        guard t.kind == .word, let k = t.keyword else { throw error(expected: Self.statementStarts) }
        switch k {
        case .SELECT, .WITH, .VALUES: return .query(try query())
        case .INSERT: return .insert(try insert())
        case .EXECUTE: return try executeStatement()
        case .CREATE: return try create()
        case .DROP: return .drop(try drop())
        case .ALTER: return .alterTable(try alterTable())
        case .SHOW: return .show(try show())
        case .DESCRIBE, .DESC:
            p += 1
            let extended = accept(.EXTENDED)
            return .describe(try objectName(), extended: extended)
        case .USE: return .use(try use())
        case .SET: return try set()
        case .RESET:
            p += 1
            return .reset(key: current.kind == .string ? try stringLiteral() : nil)
        case .EXPLAIN:
            p += 1
            if accept(.PLAN) { try expect(.FOR) }
            return .explain(try statement())
        default:
            throw error(expected: Self.statementStarts)
        }
    }

    mutating func insert() throws(SQLParseError) -> Insert {
        let start = p
        try expect(.INSERT)
        var overwrite = false
        if accept(.OVERWRITE) { overwrite = true } else { try expect(.INTO) }
        let table = try objectName()
        var partition: [TableOption] = []
        if accept(.PARTITION) { partition = try partitionSpec() }
        var columns: [Identifier] = []
        if current.kind == .leftParen && !startsQuery(at: p + 1) { columns = try identifierList() }
        let source = try query()
        return Insert(table: table, overwrite: overwrite, partition: partition, columns: columns, source: source,
                      span: span(from: start))
    }

    /// `PARTITION (k = value, …)` with literal values kept as their text.
    mutating func partitionSpec() throws(SQLParseError) -> [TableOption] {
        try expect(.leftParen, "(")
        var out: [TableOption] = []
        repeat {
            let start = p
            let key = try identifier()
            try expect(.equals, "=")
            let v = current
            guard v.kind == .string || v.kind == .integer || v.kind == .decimal else {
                throw error(expected: ["<QUOTED_STRING>", "<UNSIGNED_INTEGER_LITERAL>"])
            }
            p += 1
            out.append(TableOption(key: key.name, value: v.value, span: span(from: start)))
        } while accept(.comma)
        try expect(.rightParen, ")")
        return out
    }

    /// Whether a query (possibly parenthesised) starts at token `index`.
    func startsQuery(at index: Int) -> Bool {
        var i = min(index, tokens.count - 1)
        while tokens[i].kind == .leftParen { i += 1 }
        let t = tokens[i]
        return t.kind == .word && (t.keyword == .SELECT || t.keyword == .WITH || t.keyword == .VALUES)
    }

    /// `EXECUTE STATEMENT SET BEGIN insert; … END` (also `EXECUTE INSERT …`).
    mutating func executeStatement() throws(SQLParseError) -> Statement {
        try expect(.EXECUTE)
        if isKeyword(.INSERT) { return .insert(try insert()) }
        try expect(.STATEMENT)
        try expect(.SET)
        try expect(.BEGIN)
        var inserts: [Insert] = []
        while true {
            while accept(.semicolon) {}
            if accept(.END) { break }
            guard isKeyword(.INSERT) else { throw error(expected: ["\"INSERT\"", "\"END\""]) }
            inserts.append(try insert())
            if !isKeyword(.END) {
                guard current.kind == .semicolon else { throw error(expected: ["\";\"", "\"END\""]) }
            }
        }
        return .statementSet(inserts)
    }

    mutating func drop() throws(SQLParseError) -> Drop {
        try expect(.DROP)
        let temporary = accept(.TEMPORARY)
        let kind: Drop.Kind
        if accept(.TABLE) { kind = .table }
        else if accept(.VIEW) { kind = .view }
        else if accept(.DATABASE) { kind = .database }
        else if accept(.CATALOG) { kind = .catalog }
        else if current.kind == .word, current.value.uppercased() == "FUNCTION" { p += 1; kind = .function }
        else { throw error(expected: ["\"TABLE\"", "\"VIEW\"", "\"DATABASE\"", "\"FUNCTION\""]) }
        var ifExists = false
        if accept(.IF) { try expect(.EXISTS); ifExists = true }
        return Drop(kind: kind, temporary: temporary, ifExists: ifExists, name: try objectName())
    }

    mutating func alterTable() throws(SQLParseError) -> AlterTable {
        try expect(.ALTER)
        try expect(.TABLE)
        var ifExists = false
        if accept(.IF) { try expect(.EXISTS); ifExists = true }
        let name = try objectName()
        if accept(.SET) { return AlterTable(name: name, ifExists: ifExists, action: .setOptions(try options())) }
        if accept(.RESET) {
            try expect(.leftParen, "(")
            var keys = [try stringLiteral()]
            while accept(.comma) { keys.append(try stringLiteral()) }
            try expect(.rightParen, ")")
            return AlterTable(name: name, ifExists: ifExists, action: .resetOptions(keys))
        }
        if accept(.RENAME) {
            try expect(.TO)
            return AlterTable(name: name, ifExists: ifExists, action: .rename(try objectName()))
        }
        throw error(expected: ["\"SET\"", "\"RESET\"", "\"RENAME\""])
    }

    mutating func show() throws(SQLParseError) -> Show {
        try expect(.SHOW)
        if accept(.TABLES) { return .tables }
        if accept(.VIEWS) { return .views }
        if accept(.DATABASES) { return .databases }
        if accept(.CATALOGS) { return .catalogs }
        if accept(.FUNCTIONS) { return .functions }
        if accept(.JOBS) { return .jobs }
        if accept(.MODULES) { return .modules }
        if accept(.CURRENT) {
            if accept(.CATALOG) { return .currentCatalog }
            try expect(.DATABASE)
            return .currentDatabase
        }
        if accept(.CREATE) {
            if accept(.TABLE) { return .createTable(try objectName()) }
            try expect(.VIEW)
            return .createView(try objectName())
        }
        throw error(expected: ["\"TABLES\"", "\"VIEWS\"", "\"DATABASES\"", "\"CATALOGS\"", "\"FUNCTIONS\"",
                               "\"JOBS\"", "\"CREATE\"", "\"CURRENT\""])
    }

    mutating func use() throws(SQLParseError) -> Use {
        try expect(.USE)
        if accept(.CATALOG) { return .catalog(try identifier()) }
        if isKeyword(.DATABASE) && peek(1).kind != .semicolon && peek(1).kind != .eof { p += 1 }
        return .database(try objectName())
    }

    mutating func set() throws(SQLParseError) -> Statement {
        try expect(.SET)
        if current.kind == .semicolon || current.kind == .eof { return .set(key: nil, value: nil) }
        let key = try stringLiteral()
        try expect(.equals, "=")
        let value = try stringLiteral()
        return .set(key: key, value: value)
    }

    /// `( 'k' = 'v', … )`.
    mutating func options() throws(SQLParseError) -> [TableOption] {
        try expect(.leftParen, "(")
        var out: [TableOption] = []
        if accept(.rightParen) { return out }
        repeat {
            let start = p
            let key = try stringLiteral()
            try expect(.equals, "=")
            let value = try stringLiteral()
            out.append(TableOption(key: key, value: value, span: span(from: start)))
        } while accept(.comma)
        try expect(.rightParen, ")")
        return out
    }
}

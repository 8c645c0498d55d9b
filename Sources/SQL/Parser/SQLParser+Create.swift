extension SQLParser {
    mutating func create() throws(SQLParseError) -> Statement {
        let start = p
        try expect(.CREATE)
        let temporary = accept(.TEMPORARY)
        if accept(.TABLE) { return .createTable(try createTable(start: start, temporary: temporary)) }
        if accept(.VIEW) { return .createView(try createView(start: start, temporary: temporary)) }
        throw error(expected: ["\"TABLE\"", "\"VIEW\"", "\"TEMPORARY\""])
    }

    mutating func ifNotExists() throws(SQLParseError) -> Bool {
        guard accept(.IF) else { return false }
        try expect(.NOT)
        try expect(.EXISTS)
        return true
    }

    mutating func createView(start: Int, temporary: Bool) throws(SQLParseError) -> CreateView {
        let ine = try ifNotExists()
        let name = try objectName()
        var columns: [Identifier] = []
        if current.kind == .leftParen { columns = try identifierList() }
        var comment: String? = nil
        if accept(.COMMENT) { comment = try stringLiteral() }
        try expect(.AS)
        let q = try query()
        return CreateView(name: name, temporary: temporary, ifNotExists: ine, columns: columns, comment: comment,
                          query: q, span: span(from: start))
    }

    mutating func createTable(start: Int, temporary: Bool) throws(SQLParseError) -> CreateTable {
        var table = CreateTable(name: ObjectName([]), temporary: temporary)
        table.ifNotExists = try ifNotExists()
        table.name = try objectName()
        if accept(.leftParen) {
            repeat { try tableElement(into: &table) } while accept(.comma)
            try expect(.rightParen, ")")
        }
        if accept(.COMMENT) { table.comment = try stringLiteral() }
        if accept(.DISTRIBUTED) {
            var d = CreateTable.Distribution()
            if accept(.BY) {
                if accept(.HASH) { d.kind = .hash } else if accept(.RANGE) { d.kind = .range }
                d.columns = try identifierList()
                if accept(.INTO) { d.buckets = try integerLiteral(); try expect(.BUCKETS) }
            } else {
                try expect(.INTO)
                d.buckets = try integerLiteral()
                try expect(.BUCKETS)
            }
            table.distribution = d
        }
        if accept(.PARTITIONED) {
            try expect(.BY)
            table.partitionedBy = try identifierList()
        }
        if accept(.WITH) { table.options = try options() }
        if accept(.LIKE) { table.like = try likeClause() }
        if accept(.AS) { table.asQuery = try query() }
        table.span = span(from: start)
        return table
    }

    mutating func likeClause() throws(SQLParseError) -> LikeClause {
        var like = LikeClause(source: try objectName())
        if accept(.leftParen) {
            repeat {
                var words: [String] = []
                guard isKeyword(.INCLUDING) || isKeyword(.EXCLUDING) || isKeyword(.OVERWRITING) else {
                    throw error(expected: ["\"INCLUDING\"", "\"EXCLUDING\"", "\"OVERWRITING\""])
                }
                words.append(current.value.uppercased()); p += 1
                guard current.kind == .word else { throw error(expected: ["\"ALL\"", "\"OPTIONS\"", "\"WATERMARKS\""]) }
                words.append(current.value.uppercased()); p += 1
                like.options.append(words)
            } while accept(.comma)
            try expect(.rightParen, ")")
        }
        return like
    }

    mutating func tableElement(into table: inout CreateTable) throws(SQLParseError) {
        let start = p
        if isKeyword(.WATERMARK) {
            p += 1
            try expect(.FOR)
            let column = try identifier()
            try expect(.AS)
            let e = try expression()
            table.watermarks.append(WatermarkDefinition(column: column, expression: e, span: span(from: start)))
            return
        }
        if isKeyword(.PRIMARY) || isKeyword(.CONSTRAINT) {
            var constraintName: Identifier? = nil
            if accept(.CONSTRAINT) { constraintName = try identifier() }
            try expect(.PRIMARY)
            try expect(.KEY)
            let cols = try identifierList()
            let enforced = try enforcement()
            table.primaryKey = PrimaryKey(constraintName: constraintName, columns: cols, enforced: enforced,
                                          span: span(from: start))
            return
        }
        let name = try identifier()
        var column: ColumnDefinition
        if accept(.AS) {
            column = ColumnDefinition(name: name, kind: .computed(try expression()))
        } else {
            let type = try dataType()
            if accept(.METADATA) {
                var key: String? = nil
                if accept(.FROM) { key = try stringLiteral() }
                let isVirtual = accept(.VIRTUAL)
                column = ColumnDefinition(name: name, kind: .metadata(type, key: key, isVirtual: isVirtual))
            } else {
                column = ColumnDefinition(name: name, kind: .physical(type))
            }
            if isKeyword(.PRIMARY) || isKeyword(.CONSTRAINT) {
                let pkStart = p
                var constraintName: Identifier? = nil
                if accept(.CONSTRAINT) { constraintName = try identifier() }
                try expect(.PRIMARY)
                try expect(.KEY)
                let enforced = try enforcement()
                column.isPrimaryKey = true
                table.primaryKey = PrimaryKey(constraintName: constraintName, columns: [name], enforced: enforced,
                                              span: span(from: pkStart))
            }
        }
        if accept(.COMMENT) { column.comment = try stringLiteral() }
        column.span = span(from: start)
        table.columns.append(column)
    }

    /// `NOT ENFORCED` (Flink requires it) or `ENFORCED`.
    mutating func enforcement() throws(SQLParseError) -> Bool {
        if accept(.ENFORCED) { return true }
        try expect(.NOT)
        try expect(.ENFORCED)
        return false
    }
}

extension SQLParser {
    /// Keywords that end a select item / table reference (they can never start an alias).
    mutating func query() throws(SQLParseError) -> Query {
        try enter()
        defer { depth -= 1 }
        let start = p
        var with: [CommonTableExpression] = []
        if accept(.WITH) {
            repeat {
                let name = try identifier()
                var cols: [Identifier] = []
                if current.kind == .leftParen { cols = try identifierList() }
                try expect(.AS)
                try expect(.leftParen, "(")
                let q = try query()
                try expect(.rightParen, ")")
                with.append(CommonTableExpression(name: name, columns: cols, query: q))
            } while accept(.comma)
        }
        let body = try setExpression()
        var q = Query(with: with, body: body)
        if isKeyword(.ORDER) {
            p += 1
            try expect(.BY)
            q.orderBy = try orderItems()
        }
        if accept(.LIMIT) { q.limit = try expression() }
        if accept(.OFFSET) {
            q.offset = try expression()
            _ = accept(.ROWS) || accept(.ROW)
        }
        if accept(.FETCH) {
            if !accept(.FIRST) { try expect(.NEXT) }
            q.limit = try expression()
            if !accept(.ROWS) { try expect(.ROW) }
            try expect(.ONLY)
        }
        q.span = span(from: start)
        return q
    }

    mutating func orderItems() throws(SQLParseError) -> [OrderItem] {
        var out: [OrderItem] = []
        repeat {
            var item = OrderItem(expr: try expression())
            if accept(.DESC) { item.descending = true } else { _ = accept(.ASC) }
            if accept(.NULLS) {
                if accept(.FIRST) { item.nullsFirst = true } else { try expect(.LAST); item.nullsFirst = false }
            }
            out.append(item)
        } while accept(.comma)
        return out
    }

    mutating func setExpression() throws(SQLParseError) -> QueryBody {
        var left = try queryTerm()
        while true {
            let kind: SetOperation.Kind
            if accept(.UNION) { kind = .union }
            else if accept(.EXCEPT) || accept(.MINUS) { kind = .except }
            else if accept(.INTERSECT) { kind = .intersect }
            else { return left }
            var all = false
            if accept(.ALL) { all = true } else { _ = accept(.DISTINCT) }
            let right = try queryTerm()
            left = .setOperation(SetOperation(kind: kind, all: all, left: left, right: right))
        }
    }

    mutating func queryTerm() throws(SQLParseError) -> QueryBody {
        if isKeyword(.SELECT) { return .select(try select()) }
        if isKeyword(.VALUES) { return .values(try values()) }
        if current.kind == .leftParen {
            p += 1
            let q = try query()
            try expect(.rightParen, ")")
            if q.with.isEmpty && q.orderBy.isEmpty && q.limit == nil && q.offset == nil { return q.body }
            return .query(q)
        }
        throw error(expected: ["\"SELECT\"", "\"VALUES\"", "\"(\""])
    }

    mutating func values() throws(SQLParseError) -> [[Expr]] {
        try expect(.VALUES)
        var rows: [[Expr]] = []
        repeat {
            if accept(.ROW) {}
            try expect(.leftParen, "(")
            var row = [try expression()]
            while accept(.comma) { row.append(try expression()) }
            try expect(.rightParen, ")")
            rows.append(row)
        } while accept(.comma)
        return rows
    }

    mutating func select() throws(SQLParseError) -> Select {
        let start = p
        try expect(.SELECT)
        var s = Select(items: [])
        if accept(.DISTINCT) { s.isDistinct = true } else { _ = accept(.ALL) }
        repeat { s.items.append(try selectItem()) } while accept(.comma)
        if accept(.FROM) { s.from = try fromClause() }
        if accept(.WHERE) { s.whereClause = try expression() }
        if accept(.GROUP) {
            try expect(.BY)
            repeat {
                if current.kind == .leftParen && peek(1).kind == .rightParen {
                    let st = p
                    p += 2
                    s.groupBy.append(Expr(.row([], explicit: false), span: span(from: st)))
                } else {
                    s.groupBy.append(try expression())
                }
            } while accept(.comma)
        }
        if accept(.HAVING) { s.having = try expression() }
        if accept(.WINDOW) {
            repeat {
                let name = try identifier()
                try expect(.AS)
                s.windows.append(NamedWindow(name: name, spec: try windowSpec()))
            } while accept(.comma)
        }
        s.span = span(from: start)
        return s
    }

    mutating func selectItem() throws(SQLParseError) -> SelectItem {
        let e = try expression()
        if accept(.AS) { return SelectItem(expr: e, alias: try identifier()) }
        if atIdentifier { return SelectItem(expr: e, alias: try identifier()) }
        return SelectItem(expr: e)
    }

    mutating func optionalAlias() throws(SQLParseError) -> TableAlias? {
        let explicit = accept(.AS)
        guard explicit || atIdentifier else { return nil }
        let name = try identifier()
        var cols: [Identifier] = []
        if current.kind == .leftParen { cols = try identifierList() }
        return TableAlias(name: name, columns: cols)
    }

    mutating func fromClause() throws(SQLParseError) -> TableRef {
        let start = p
        var left = try joinChain()
        while accept(.comma) {
            let right = try joinChain()
            left = .join(Join(kind: .comma, left: left, right: right, span: span(from: start)))
        }
        return left
    }

    mutating func joinChain() throws(SQLParseError) -> TableRef {
        let start = p
        var left = try tablePrimary()
        while true {
            let natural = accept(.NATURAL)
            let kind: Join.Kind
            if accept(.JOIN) { kind = .inner }
            else if accept(.INNER) { try expect(.JOIN); kind = .inner }
            else if isKeyword(.LEFT) && !(peek(1).kind == .leftParen) { p += 1; _ = accept(.OUTER); try expect(.JOIN); kind = .left }
            else if isKeyword(.RIGHT) && !(peek(1).kind == .leftParen) { p += 1; _ = accept(.OUTER); try expect(.JOIN); kind = .right }
            else if accept(.FULL) { _ = accept(.OUTER); try expect(.JOIN); kind = .full }
            else if accept(.CROSS) { try expect(.JOIN); kind = .cross }
            else {
                if natural { throw error(expected: ["\"JOIN\""]) }
                return left
            }
            let right = try tablePrimary()
            var condition = Join.Condition.none
            if accept(.ON) { condition = .on(try expression()) }
            else if accept(.USING) { condition = .using(try identifierList()) }
            left = .join(Join(kind: kind, natural: natural, left: left, right: right, condition: condition,
                              span: span(from: start)))
        }
    }

    mutating func tablePrimary() throws(SQLParseError) -> TableRef {
        let start = p
        if current.kind == .leftParen || isKeyword(.VALUES) {
            let q: Query
            if isKeyword(.VALUES) {
                let vs = p
                q = Query(body: .values(try values()), span: span(from: vs))
            } else {
                p += 1
                q = try query()
                try expect(.rightParen, ")")
            }
            let alias = try optionalAlias()
            return .subquery(q, alias: alias, span: span(from: start))
        }
        let lateral = accept(.LATERAL)
        if accept(.TABLE) {
            try expect(.leftParen, "(")
            let call = try expression()
            guard case .call = call.kind else {
                throw SQLParseError(encountered: "TABLE", line: tokens[start].position.line,
                                    column: tokens[start].position.column, expected: ["<function call>"])
            }
            try expect(.rightParen, ")")
            let alias = try optionalAlias()
            return .function(TableFunction(call: call, lateral: lateral, alias: alias, span: span(from: start)))
        }
        if lateral { throw error(expected: ["\"TABLE\""]) }
        let name = try objectName()
        var table = TableName(name: name)
        if isKeyword(.FOR) && peekIsKeyword(1, .SYSTEM_TIME) {
            p += 2
            try expect(.AS)
            try expect(.OF)
            table.systemTimeAsOf = try expression(minPrecedence: 33)
        }
        table.alias = try optionalAlias()
        table.span = span(from: start)
        return .table(table)
    }

    mutating func windowSpec() throws(SQLParseError) -> WindowSpec {
        try expect(.leftParen, "(")
        var spec = WindowSpec()
        if atIdentifier && !isKeyword(.PARTITION) && !isKeyword(.ORDER) { spec.base = try identifier() }
        if accept(.PARTITION) {
            try expect(.BY)
            repeat { spec.partitionBy.append(try expression()) } while accept(.comma)
        }
        if accept(.ORDER) {
            try expect(.BY)
            spec.orderBy = try orderItems()
        }
        if isKeyword(.ROWS) || isKeyword(.RANGE) {
            let unit: WindowFrame.Unit = isKeyword(.ROWS) ? .rows : .range
            p += 1
            if accept(.BETWEEN) {
                let s = try frameBound()
                try expect(.AND)
                let e = try frameBound()
                spec.frame = WindowFrame(unit: unit, start: s, end: e)
            } else {
                spec.frame = WindowFrame(unit: unit, start: try frameBound())
            }
        }
        try expect(.rightParen, ")")
        return spec
    }

    mutating func frameBound() throws(SQLParseError) -> WindowFrame.Bound {
        if accept(.UNBOUNDED) {
            if accept(.PRECEDING) { return .unboundedPreceding }
            try expect(.FOLLOWING)
            return .unboundedFollowing
        }
        if isKeyword(.CURRENT) && peekIsKeyword(1, .ROW) { p += 2; return .currentRow }
        let e = try expression(minPrecedence: 33)
        if accept(.PRECEDING) { return .preceding(e) }
        try expect(.FOLLOWING)
        return .following(e)
    }
}

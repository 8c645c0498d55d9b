/// Expressions introduced by a keyword: literals with a type prefix, `CAST`, `CASE`, and the functions
/// with special argument syntax (normalised onto `FunctionCall`, see `Statement`).
extension SQLParser {
    /// Dispatches to one small function per form so the recursive descent keeps small stack frames.
    mutating func keywordExpression(_ k: Keyword) throws(SQLParseError) -> Expr? {
        let start = p
        let next = peek(1)
        switch k {
        case .TRUE, .FALSE:
            return try booleanLiteral(k, start: start, next: next)
        case .NULL:
            return try nullLiteral(k, start: start, next: next)
        case .INTERVAL:
            return try intervalLiteral(k, start: start, next: next)
        case .DATE, .TIME, .TIMESTAMP, .TIMESTAMP_LTZ:
            return try typedLiteral(k, start: start, next: next)
        case .CAST, .TRY_CAST:
            return try castForm(k, start: start, next: next)
        case .CASE:
            return try caseForm(k, start: start, next: next)
        case .EXTRACT:
            return try extractForm(k, start: start, next: next)
        case .POSITION:
            return try positionForm(k, start: start, next: next)
        case .TRIM:
            return try trimForm(k, start: start, next: next)
        case .SUBSTRING:
            return try substringForm(k, start: start, next: next)
        case .FLOOR, .CEIL, .CEILING:
            return try floorCeilForm(k, start: start, next: next)
        case .TIMESTAMPADD, .TIMESTAMPDIFF:
            return try timestampArithmeticForm(k, start: start, next: next)
        case .ARRAY, .MAP:
            return try collectionConstructor(k, start: start, next: next)
        case .ROW:
            return try rowConstructor(k, start: start, next: next)
        case .EXISTS:
            return try existsForm(k, start: start, next: next)
        case .CURRENT_TIMESTAMP, .CURRENT_DATE, .CURRENT_TIME, .LOCALTIMESTAMP, .LOCALTIME,
             .CURRENT_CATALOG, .CURRENT_DATABASE:
            return try niladicFunction(k, start: start, next: next)
        default:
            return nil
        }
    }

    @inline(never)
    mutating func booleanLiteral(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        p += 1
        return Expr(.literal(.boolean(k == .TRUE)), span: span(from: start))
    }

    @inline(never)
    mutating func nullLiteral(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        p += 1
        return Expr(.literal(.null), span: span(from: start))
    }

    @inline(never)
    mutating func intervalLiteral(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        p += 1
        return Expr(.literal(.interval(try intervalBody())), span: span(from: start))
    }

    @inline(never)
    mutating func typedLiteral(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        guard next.kind == .string else { return nil }
        p += 2
        let lit: Literal = k == .DATE ? .date(next.value) : k == .TIME ? .time(next.value)
            : k == .TIMESTAMP ? .timestamp(next.value) : .timestampLTZ(next.value)
        return Expr(.literal(lit), span: span(from: start))
    }

    @inline(never)
    mutating func castForm(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        guard next.kind == .leftParen else { return nil }
        p += 2
        let e = try expression()
        try expect(.AS)
        let type = try dataType()
        try expect(.rightParen, ")")
        return Expr(.cast(e, type, isTry: k == .TRY_CAST), span: span(from: start))
    }

    @inline(never)
    mutating func caseForm(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        p += 1
        var operand: Expr? = nil
        if !isKeyword(.WHEN) { operand = try expression() }
        var whens: [WhenClause] = []
        while accept(.WHEN) {
            let c = try expression()
            try expect(.THEN)
            whens.append(WhenClause(condition: c, result: try expression()))
        }
        if whens.isEmpty { throw error(expected: ["\"WHEN\""]) }
        var otherwise: Expr? = nil
        if accept(.ELSE) { otherwise = try expression() }
        try expect(.END)
        return Expr(.caseWhen(operand: operand, whens: whens, otherwise: otherwise), span: span(from: start))
    }

    @inline(never)
    mutating func extractForm(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        guard next.kind == .leftParen else { return nil }
        p += 2
        let unit = try timeUnitArgument()
        try expect(.FROM)
        let e = try expression()
        try expect(.rightParen, ")")
        return special("EXTRACT", [unit, e], start: start)
    }

    @inline(never)
    mutating func positionForm(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        guard next.kind == .leftParen else { return nil }
        p += 2
        let needle = try expression(minPrecedence: Prec.between + 1)
        try expect(.IN)
        var args = [needle, try expression()]
        if accept(.FROM) { args.append(try expression()) }
        try expect(.rightParen, ")")
        return special("POSITION", args, start: start)
    }

    @inline(never)
    mutating func trimForm(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        guard next.kind == .leftParen else { return nil }
        p += 2
        var flag = TrimFlag.both
        var sawFlag = false
        if accept(.BOTH) { sawFlag = true } else if accept(.LEADING) { flag = .leading; sawFlag = true }
        else if accept(.TRAILING) { flag = .trailing; sawFlag = true }
        let flagSpan = span(from: start)
        var chars: Expr? = nil
        var source: Expr
        if accept(.FROM) {
            source = try expression()
        } else {
            let first = try expression()
            if accept(.FROM) {
                chars = first
                source = try expression()
            } else {
                if sawFlag { throw error(expected: ["\"FROM\""]) }
                source = first
            }
        }
        try expect(.rightParen, ")")
        let c = chars ?? Expr(.literal(.string(" ")), span: flagSpan)
        return special("TRIM", [Expr(.trimFlag(flag), span: flagSpan), c, source], start: start)
    }

    @inline(never)
    mutating func substringForm(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        guard next.kind == .leftParen else { return nil }
        p += 2
        var args = [try expression()]
        if accept(.FROM) {
            args.append(try expression())
            if accept(.FOR) { args.append(try expression()) }
        } else {
            while accept(.comma) { args.append(try expression()) }
        }
        try expect(.rightParen, ")")
        return special("SUBSTRING", args, start: start)
    }

    @inline(never)
    mutating func floorCeilForm(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        guard next.kind == .leftParen else { return nil }
        p += 2
        var args = [try expression()]
        if accept(.TO) { args.append(try timeUnitArgument()) }
        else { while accept(.comma) { args.append(try expression()) } }
        try expect(.rightParen, ")")
        return special(k == .FLOOR ? "FLOOR" : "CEIL", args, start: start)
    }

    @inline(never)
    mutating func timestampArithmeticForm(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        guard next.kind == .leftParen else { return nil }
        p += 2
        var args = [try timeUnitArgument()]
        try expect(.comma, ",")
        args.append(try expression())
        try expect(.comma, ",")
        args.append(try expression())
        try expect(.rightParen, ")")
        return special(k.rawValue, args, start: start)
    }

    @inline(never)
    mutating func collectionConstructor(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        if next.kind == .leftParen && startsQuery(at: p + 2) {
            return nil // ARRAY(SELECT …) — treated as a function call with a subquery argument
        }
        guard next.kind == .leftBracket else { return nil }
        p += 2
        var items: [Expr] = []
        if !accept(.rightBracket) {
            repeat { items.append(try expression()) } while accept(.comma)
            try expect(.rightBracket, "]")
        }
        return Expr(k == .ARRAY ? .array(items) : .map(items), span: span(from: start))
    }

    @inline(never)
    mutating func rowConstructor(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        guard next.kind == .leftParen else { return nil }
        p += 2
        var items: [Expr] = []
        if !accept(.rightParen) {
            repeat { items.append(try expression()) } while accept(.comma)
            try expect(.rightParen, ")")
        }
        return Expr(.row(items, explicit: true), span: span(from: start))
    }

    @inline(never)
    mutating func existsForm(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        guard next.kind == .leftParen else { return nil }
        p += 2
        let q = try query()
        try expect(.rightParen, ")")
        return Expr(.exists(q), span: span(from: start))
    }

    @inline(never)
    mutating func niladicFunction(_ k: Keyword, start: Int, next: Token) throws(SQLParseError) -> Expr? {
        p += 1
        var fc = FunctionCall(name: ObjectName([Identifier(k.rawValue, span: span(from: start))],
                                               span: span(from: start)), hasParentheses: false)
        if current.kind == .leftParen { // LOCALTIMESTAMP(3) style precision
            p += 1
            fc.hasParentheses = true
            if !accept(.rightParen) {
                repeat { fc.arguments.append(try expression()) } while accept(.comma)
                try expect(.rightParen, ")")
            }
        }
        return Expr(.call(fc), span: span(from: start))
    }

    func special(_ name: String, _ args: [Expr], start: Int) -> Expr {
        let nameSpan = tokens[start].span
        return Expr(.call(FunctionCall(name: ObjectName([Identifier(name, span: nameSpan)], span: nameSpan),
                                       arguments: args)), span: span(from: start))
    }

    mutating func timeUnit() throws(SQLParseError) -> TimeUnit {
        let t = current
        guard t.kind == .word else { throw error(expected: ["\"YEAR\"", "\"MONTH\"", "\"DAY\"", "\"HOUR\"",
                                                            "\"MINUTE\"", "\"SECOND\""]) }
        var upper = t.value.uppercased()
        if upper.hasPrefix("SQL_TSI_") { upper.removeFirst(8) }
        if upper == "FRAC_SECOND" { upper = "MICROSECOND" }
        guard let u = TimeUnit(rawValue: upper) else {
            throw error(expected: ["\"YEAR\"", "\"MONTH\"", "\"DAY\"", "\"HOUR\"", "\"MINUTE\"", "\"SECOND\""])
        }
        p += 1
        return u
    }

    mutating func timeUnitArgument() throws(SQLParseError) -> Expr {
        let start = p
        let u = try timeUnit()
        return Expr(.timeUnit(u), span: span(from: start))
    }

    /// After `INTERVAL`: `[+|-] 'value' qualifier`.
    mutating func intervalBody() throws(SQLParseError) -> IntervalLiteral {
        var negative = false
        if accept(.minus) { negative = true } else { _ = accept(.plus) }
        let t = current
        guard t.kind == .string || t.kind == .integer || t.kind == .decimal else {
            throw error(expected: ["<QUOTED_STRING>"])
        }
        p += 1
        return IntervalLiteral(value: t.value, negative: negative, qualifier: try intervalQualifier())
    }

    mutating func intervalQualifier() throws(SQLParseError) -> IntervalQualifier {
        var q = IntervalQualifier(start: try intervalUnit())
        if accept(.leftParen) {
            q.startPrecision = try integerLiteral()
            if accept(.comma) { q.fractionalPrecision = try integerLiteral() }
            try expect(.rightParen, ")")
        }
        if accept(.TO) {
            q.end = try intervalUnit()
            if q.end == .second && accept(.leftParen) {
                q.fractionalPrecision = try integerLiteral()
                try expect(.rightParen, ")")
            }
        }
        return q
    }

    /// Interval units (Flink also accepts the plural spellings `SECONDS`, `MINUTES`, … in some places).
    mutating func intervalUnit() throws(SQLParseError) -> TimeUnit {
        let t = current
        if t.kind == .word {
            let upper = t.value.uppercased()
            let unit: TimeUnit? = switch upper {
            case "YEAR", "YEARS": .year
            case "QUARTER", "QUARTERS": .quarter
            case "MONTH", "MONTHS": .month
            case "WEEK", "WEEKS": .week
            case "DAY", "DAYS": .day
            case "HOUR", "HOURS": .hour
            case "MINUTE", "MINUTES": .minute
            case "SECOND", "SECONDS": .second
            default: nil
            }
            if let unit { p += 1; return unit }
        }
        throw error(expected: ["\"YEAR\"", "\"MONTH\"", "\"DAY\"", "\"HOUR\"", "\"MINUTE\"", "\"SECOND\""])
    }
}

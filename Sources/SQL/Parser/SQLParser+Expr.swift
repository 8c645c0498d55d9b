/// Expressions by precedence climbing with Calcite's binding strengths:
/// OR 22 < AND 24 < NOT 26 < IS … 28 < comparisons 30 < BETWEEN/IN/LIKE/SIMILAR 32 < + - 40
/// < * / % || 60 < unary - + 80 < `[]` and `.` (postfix).
extension SQLParser {
    static let expressionStarts = ["<IDENTIFIER>", "<UNSIGNED_INTEGER_LITERAL>", "<QUOTED_STRING>", "\"(\"",
                                   "\"CASE\"", "\"CAST\"", "\"NOT\"", "\"-\"", "\"NULL\"", "\"TRUE\"", "\"FALSE\"",
                                   "\"INTERVAL\""]

    enum Prec {
        static let or = 22, and = 24, not = 26, isTest = 28, comparison = 30, between = 32
        static let additive = 40, multiplicative = 60, unary = 80, atom = 100
    }

    mutating func expression(minPrecedence: Int = 0) throws(SQLParseError) -> Expr {
        try enter()
        defer { depth -= 1 }
        let start = p
        var left = try prefixExpression()
        while true {
            let t = current
            guard t.kind != .eof else { return left }
            if let op = binaryOperator(t) {
                let prec = op.precedence == 1 ? Prec.or : op.precedence == 2 ? Prec.and
                    : op.precedence == 4 ? Prec.comparison : op.precedence == 6 && op != .concat ? Prec.additive
                    : Prec.multiplicative
                if prec < minPrecedence { return left }
                p += 1
                let right = try expression(minPrecedence: prec + 1)
                left = Expr(.binary(op, left, right), span: span(from: start))
                continue
            }
            guard t.kind == .word, let k = t.keyword else { return left }
            switch k {
            case .IS:
                if Prec.isTest < minPrecedence { return left }
                p += 1
                let negated = accept(.NOT)
                if accept(.DISTINCT) {
                    try expect(.FROM)
                    let right = try expression(minPrecedence: Prec.isTest + 1)
                    left = Expr(.isDistinctFrom(left, right, negated: negated), span: span(from: start))
                    continue
                }
                let test: IsTest
                if accept(.NULL) { test = .null }
                else if accept(.TRUE) { test = .true_ }
                else if accept(.FALSE) { test = .false_ }
                else if accept(.UNKNOWN) { test = .unknown }
                else { throw error(expected: ["\"NULL\"", "\"TRUE\"", "\"FALSE\"", "\"UNKNOWN\"", "\"DISTINCT\""]) }
                left = Expr(.isPredicate(left, test, negated: negated), span: span(from: start))
            case .NOT, .BETWEEN, .IN, .LIKE, .SIMILAR:
                var q = 0
                if k == .NOT {
                    let n = peek(1)
                    guard n.kind == .word, let nk = n.keyword, nk == .BETWEEN || nk == .IN || nk == .LIKE || nk == .SIMILAR
                    else { return left }
                    q = 1
                }
                if Prec.between < minPrecedence { return left }
                p += q
                left = try predicateTail(left, negated: q == 1, start: start)
            default:
                return left
            }
        }
    }

    func binaryOperator(_ t: Token) -> BinaryOperator? {
        switch t.kind {
        case .plus: return .plus
        case .minus: return .minus
        case .star: return .times
        case .slash: return .divide
        case .percent: return .modulo
        case .concat: return .concat
        case .equals: return .equals
        case .notEquals, .bangEquals: return .notEquals
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .word:
            if t.keyword == .AND { return .and }
            if t.keyword == .OR { return .or }
            return nil
        default: return nil
        }
    }

    /// `BETWEEN …`, `IN …`, `LIKE …`, `SIMILAR TO …` after the operand (and an optional NOT).
    mutating func predicateTail(_ left: Expr, negated: Bool, start: Int) throws(SQLParseError) -> Expr {
        let operandPrec = Prec.between + 1
        if accept(.BETWEEN) {
            var symmetric = false
            if accept(.SYMMETRIC) { symmetric = true } else { _ = accept(.ASYMMETRIC) }
            let low = try expression(minPrecedence: operandPrec)
            try expect(.AND)
            let high = try expression(minPrecedence: operandPrec)
            return Expr(.between(left, low: low, high: high, negated: negated, symmetric: symmetric),
                        span: span(from: start))
        }
        if accept(.IN) {
            try expect(.leftParen, "(")
            if startsQuery(at: p) {
                let q = try query()
                try expect(.rightParen, ")")
                return Expr(.inSubquery(left, q, negated: negated), span: span(from: start))
            }
            var list = [try expression()]
            while accept(.comma) { list.append(try expression()) }
            try expect(.rightParen, ")")
            return Expr(.inList(left, list, negated: negated), span: span(from: start))
        }
        var similar = false
        if accept(.SIMILAR) { try expect(.TO); similar = true } else { try expect(.LIKE) }
        let pattern = try expression(minPrecedence: operandPrec)
        var escape: Expr? = nil
        if accept(.ESCAPE) { escape = try expression(minPrecedence: operandPrec) }
        return Expr(.like(left, pattern: pattern, escape: escape, negated: negated, similar: similar),
                    span: span(from: start))
    }

    mutating func prefixExpression() throws(SQLParseError) -> Expr {
        let start = p
        let t = current
        switch t.kind {
        case .minus, .plus:
            p += 1
            let operand = try expression(minPrecedence: Prec.unary)
            return Expr(.unary(t.kind == .minus ? .minus : .plus, operand), span: span(from: start))
        case .word where t.keyword == .NOT:
            p += 1
            let operand = try expression(minPrecedence: Prec.not + 1)
            return Expr(.unary(.not, operand), span: span(from: start))
        default:
            return try postfix(try primary(), start: start)
        }
    }

    /// `[index]` and `.field` after a primary.
    mutating func postfix(_ base: Expr, start: Int) throws(SQLParseError) -> Expr {
        var e = base
        while true {
            if accept(.leftBracket) {
                let index = try expression()
                try expect(.rightBracket, "]")
                e = Expr(.item(e, index), span: span(from: start))
            } else if current.kind == .dot {
                p += 1
                if accept(.star) {
                    guard case .identifier(let parts) = e.kind else { throw error(expected: ["<IDENTIFIER>"]) }
                    e = Expr(.star(qualifier: parts), span: span(from: start))
                    return e
                }
                let name = try identifier()
                if case .identifier(let parts) = e.kind {
                    e = Expr(.identifier(parts + [name]), span: span(from: start))
                } else {
                    e = Expr(.field(e, name), span: span(from: start))
                }
            } else {
                return e
            }
        }
    }

    mutating func primary() throws(SQLParseError) -> Expr {
        let start = p
        let t = current
        switch t.kind {
        case .integer:
            p += 1
            return Expr(.literal(.integer(t.value)), span: t.span)
        case .decimal:
            p += 1
            return Expr(.literal(.decimal(t.value)), span: t.span)
        case .approximate:
            p += 1
            return Expr(.literal(.approximate(t.value)), span: t.span)
        case .string:
            p += 1
            return Expr(.literal(.string(t.value)), span: t.span)
        case .binaryString:
            p += 1
            return Expr(.literal(.binary(t.value)), span: t.span)
        case .star:
            p += 1
            return Expr(.star(qualifier: []), span: t.span)
        case .leftParen:
            p += 1
            if startsQuery(at: p) {
                let q = try query()
                try expect(.rightParen, ")")
                return Expr(.subquery(q), span: span(from: start))
            }
            let first = try expression()
            if accept(.rightParen) { return first }
            var items = [first]
            while accept(.comma) { items.append(try expression()) }
            try expect(.rightParen, ")")
            return Expr(.row(items, explicit: false), span: span(from: start))
        case .quotedIdentifier:
            return try nameOrCall()
        case .word:
            if let k = t.keyword, let special = try keywordExpression(k) { return special }
            if let k = t.keyword, k.isReserved, peek(1).kind != .leftParen {
                throw error(expected: Self.expressionStarts)
            }
            return try nameOrCall()
        default:
            throw error(expected: Self.expressionStarts)
        }
    }

    /// A (possibly qualified) name, or a function call when `(` follows.
    mutating func nameOrCall() throws(SQLParseError) -> Expr {
        let start = p
        var parts = [Identifier(current.value, span: current.span)]
        p += 1
        while current.kind == .dot, peek(1).kind == .word || peek(1).kind == .quotedIdentifier,
              peek(2).kind == .leftParen || peek(2).kind == .dot {
            // qualified function names: cat.db.f(…)
            var look = p
            while tokens[look].kind == .dot && (tokens[look + 1].kind == .word || tokens[look + 1].kind == .quotedIdentifier) {
                look += 2
            }
            guard tokens[look].kind == .leftParen else { break }
            p += 1
            parts.append(Identifier(current.value, span: current.span))
            p += 1
        }
        if current.kind == .leftParen {
            let name = ObjectName(parts, span: span(from: start))
            return try call(name: name, start: start)
        }
        return Expr(.identifier(parts), span: span(from: start))
    }

    /// The argument list and the `FILTER`/`OVER` tail of a function call; `p` is at `(`.
    mutating func call(name: ObjectName, start: Int) throws(SQLParseError) -> Expr {
        try expect(.leftParen, "(")
        var fc = FunctionCall(name: name)
        if accept(.DISTINCT) { fc.isDistinct = true } else { _ = accept(.ALL) }
        if !accept(.rightParen) {
            repeat { fc.arguments.append(try argument()) } while accept(.comma)
            try expect(.rightParen, ")")
        }
        try callTail(&fc)
        return Expr(.call(fc), span: span(from: start))
    }

    mutating func callTail(_ fc: inout FunctionCall) throws(SQLParseError) {
        if isKeyword(.FILTER) && peek(1).kind == .leftParen {
            p += 2
            try expect(.WHERE)
            fc.filter = try expression()
            try expect(.rightParen, ")")
        }
        if accept(.OVER) {
            if current.kind == .leftParen { fc.over = .spec(try windowSpec()) }
            else { fc.over = .named(try identifier()) }
        }
    }

    mutating func argument() throws(SQLParseError) -> Expr {
        let start = p
        if isKeyword(.TABLE) && (peek(1).kind == .word || peek(1).kind == .quotedIdentifier) {
            p += 1
            let name = try objectName()
            return Expr(.tableArgument(name), span: span(from: start))
        }
        if (current.kind == .word || current.kind == .quotedIdentifier) && peek(1).kind == .arrow {
            let name = Identifier(current.value, span: current.span)
            p += 2
            let value = try argument()
            return Expr(.namedArgument(name, value), span: span(from: start))
        }
        if current.kind == .word, current.value.uppercased() == "DESCRIPTOR", peek(1).kind == .leftParen {
            p += 1
            let cols = try identifierList()
            return Expr(.descriptor(cols), span: span(from: start))
        }
        return try expression()
    }
}

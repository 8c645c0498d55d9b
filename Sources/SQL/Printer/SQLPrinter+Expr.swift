extension SQLPrinter {
    /// Binding strength of an expression (the parser's numbers; atoms are 100).
    static func precedence(_ e: Expr) -> Int {
        switch e.kind {
        case .binary(let op, _, _): return precedence(op)
        case .isPredicate, .isDistinctFrom: return 28
        case .between, .inList, .inSubquery, .like: return 32
        case .unary(.not, _): return 26
        case .unary: return 80
        case .namedArgument: return 0
        default: return 100
        }
    }

    static func precedence(_ op: BinaryOperator) -> Int {
        switch op {
        case .or: return 22
        case .and: return 24
        case .equals, .notEquals, .less, .lessEqual, .greater, .greaterEqual: return 30
        case .plus, .minus: return 40
        case .times, .divide, .modulo, .concat: return 60
        }
    }

    /// Prints `e`, parenthesised when it binds looser than `minPrecedence`.
    mutating func expr(_ e: Expr, _ minPrecedence: Int = 0) {
        if Self.precedence(e) < minPrecedence {
            w("(")
            expr(e, 0)
            w(")")
            return
        }
        switch e.kind {
        case .identifier(let parts):
            list(parts, ".") { $0.id($1) }
        case .star(let q):
            for part in q { id(part); w(".") }
            w("*")
        case .literal(let l): literal(l)
        case .unary(let op, let x):
            switch op {
            case .not: w("NOT "); expr(x, 27)
            case .minus: w("-"); expr(x, 81)
            case .plus: w("+"); expr(x, 81)
            }
        case .binary(let op, let l, let r):
            let prec = Self.precedence(op)
            expr(l, prec)
            w(" " + op.rawValue + " ")
            expr(r, prec + 1)
        case .isPredicate(let x, let test, let negated):
            expr(x, 28)
            w(negated ? " IS NOT " : " IS ")
            w(test.rawValue)
        case .isDistinctFrom(let l, let r, let negated):
            expr(l, 28)
            w(negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ")
            expr(r, 29)
        case .between(let x, let low, let high, let negated, let symmetric):
            expr(x, 32)
            w(negated ? " NOT BETWEEN " : " BETWEEN ")
            if symmetric { w("SYMMETRIC ") }
            expr(low, 33)
            w(" AND ")
            expr(high, 33)
        case .inList(let x, let items, let negated):
            expr(x, 32)
            w(negated ? " NOT IN (" : " IN (")
            list(items) { $0.expr($1) }
            w(")")
        case .inSubquery(let x, let q, let negated):
            expr(x, 32)
            w(negated ? " NOT IN (" : " IN (")
            query(q)
            w(")")
        case .like(let x, let pattern, let escape, let negated, let similar):
            expr(x, 32)
            w(negated ? " NOT" : "")
            w(similar ? " SIMILAR TO " : " LIKE ")
            expr(pattern, 33)
            if let escape { w(" ESCAPE "); expr(escape, 33) }
        case .call(let fc): call(fc)
        case .cast(let x, let t, let isTry):
            w(isTry ? "TRY_CAST(" : "CAST(")
            expr(x)
            w(" AS ")
            type(t)
            w(")")
        case .caseWhen(let operand, let whens, let otherwise):
            w("CASE")
            if let operand { w(" "); expr(operand) }
            for wc in whens { w(" WHEN "); expr(wc.condition); w(" THEN "); expr(wc.result) }
            if let otherwise { w(" ELSE "); expr(otherwise) }
            w(" END")
        case .array(let items): w("ARRAY["); list(items) { $0.expr($1) }; w("]")
        case .map(let items): w("MAP["); list(items) { $0.expr($1) }; w("]")
        case .row(let items, let explicit):
            w(explicit ? "ROW(" : "(")
            list(items) { $0.expr($1) }
            w(")")
        case .item(let base, let index):
            expr(base, 100)
            w("[")
            expr(index)
            w("]")
        case .field(let base, let f):
            // An identifier base would read as a qualified name, and a number base as a decimal literal
            // when the field is quoted (`4.\`x\`` is `4.` aliased): parenthesise both.
            switch base.kind {
            case .identifier, .literal(.integer(_)), .literal(.decimal(_)), .literal(.approximate(_)):
                w("("); expr(base); w(")")
            default:
                expr(base, 100)
            }
            w(".")
            id(f)
        case .subquery(let q): w("("); query(q); w(")")
        case .exists(let q): w("EXISTS ("); query(q); w(")")
        case .timeUnit(let u): w(u.rawValue)
        case .trimFlag(let f): w(f.rawValue)
        case .tableArgument(let n): w("TABLE "); name(n)
        case .descriptor(let cols): w("DESCRIPTOR"); ids(cols)
        case .namedArgument(let n, let v): id(n); w(" => "); expr(v)
        }
    }

    mutating func literal(_ l: Literal) {
        switch l {
        case .integer(let s), .decimal(let s), .approximate(let s): w(s)
        case .string(let s): str(s)
        case .binary(let s): w("X"); str(s)
        case .boolean(let b): w(b ? "TRUE" : "FALSE")
        case .null: w("NULL")
        case .date(let s): w("DATE "); str(s)
        case .time(let s): w("TIME "); str(s)
        case .timestamp(let s): w("TIMESTAMP "); str(s)
        case .timestampLTZ(let s): w("TIMESTAMP_LTZ "); str(s)
        case .interval(let i):
            w(i.negative ? "INTERVAL -" : "INTERVAL ")
            str(i.value)
            w(" ")
            intervalQualifier(i.qualifier)
        }
    }

    mutating func intervalQualifier(_ q: IntervalQualifier) {
        w(q.start.rawValue)
        if let sp = q.startPrecision {
            w("(" + String(sp))
            if q.end == nil, let fp = q.fractionalPrecision { w(", " + String(fp)) }
            w(")")
        } else if q.end == nil, let fp = q.fractionalPrecision {
            // only reachable for hand-built trees; keep it parseable
            w("(2, " + String(fp) + ")")
        }
        if let end = q.end {
            w(" TO " + end.rawValue)
            if end == .second, let fp = q.fractionalPrecision { w("(" + String(fp) + ")") }
        }
    }

    mutating func call(_ fc: FunctionCall) {
        let upper = fc.name.parts.count == 1 ? fc.upperName : ""
        let a = fc.arguments
        func isUnit(_ e: Expr) -> Bool { if case .timeUnit = e.kind { return true }; return false }
        if upper == "EXTRACT", a.count == 2, isUnit(a[0]) {
            w("EXTRACT("); expr(a[0]); w(" FROM "); expr(a[1]); w(")")
        } else if upper == "POSITION", a.count == 2 || a.count == 3 {
            w("POSITION("); expr(a[0], 33); w(" IN "); expr(a[1])
            if a.count == 3 { w(" FROM "); expr(a[2]) }
            w(")")
        } else if upper == "TRIM", a.count == 3 {
            w("TRIM("); expr(a[0]); w(" "); expr(a[1]); w(" FROM "); expr(a[2]); w(")")
        } else if upper == "FLOOR" || upper == "CEIL", a.count == 2, isUnit(a[1]) {
            w(upper + "("); expr(a[0]); w(" TO "); expr(a[1]); w(")")
        } else {
            functionName(fc.name)
            if fc.hasParentheses || !a.isEmpty {
                w(fc.isDistinct ? "(DISTINCT " : "(")
                list(a) { $0.expr($1) }
                w(")")
            }
        }
        if let f = fc.filter { w(" FILTER (WHERE "); expr(f); w(")") }
        switch fc.over {
        case nil: break
        case .named(let n): w(" OVER "); id(n)
        case .spec(let s): w(" OVER "); windowSpec(s)
        }
    }

    /// Function names print as written when they are plain words (keywords like `LEFT` or `YEAR` included,
    /// as the parser reads any word before `(` as a function name).
    mutating func functionName(_ n: ObjectName) {
        for (k, part) in n.parts.enumerated() {
            if k > 0 { w(".") }
            let plainWord = part.name.utf8.allSatisfy { b in
                (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || (b >= 0x30 && b <= 0x39)
            } && !(part.name.first?.isNumber ?? true)
            let special = Keyword.byName[part.name.uppercased()].map(Self.specialFunctionKeywords.contains) ?? false
            if plainWord && !special {
                w(part.name)
            } else {
                w("`")
                for c in part.name { w(c == "`" ? "``" : String(c)) }
                w("`")
            }
        }
    }

    /// Keywords that the parser treats specially before `(`; user functions with these names need quotes.
    static let specialFunctionKeywords: Set<Keyword> = [
        .CAST, .TRY_CAST, .EXTRACT, .POSITION, .TRIM, .ROW, .EXISTS, .TRUE, .FALSE, .NULL, .INTERVAL, .CASE, .NOT,
    ]
}

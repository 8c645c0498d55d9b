import Runtime
import SQL

/// Validates an expression against a scope (resolving names, inferring Flink's types) and compiles it
/// into a closure over input rows. After an aggregation, `slots` maps group keys and aggregate calls
/// (compared structurally) to the aggregate's output columns.
struct ExprCompiler {
    var scope: Scope
    var slots: [Expr: Int] = [:]
    /// True when compiling over an aggregation's output: bare columns must be grouped.
    var grouped = false
    /// The clock behind CURRENT_TIMESTAMP & co. (µs since epoch, UTC).
    var now: @Sendable () -> Int64 = PlanContext.systemNow

    init(scope: Scope, slots: [Expr: Int] = [:], grouped: Bool = false, now: @escaping @Sendable () -> Int64 = PlanContext.systemNow) {
        self.scope = scope
        self.slots = slots
        self.grouped = grouped
        self.now = now
    }

    static let aggregateNames: Set<String> = ["COUNT", "SUM", "AVG", "MIN", "MAX", "FIRST_VALUE", "LAST_VALUE", "$SUM0"]

    func compile(_ e: Expr) throws -> CompiledExpr {
        if let slot = slots[e] {
            let t = scope.columns[slot].type
            return CompiledExpr(type: t, columnIndex: slot) { $0.values[slot] }
        }
        switch e.kind {
        case let .identifier(parts):
            if grouped {
                throw PlannerError.at(e.span, "Expression '\(parts.map(\.name).joined(separator: "."))' is not being grouped")
            }
            let i = try scope.resolve(parts, span: e.span)
            return CompiledExpr(type: scope.columns[i].type, columnIndex: i) { $0.values[i] }
        case let .literal(l):
            return try literal(l, e.span)
        case let .unary(op, x):
            let c = try compile(x)
            switch op {
            case .plus: return c
            case .minus:
                let f = c.eval, t = c.type.withoutRowtime
                return CompiledExpr(type: t) { Arithmetic.negate(try f($0), type: t) }
            case .not:
                let f = c.eval
                return CompiledExpr(type: DataType(.boolean, nullable: c.type.nullable)) { Comparison.not(try f($0)) }
            }
        case let .binary(op, l, r):
            return try binary(op, l, r, e)
        case let .isPredicate(x, test, negated):
            let c = try compile(x), f = c.eval
            return CompiledExpr(type: DataType(.boolean, nullable: false)) { row in
                let v = try f(row)
                let r: Bool
                switch test {
                case .null: r = v.isNull
                case .true_: r = v == .bool(true)
                case .false_: r = v == .bool(false)
                case .unknown: r = v.isNull
                }
                return .bool(r != negated)
            }
        case let .isDistinctFrom(a, b, negated):
            let x = try compile(a).eval, y = try compile(b).eval
            return CompiledExpr(type: DataType(.boolean, nullable: false)) { row in
                let u = try x(row), v = try y(row)
                let distinct = (u.isNull != v.isNull) || (!u.isNull && Comparison.compare(u, v) != 0)
                return .bool(distinct != negated)
            }
        case let .between(x, low, high, negated, symmetric):
            let c = try compile(x), lo = try compile(low), hi = try compile(high)
            let f = c.eval, fl = lo.eval, fh = hi.eval
            let nullable = c.type.nullable || lo.type.nullable || hi.type.nullable
            return CompiledExpr(type: DataType(.boolean, nullable: nullable)) { row in
                let v = try f(row)
                var a = try fl(row), b = try fh(row)
                if symmetric, let cmp = Comparison.compare(a, b), cmp > 0 { swap(&a, &b) }
                let r = Comparison.between(v, a, b)
                return negated ? Comparison.not(r) : r
            }
        case let .inList(x, list, negated):
            let c = try compile(x), items = try list.map { try compile($0).eval }
            let f = c.eval
            return CompiledExpr(type: DataType(.boolean, nullable: c.type.nullable)) { row in
                let r = Comparison.isIn(try f(row), try items.map { try $0(row) })
                return negated ? Comparison.not(r) : r
            }
        case let .like(x, pattern, escape, negated, similar):
            guard !similar else { throw PlannerError.at(e.span, "SIMILAR TO is not supported") }
            let c = try compile(x), p = try compile(pattern)
            var esc: Character?
            if let escape, case let .literal(.string(s)) = escape.kind { esc = s.first }
            let f = c.eval, fp = p.eval, escChar = esc
            return CompiledExpr(type: DataType(.boolean, nullable: c.type.nullable || p.type.nullable)) { row in
                let r = StringFunctions.like(try f(row), try fp(row), escape: escChar)
                return negated ? Comparison.not(r) : r
            }
        case let .cast(x, typeSyntax, isTry):
            let c = try compile(x)
            var target = try TypeMapping.dataType(typeSyntax)
            target.nullable = c.type.nullable || isTry
            let f = c.eval, from = c.type, to = target
            if isTry { return CompiledExpr(type: to) { Cast.tryCast(try f($0), from: from, to: to) } }
            return CompiledExpr(type: to) { try Cast.cast(try f($0), from: from, to: to) }
        case let .caseWhen(operand, whens, otherwise):
            return try caseWhen(operand, whens, otherwise, e)
        case let .call(call):
            return try FunctionCompiler(compiler: self).compile(call, e)
        default:
            throw PlannerError.at(e.span, "Unsupported expression")
        }
    }

    func literal(_ l: Literal, _ span: SourceSpan) throws -> CompiledExpr {
        let v: Value, t: DataType
        switch l {
        case let .integer(s):
            t = TypeInference.integerLiteral(s)
            if let i = Int64(s) { v = .int(i) } else { v = .decimal(DecimalMath.parse(s, scale: 0) ?? 0, scale: 0) }
        case let .decimal(s):
            t = TypeInference.numericLiteral(s)
            guard case let .decimal(_, scale) = t.logical else { throw PlannerError.at(span, "Bad number \(s)") }
            v = .decimal(DecimalMath.parse(s, scale: scale) ?? 0, scale: scale)
        case let .approximate(s):
            t = DataType(.double, nullable: false)
            v = .double(Double(s) ?? 0)
        case let .string(s):
            t = TypeInference.stringLiteral(s)
            v = .string(s)
        case let .boolean(b):
            t = DataType(.boolean, nullable: false)
            v = .bool(b)
        case .null:
            t = DataType(.null, nullable: true)
            v = .null
        case let .date(s):
            guard let d = TimeFormat.parseDate(s) else { throw PlannerError.at(span, "Illegal DATE literal '\(s)'") }
            t = DataType(.date, nullable: false); v = .date(d)
        case let .timestamp(s):
            guard let ts = TimeFormat.parseTimestamp(s) else { throw PlannerError.at(span, "Illegal TIMESTAMP literal '\(s)'") }
            t = DataType(.timestamp(precision: 3), nullable: false); v = .timestamp(ts)
        case let .interval(i):
            let (value, type) = try Self.interval(i, span)
            v = value; t = type
        default:
            throw PlannerError.at(span, "Unsupported literal")
        }
        let value = v
        return CompiledExpr(type: t) { _ in value }
    }

    /// An interval literal as `.interval(ms)` or `.intervalMonths(n)`.
    static func interval(_ i: IntervalLiteral, _ span: SourceSpan) throws -> (Value, DataType) {
        let sign: Int64 = i.negative ? -1 : 1
        let text = i.value.trimmingWhitespace()
        let neg2: Int64 = text.hasPrefix("-") ? -1 : 1
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        let parts = body.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "-" }).map(String.init)
        func unitMillis(_ u: TimeUnit) -> Int64 {
            switch u {
            case .day: return 86_400_000
            case .hour: return 3_600_000
            case .minute: return 60_000
            case .second: return 1000
            case .week: return 7 * 86_400_000
            case .millisecond: return 1
            default: return 0
            }
        }
        if i.qualifier.isYearMonth {
            var months: Int64 = 0
            if i.qualifier.start == .year, i.qualifier.end == .month, parts.count == 2 {
                months = (Int64(parts[0]) ?? 0) * 12 + (Int64(parts[1]) ?? 0)
            } else {
                let n = Int64(parts.first ?? "") ?? 0
                months = i.qualifier.start == .year ? n * 12 : (i.qualifier.start == .quarter ? n * 3 : n)
            }
            return (.intervalMonths(Int32(months * sign * neg2)), DataType(.intervalYearMonth, nullable: false))
        }
        var ms: Int64 = 0
        if let end = i.qualifier.end {
            let order: [TimeUnit] = [.day, .hour, .minute, .second]
            guard let a = order.firstIndex(of: i.qualifier.start), let b = order.firstIndex(of: end), parts.count == b - a + 1 else {
                throw PlannerError.at(span, "Illegal interval literal")
            }
            for (k, p) in parts.enumerated() {
                if order[a + k] == .second, let d = Double(p) { ms += Int64((d * 1000).rounded()) } else { ms += (Int64(p) ?? 0) * unitMillis(order[a + k]) }
            }
        } else {
            guard let d = Double(body) else { throw PlannerError.at(span, "Illegal interval literal") }
            ms = Int64((d * Double(unitMillis(i.qualifier.start))).rounded())
        }
        return (.interval(ms * sign * neg2), DataType(.intervalDayTime, nullable: false))
    }

    func binary(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ e: Expr) throws -> CompiledExpr {
        let a = try compile(l), b = try compile(r)
        let fa = a.eval, fb = b.eval
        let nullable = a.type.nullable || b.type.nullable
        switch op {
        case .and:
            return CompiledExpr(type: DataType(.boolean, nullable: nullable)) { row in
                let x = try fa(row)
                if x == .bool(false) { return x }
                return Comparison.and(x, try fb(row))
            }
        case .or:
            return CompiledExpr(type: DataType(.boolean, nullable: nullable)) { row in
                let x = try fa(row)
                if x == .bool(true) { return x }
                return Comparison.or(x, try fb(row))
            }
        case .equals, .notEquals, .less, .lessEqual, .greater, .greaterEqual:
            guard TypeInference.comparable(a.type, b.type) else {
                throw PlannerError.at(e.span, "Cannot apply '\(op.rawValue)' to arguments of type '<\(TypeInference.calciteSpelling(a.type.logical))> \(op.rawValue) <\(TypeInference.calciteSpelling(b.type.logical))>'")
            }
            let cop: Comparison.Operator
            switch op {
            case .equals: cop = .eq
            case .notEquals: cop = .ne
            case .less: cop = .lt
            case .lessEqual: cop = .le
            case .greater: cop = .gt
            default: cop = .ge
            }
            return CompiledExpr(type: DataType(.boolean, nullable: nullable)) { row in Comparison.apply(cop, try fa(row), try fb(row)) }
        case .concat:
            return CompiledExpr(type: DataType(.string, nullable: nullable)) { row in
                StringFunctions.concat([Self.text(try fa(row), a.type), Self.text(try fb(row), b.type)])
            }
        case .plus, .minus, .times, .divide, .modulo:
            // Temporal ± interval.
            if TypeInference.isTemporal(a.type.logical), b.type.logical == .intervalDayTime || b.type.logical == .intervalYearMonth, op == .plus || op == .minus {
                let negate = op == .minus
                return CompiledExpr(type: a.type.withoutRowtime) { row in TimeFunctions.plusInterval(try fa(row), try fb(row), negate: negate) }
            }
            if TypeInference.isTemporal(b.type.logical), a.type.logical == .intervalDayTime || a.type.logical == .intervalYearMonth, op == .plus {
                return CompiledExpr(type: b.type.withoutRowtime) { row in TimeFunctions.plusInterval(try fb(row), try fa(row)) }
            }
            let aop: TypeInference.ArithmeticOperator
            switch op {
            case .plus: aop = .plus
            case .minus: aop = .minus
            case .times: aop = .times
            case .divide: aop = .divide
            default: aop = .mod
            }
            guard let t = TypeInference.arithmetic(aop, a.type, b.type) else {
                throw PlannerError.at(e.span, "Cannot apply '\(op.rawValue)' to arguments of type '<\(TypeInference.calciteSpelling(a.type.logical))> \(op.rawValue) <\(TypeInference.calciteSpelling(b.type.logical))>'. Supported form(s): '<NUMERIC> \(op.rawValue) <NUMERIC>'")
            }
            return CompiledExpr(type: t) { row in try Arithmetic.apply(aop, try fa(row), try fb(row), type: t) }
        }
    }

    /// A value as text for string functions (non-string arguments print as CAST … AS STRING).
    static func text(_ v: Value, _ t: DataType) -> Value {
        if case .string = v { return v }
        if v.isNull { return v }
        return .string(Cast.toText(v, type: t))
    }

    func caseWhen(_ operand: Expr?, _ whens: [WhenClause], _ otherwise: Expr?, _ e: Expr) throws -> CompiledExpr {
        let op = try operand.map(compile)
        var conds: [Expression] = []
        var results: [CompiledExpr] = []
        for w in whens {
            let c = try compile(w.condition)
            if let op {
                let fo = op.eval, fc = c.eval
                conds.append { row in Comparison.apply(.eq, try fo(row), try fc(row)) }
            } else {
                conds.append(c.eval)
            }
            results.append(try compile(w.result))
        }
        let other = try otherwise.map(compile)
        var types = results.map(\.type)
        types.append(other?.type ?? DataType(.null, nullable: true))
        guard var t = TypeInference.leastRestrictive(types) else {
            throw PlannerError.at(e.span, "Illegal mixing of types in CASE or COALESCE statement")
        }
        t.isRowtime = false
        let branches = results.map { $0.coerced(to: t).eval }
        let fallback = other?.coerced(to: t).eval
        let conditions = conds
        return CompiledExpr(type: t) { row in
            for (i, c) in conditions.enumerated() where Comparison.isTrue(try c(row)) { return try branches[i](row) }
            return try fallback?(row) ?? .null
        }
    }
}

extension DataType {
    var withoutRowtime: DataType { var t = self; t.isRowtime = false; return t }
}

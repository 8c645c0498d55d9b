import Runtime
import SQL

/// Built-in scalar functions: argument checking, Flink's result types, and evaluators from `Functions/`.
struct FunctionCompiler {
    let compiler: ExprCompiler

    func compile(_ call: FunctionCall, _ e: Expr) throws -> CompiledExpr {
        let name = call.upperName
        if ExprCompiler.aggregateNames.contains(name) {
            throw PlannerError.at(e.span, "Aggregate expression is illegal in this context")
        }
        let rawArgs = call.arguments
        func args() throws -> [CompiledExpr] { try rawArgs.map { try compiler.compile($0) } }
        func unit(_ i: Int) -> TimeFunctions.Unit? {
            guard i < rawArgs.count, case let .timeUnit(u) = rawArgs[i].kind else { return nil }
            return TimeFunctions.Unit(rawValue: u.rawValue)
        }
        func arity(_ n: ClosedRange<Int>) throws {
            guard n.contains(rawArgs.count) else {
                throw PlannerError.at(e.span, "Invalid number of arguments to function '\(name)'. Was expecting \(n.lowerBound) arguments")
            }
        }
        func nullable(_ a: [CompiledExpr]) -> Bool { a.contains { $0.type.nullable } }
        func strings(_ a: [CompiledExpr]) -> [Expression] {
            a.map { c in let f = c.eval, t = c.type; return { row in ExprCompiler.text(try f(row), t) } }
        }
        func make(_ t: DataType, _ a: [CompiledExpr], _ body: @escaping @Sendable ([Value]) throws -> Value) -> CompiledExpr {
            let fs = a.map(\.eval)
            return CompiledExpr(type: t) { row in
                var vs: [Value] = []
                vs.reserveCapacity(fs.count)
                for f in fs { vs.append(try f(row)) }
                return try body(vs)
            }
        }
        let string = DataType(.string)

        switch name {
        case "CURRENT_TIMESTAMP", "NOW", "LOCALTIMESTAMP", "CURRENT_ROW_TIMESTAMP":
            let now = compiler.now
            let ltz = name == "CURRENT_TIMESTAMP" || name == "NOW" || name == "CURRENT_ROW_TIMESTAMP"
            return CompiledExpr(type: DataType(ltz ? .timestampLTZ(precision: 3) : .timestamp(precision: 3), nullable: false)) { _ in
                .timestamp(Cast.truncate(now(), precision: 3))
            }
        case "CURRENT_DATE":
            let now = compiler.now
            return CompiledExpr(type: DataType(.date, nullable: false)) { _ in
                .date(Int32(TimeFormat.floorDiv(now(), TimeFormat.microsPerDay)))
            }
        case "UPPER", "LOWER", "INITCAP":
            try arity(1...1)
            let a = try args()
            return make(string.withNullable(nullable(a)), a) { v in
                name == "UPPER" ? StringFunctions.upper(v[0]) : (name == "LOWER" ? StringFunctions.lower(v[0]) : StringFunctions.initcap(v[0]))
            }
        case "CONCAT":
            let a = try args()
            let fs = strings(a)
            return CompiledExpr(type: string.withNullable(nullable(a))) { row in StringFunctions.concat(try fs.map { try $0(row) }) }
        case "CONCAT_WS":
            try arity(1...100)
            let a = try args()
            let fs = strings(a)
            return CompiledExpr(type: string.withNullable(a[0].type.nullable)) { row in
                let vs = try fs.map { try $0(row) }
                return StringFunctions.concatWs(vs[0], Array(vs.dropFirst()))
            }
        case "SUBSTRING", "SUBSTR":
            try arity(2...3)
            let a = try args()
            return make(string.withNullable(nullable(a)), a) { v in StringFunctions.substring(v[0], v[1], v.count > 2 ? v[2] : nil) }
        case "CHAR_LENGTH", "CHARACTER_LENGTH":
            try arity(1...1)
            let a = try args()
            return make(DataType(.int, nullable: nullable(a)), a) { v in StringFunctions.charLength(v[0]) }
        case "TRIM":
            // Parser form: TRIM([flag], [chars], value) — accept (value), (flag, chars, value).
            var flag: StringFunctions.TrimSide = .both
            var rest = rawArgs
            if let f = rest.first, case let .trimFlag(tf) = f.kind {
                flag = tf == .leading ? .leading : (tf == .trailing ? .trailing : .both)
                rest.removeFirst()
            }
            let a = try rest.map { try compiler.compile($0) }
            let side = flag
            if a.count == 2 {
                return make(string.withNullable(nullable(a)), a) { v in StringFunctions.trim(v[1], side: side, characters: v[0]) }
            }
            return make(string.withNullable(nullable(a)), a) { v in StringFunctions.trim(v[0], side: side) }
        case "LTRIM", "RTRIM":
            try arity(1...1)
            let a = try args(), side: StringFunctions.TrimSide = name == "LTRIM" ? .leading : .trailing
            return make(string.withNullable(nullable(a)), a) { v in StringFunctions.trim(v[0], side: side) }
        case "REPLACE":
            try arity(3...3)
            let a = try args()
            return make(string.withNullable(nullable(a)), a) { v in StringFunctions.replace(v[0], v[1], v[2]) }
        case "POSITION":
            try arity(2...2)
            let a = try args()
            return make(DataType(.int, nullable: nullable(a)), a) { v in StringFunctions.position(v[0], v[1]) }
        case "LPAD", "RPAD":
            try arity(3...3)
            let a = try args(), left = name == "LPAD"
            return make(string.withNullable(nullable(a)), a) { v in StringFunctions.pad(v[0], v[1], v[2], left: left) }
        case "COALESCE":
            let a = try args()
            guard var t = TypeInference.leastRestrictive(a.map(\.type)) else {
                throw PlannerError.at(e.span, "Illegal mixing of types in CASE or COALESCE statement")
            }
            t.nullable = a.allSatisfy { $0.type.nullable }
            t.isRowtime = false
            let fs = a.map { $0.coerced(to: t).eval }
            return CompiledExpr(type: t) { row in
                for f in fs { let v = try f(row); if !v.isNull { return v } }
                return .null
            }
        case "NULLIF":
            try arity(2...2)
            let a = try args()
            let t = a[0].type.withNullable(true).withoutRowtime
            return make(t, a) { v in Comparison.apply(.eq, v[0], v[1]) == .bool(true) ? .null : v[0] }
        case "IF":
            try arity(3...3)
            let a = try args()
            guard var t = TypeInference.leastRestrictive([a[1].type, a[2].type]) else { throw PlannerError.at(e.span, "Illegal mixing of types in IF") }
            t.isRowtime = false
            let c = a[0].eval, x = a[1].coerced(to: t).eval, y = a[2].coerced(to: t).eval
            return CompiledExpr(type: t) { row in Comparison.isTrue(try c(row)) ? try x(row) : try y(row) }
        case "ABS":
            try arity(1...1)
            let a = try args(), t = a[0].type.withoutRowtime
            return make(t, a) { v in Arithmetic.abs(v[0], type: t) }
        case "MOD":
            try arity(2...2)
            let a = try args()
            guard let t = TypeInference.arithmetic(.mod, a[0].type, a[1].type) else { throw PlannerError.at(e.span, "Cannot apply 'MOD'") }
            return make(t, a) { v in try Arithmetic.apply(.mod, v[0], v[1], type: t) }
        case "POWER", "POW":
            try arity(2...2)
            let a = try args()
            return make(DataType(.double, nullable: nullable(a)), a) { v in Arithmetic.power(v[0], v[1]) }
        case "SQRT", "LN", "LOG10", "LOG2", "EXP":
            try arity(1...1)
            let a = try args()
            return make(DataType(.double, nullable: nullable(a)), a) { v in Arithmetic.unaryDouble(name, v[0]) }
        case "ROUND":
            try arity(1...2)
            let a = try args()
            var digits = 0
            if rawArgs.count == 2 {
                if case let .literal(.integer(s)) = rawArgs[1].kind { digits = Int(s) ?? 0 }
                else if case let .unary(.minus, x) = rawArgs[1].kind, case let .literal(.integer(s)) = x.kind { digits = -(Int(s) ?? 0) }
            }
            let t = TypeInference.round(a[0].type.withoutRowtime, digits: digits), r = digits
            return make(t, [a[0]]) { v in Arithmetic.round(v[0], digits: r, type: t) }
        case "FLOOR", "CEIL", "CEILING":
            let up = name != "FLOOR"
            if let u = unit(1) {
                let a = try compiler.compile(rawArgs[0])
                var t = a.type
                // FLOOR(rowtime TO unit) keeps the time attribute in Flink's schema.
                if !a.type.isRowtime { t.isRowtime = false }
                let f = a.eval
                return CompiledExpr(type: t) { row in TimeFunctions.floorCeil(try f(row), u, up: up) }
            }
            try arity(1...1)
            let a = try args(), t = TypeInference.floorCeil(a[0].type.withoutRowtime)
            return make(t, a) { v in up ? Arithmetic.ceil(v[0], type: t) : Arithmetic.floor(v[0], type: t) }
        case "EXTRACT":
            guard let u = unit(0), rawArgs.count == 2 else { throw PlannerError.at(e.span, "Invalid EXTRACT") }
            let a = try compiler.compile(rawArgs[1]), f = a.eval
            return CompiledExpr(type: DataType(.bigint, nullable: a.type.nullable)) { row in TimeFunctions.extract(u, try f(row)) }
        case "YEAR", "MONTH", "DAYOFMONTH", "HOUR", "MINUTE", "SECOND", "QUARTER", "WEEK", "DAYOFYEAR", "DAYOFWEEK":
            try arity(1...1)
            let map: [String: TimeFunctions.Unit] = ["YEAR": .year, "MONTH": .month, "DAYOFMONTH": .day, "HOUR": .hour, "MINUTE": .minute,
                                                      "SECOND": .second, "QUARTER": .quarter, "WEEK": .week, "DAYOFYEAR": .doy, "DAYOFWEEK": .dow]
            let a = try args(), u = map[name]!
            return make(DataType(.bigint, nullable: nullable(a)), a) { v in TimeFunctions.extract(u, v[0]) }
        case "TIMESTAMPADD":
            guard let u = unit(0), rawArgs.count == 3 else { throw PlannerError.at(e.span, "Invalid TIMESTAMPADD") }
            let n = try compiler.compile(rawArgs[1]), t = try compiler.compile(rawArgs[2])
            let fn = n.eval, ft = t.eval
            return CompiledExpr(type: t.type.withoutRowtime.withNullable(n.type.nullable || t.type.nullable)) { row in
                TimeFunctions.timestampAdd(u, try fn(row), try ft(row))
            }
        case "TIMESTAMPDIFF":
            guard let u = unit(0), rawArgs.count == 3 else { throw PlannerError.at(e.span, "Invalid TIMESTAMPDIFF") }
            let x = try compiler.compile(rawArgs[1]), y = try compiler.compile(rawArgs[2])
            let fx = x.eval, fy = y.eval
            return CompiledExpr(type: DataType(.int, nullable: x.type.nullable || y.type.nullable)) { row in
                TimeFunctions.timestampDiff(u, try fx(row), try fy(row))
            }
        case "DATE_FORMAT":
            try arity(2...2)
            let a = try args()
            return make(DataType(.string, nullable: nullable(a)), a) { v in TimeFunctions.dateFormat(v[0], v[1]) }
        case "TO_TIMESTAMP":
            try arity(1...2)
            let a = try args()
            return make(DataType(.timestamp(precision: 3), nullable: true), a) { v in TimeFunctions.toTimestamp(v[0], format: v.count > 1 ? v[1] : nil) }
        case "TO_DATE":
            try arity(1...2)
            let a = try args()
            return make(DataType(.date, nullable: true), a) { v in TimeFunctions.toDate(v[0], format: v.count > 1 ? v[1] : nil) }
        case "UNIX_TIMESTAMP":
            let a = try args()
            return make(DataType(.bigint, nullable: nullable(a)), a) { v in
                v.isEmpty ? .int(0) : TimeFunctions.unixTimestamp(v[0], format: v.count > 1 ? v[1] : nil)
            }
        case "FROM_UNIXTIME":
            try arity(1...2)
            let a = try args()
            return make(DataType(.string, nullable: nullable(a)), a) { v in TimeFunctions.fromUnixtime(v[0], format: v.count > 1 ? v[1] : nil) }
        default:
            throw PlannerError.at(call.name.span.start.line == 0 ? e.span : e.span,
                                  "No match found for function signature \(call.name.description)(\(rawArgs.map { _ in "<ANY>" }.joined(separator: ", ")))")
        }
    }
}

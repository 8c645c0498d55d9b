extension SQLParser {
    static let typeNames = ["\"STRING\"", "\"INT\"", "\"BIGINT\"", "\"DOUBLE\"", "\"DECIMAL\"", "\"BOOLEAN\"",
                            "\"TIMESTAMP\"", "\"DATE\"", "\"VARCHAR\"", "\"ARRAY\"", "\"MAP\"", "\"ROW\""]

    /// A data type with optional `NOT NULL` / `NULL`.
    mutating func dataType() throws(SQLParseError) -> TypeSyntax {
        try enter()
        defer { depth -= 1 }
        let start = p
        var t = try baseType()
        if accept(.NOT) {
            try expect(.NULL)
            t.nullable = false
        } else {
            _ = accept(.NULL)
        }
        t.span = span(from: start)
        return t
    }

    mutating func optionalParameters(max: Int) throws(SQLParseError) -> [Int] {
        guard accept(.leftParen) else { return [] }
        var out = [try integerLiteral()]
        while out.count < max, accept(.comma) { out.append(try integerLiteral()) }
        try expect(.rightParen, ")")
        return out
    }

    mutating func baseType() throws(SQLParseError) -> TypeSyntax {
        let t = current
        guard t.kind == .word || t.kind == .quotedIdentifier else { throw error(expected: Self.typeNames) }
        if t.kind == .quotedIdentifier {
            // A quoted (user-defined or unknown) type name takes parameters like an unquoted one, so the
            // printer's quoted form of `FOO(3)` parses back.
            p += 1
            return TypeSyntax(t.value, parameters: try optionalParameters(max: 2))
        }
        p += 1
        switch t.keyword {
        case .STRING: return TypeSyntax("STRING")
        case .BYTES: return TypeSyntax("BYTES")
        case .BOOLEAN: return TypeSyntax("BOOLEAN")
        case .TINYINT: return TypeSyntax("TINYINT")
        case .SMALLINT: return TypeSyntax("SMALLINT")
        case .INT, .INTEGER: return TypeSyntax("INT")
        case .BIGINT: return TypeSyntax("BIGINT")
        case .FLOAT: return TypeSyntax("FLOAT")
        case .REAL: return TypeSyntax("FLOAT")
        case .DOUBLE:
            _ = accept(.PRECISION)
            return TypeSyntax("DOUBLE")
        case .DECIMAL, .DEC, .NUMERIC: return TypeSyntax("DECIMAL", parameters: try optionalParameters(max: 2))
        case .VARCHAR: return TypeSyntax("VARCHAR", parameters: try optionalParameters(max: 1))
        case .CHAR, .CHARACTER:
            if accept(.VARYING) { return TypeSyntax("VARCHAR", parameters: try optionalParameters(max: 1)) }
            return TypeSyntax("CHAR", parameters: try optionalParameters(max: 1))
        case .BINARY: return TypeSyntax("BINARY", parameters: try optionalParameters(max: 1))
        case .VARBINARY: return TypeSyntax("VARBINARY", parameters: try optionalParameters(max: 1))
        case .DATE: return TypeSyntax("DATE")
        case .TIME:
            let params = try optionalParameters(max: 1)
            if accept(.WITHOUT) { try expect(.TIME); try expect(.ZONE) }
            return TypeSyntax("TIME", parameters: params)
        case .TIMESTAMP:
            let params = try optionalParameters(max: 1)
            if accept(.WITHOUT) {
                try expect(.TIME); try expect(.ZONE)
            } else if isKeyword(.WITH) && peekIsKeyword(1, .LOCAL) {
                p += 2
                try expect(.TIME); try expect(.ZONE)
                return TypeSyntax("TIMESTAMP_LTZ", parameters: params)
            }
            return TypeSyntax("TIMESTAMP", parameters: params)
        case .TIMESTAMP_LTZ: return TypeSyntax("TIMESTAMP_LTZ", parameters: try optionalParameters(max: 1))
        case .ARRAY, .MULTISET:
            let name = t.keyword == .ARRAY ? "ARRAY" : "MULTISET"
            try expect(.less, "<")
            let e = try dataType()
            try expect(.greater, ">")
            return TypeSyntax(name, elements: [e])
        case .MAP:
            try expect(.less, "<")
            let k = try dataType()
            try expect(.comma, ",")
            let v = try dataType()
            try expect(.greater, ">")
            return TypeSyntax("MAP", elements: [k, v])
        case .ROW:
            let close: Token.Kind
            if accept(.less) { close = .greater } else { try expect(.leftParen, "("); close = .rightParen }
            var row = TypeSyntax("ROW")
            if accept(close) { return row }
            repeat {
                row.fieldNames.append(try identifier())
                row.elements.append(try dataType())
                row.fieldComments.append(current.kind == .string ? try stringLiteral()
                                         : (accept(.COMMENT) ? try stringLiteral() : nil))
            } while accept(.comma)
            try expect(close, close == .greater ? ">" : ")")
            if row.fieldComments.allSatisfy({ $0 == nil }) { row.fieldComments = [] }
            return row
        default:
            if let k = t.keyword, k.isReserved { p -= 1; throw error(expected: Self.typeNames) }
            // user-defined or unknown type name: kept as written (upper-cased) for the planner to reject.
            return TypeSyntax(t.value.uppercased(), parameters: try optionalParameters(max: 2))
        }
    }
}

extension SQLPrinter {
    mutating func query(_ q: Query) {
        if !q.with.isEmpty {
            w("WITH ")
            list(q.with) { p, cte in
                p.id(cte.name)
                if !cte.columns.isEmpty { p.w(" "); p.ids(cte.columns) }
                p.w(" AS (")
                p.query(cte.query)
                p.w(")")
            }
            w(" ")
        }
        body(q.body)
        if !q.orderBy.isEmpty { w(" ORDER BY "); orderItems(q.orderBy) }
        if let l = q.limit { w(" LIMIT "); expr(l) }
        if let o = q.offset { w(" OFFSET "); expr(o) }
    }

    mutating func body(_ b: QueryBody) {
        switch b {
        case .select(let s): select(s)
        case .values(let rows):
            w("VALUES ")
            list(rows) { p, row in p.w("("); p.list(row) { $0.expr($1) }; p.w(")") }
        case .setOperation(let op):
            body(op.left)
            w(" " + op.kind.rawValue + (op.all ? " ALL " : " "))
            if case .setOperation = op.right { w("("); body(op.right); w(")") } else { body(op.right) }
        case .query(let q):
            w("(")
            query(q)
            w(")")
        }
    }

    mutating func orderItems(_ items: [OrderItem]) {
        list(items) { p, o in
            p.expr(o.expr)
            if o.descending { p.w(" DESC") }
            if let nf = o.nullsFirst { p.w(nf ? " NULLS FIRST" : " NULLS LAST") }
        }
    }

    mutating func select(_ s: Select) {
        w(s.isDistinct ? "SELECT DISTINCT " : "SELECT ")
        list(s.items) { p, item in
            p.expr(item.expr)
            if let a = item.alias { p.w(" AS "); p.id(a) }
        }
        if let f = s.from { w(" FROM "); tableRef(f) }
        if let e = s.whereClause { w(" WHERE "); expr(e) }
        if !s.groupBy.isEmpty { w(" GROUP BY "); list(s.groupBy) { $0.expr($1) } }
        if let e = s.having { w(" HAVING "); expr(e) }
        if !s.windows.isEmpty {
            w(" WINDOW ")
            list(s.windows) { p, nw in p.id(nw.name); p.w(" AS "); p.windowSpec(nw.spec) }
        }
    }

    mutating func alias(_ a: TableAlias?) {
        guard let a else { return }
        w(" AS ")
        id(a.name)
        if !a.columns.isEmpty { ids(a.columns) }
    }

    mutating func tableRef(_ t: TableRef) {
        switch t {
        case .table(let tn):
            name(tn.name)
            if let e = tn.systemTimeAsOf { w(" FOR SYSTEM_TIME AS OF "); expr(e, 33) }
            alias(tn.alias)
        case .subquery(let q, let a, _):
            w("(")
            query(q)
            w(")")
            alias(a)
        case .function(let f):
            w(f.lateral ? "LATERAL TABLE(" : "TABLE(")
            expr(f.call)
            w(")")
            alias(f.alias)
        case .join(let j):
            tableRef(j.left)
            if j.kind == .comma {
                w(", ")
            } else {
                w(j.natural ? " NATURAL " : " ")
                w(j.kind.rawValue + " ")
            }
            tableRef(j.right)
            switch j.condition {
            case .none: break
            case .on(let e): w(" ON "); expr(e)
            case .using(let cols): w(" USING "); ids(cols)
            }
        }
    }

    mutating func windowSpec(_ s: WindowSpec) {
        w("(")
        var parts: [(inout SQLPrinter) -> Void] = []
        if let b = s.base { parts.append { $0.id(b) } }
        if !s.partitionBy.isEmpty {
            parts.append { p in p.w("PARTITION BY "); p.list(s.partitionBy) { $0.expr($1) } }
        }
        if !s.orderBy.isEmpty { parts.append { p in p.w("ORDER BY "); p.orderItems(s.orderBy) } }
        if let f = s.frame {
            parts.append { p in
                p.w(f.unit.rawValue + " ")
                if let end = f.end {
                    p.w("BETWEEN "); p.bound(f.start); p.w(" AND "); p.bound(end)
                } else {
                    p.bound(f.start)
                }
            }
        }
        for (k, part) in parts.enumerated() {
            if k > 0 { w(" ") }
            part(&self)
        }
        w(")")
    }

    mutating func bound(_ b: WindowFrame.Bound) {
        switch b {
        case .unboundedPreceding: w("UNBOUNDED PRECEDING")
        case .unboundedFollowing: w("UNBOUNDED FOLLOWING")
        case .currentRow: w("CURRENT ROW")
        case .preceding(let e): expr(e, 33); w(" PRECEDING")
        case .following(let e): expr(e, 33); w(" FOLLOWING")
        }
    }
}

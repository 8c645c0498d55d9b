/// ORDER BY of Top-N operators: columns with direction and NULL placement (Flink: NULLS FIRST for ASC,
/// NULLS LAST for DESC by default).
public struct SortSpec: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public var index: Int
        public var ascending: Bool
        public var nullsFirst: Bool
        public init(_ index: Int, ascending: Bool = true, nullsFirst: Bool? = nil) {
            self.index = index
            self.ascending = ascending
            self.nullsFirst = nullsFirst ?? ascending
        }
    }
    public var fields: [Field]
    public init(_ fields: [Field]) { self.fields = fields }

    /// <0 when `a` sorts before `b`.
    public func compare(_ a: [Value], _ b: [Value]) -> Int {
        for f in fields {
            let x = a[f.index], y = b[f.index]
            if x.isNull || y.isNull {
                if x.isNull && y.isNull { continue }
                return x.isNull == f.nullsFirst ? -1 : 1
            }
            let c = Value.compare(x, y)
            if c != 0 { return f.ascending ? c : -c }
        }
        return 0
    }

    /// Index at which `row` is inserted to keep `rows` sorted, after existing equal rows (stable).
    public func insertionIndex(_ row: [Value], in rows: [[Value]]) -> Int {
        var lo = 0, hi = rows.count
        while lo < hi {
            let m = (lo + hi) / 2
            if compare(rows[m], row) <= 0 { lo = m + 1 } else { hi = m }
        }
        return lo
    }
}

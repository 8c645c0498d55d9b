/// Filter then project, keeping the row kind. `projections == nil` passes the row through.
public final class CalcOperator: StreamOperator {
    let filter: Predicate?
    let projections: [Expression]?

    public init(filter: Predicate? = nil, projections: [Expression]? = nil) {
        self.filter = filter
        self.projections = projections
    }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        if let filter, try !filter(row) { return }
        guard let projections else { output.emit(row); return }
        var values = [Value]()
        values.reserveCapacity(projections.count)
        for p in projections { values.append(try p(row)) }
        output.emit(Row(values, kind: row.kind))
    }
}

/// UNION ALL: forwards rows of every input; the runner gives it the minimum watermark of its inputs.
public final class UnionOperator: StreamOperator {
    public init() {}
    public func processElement(_ row: Row, input: Int, output: Output) throws { output.emit(row) }
}

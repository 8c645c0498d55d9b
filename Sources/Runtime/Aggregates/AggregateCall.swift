/// One aggregate call as the planner describes it. `argument` is the input column (nil for COUNT(*));
/// `inputType`/`resultType` follow Flink's inference (AVG of INT is INT, SUM of DECIMAL(p,s) is
/// DECIMAL(38,s), AVG of DECIMAL(p,s) is DECIMAL(38, max(6,s)); results are NULL for empty/all-NULL
/// groups except COUNT). `filter` is an optional boolean column (FILTER (WHERE …)).
public struct AggregateCall: Sendable {
    public enum Kind: String, Sendable {
        case countStar = "COUNT(*)", count = "COUNT", sum = "SUM", sum0 = "$SUM0", avg = "AVG"
        case min = "MIN", max = "MAX", firstValue = "FIRST_VALUE", lastValue = "LAST_VALUE"
    }
    public var kind: Kind
    public var argument: Int?
    public var distinct: Bool
    public var inputType: DataType
    public var resultType: DataType
    public var filter: Int?

    public init(_ kind: Kind, argument: Int? = nil, distinct: Bool = false,
                inputType: DataType = DataType(.bigint), resultType: DataType, filter: Int? = nil) {
        self.kind = kind
        self.argument = argument
        self.distinct = distinct
        self.inputType = inputType
        self.resultType = resultType
        self.filter = filter
    }
}

/// A compiled scalar expression: evaluates over an input row. Throws `RuntimeError` on run-time failures
/// (e.g. a failing CAST), which fails the job like Flink.
public typealias Expression = @Sendable (Row) throws -> Value

/// A compiled boolean condition; NULL counts as false.
public typealias Predicate = @Sendable (Row) throws -> Bool

/// Holds a caller's result while the leader runs its closure.
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

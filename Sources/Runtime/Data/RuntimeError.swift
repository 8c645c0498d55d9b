/// An error raised while building or running a job. `detail` reads like Flink's message.
public struct RuntimeError: Error, Sendable, CustomStringConvertible, Equatable {
    public var code: String
    public var detail: String

    public init(code: String, detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail }
}

/// How many writes ran and in how many commits (group commit makes `commits` < `writes` under load).
public struct WriteCounters: Sendable, Equatable {
    public var writes = 0
    public var commits = 0
}

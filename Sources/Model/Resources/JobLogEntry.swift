/// One line of a job's log (bounded per job in the store).
public struct JobLogEntry: Sendable, Equatable {
    public var jobID: String
    /// Increasing per job; use it to follow (`after:`).
    public var sequence: Int64
    public var timestamp: Int64
    /// `INFO`, `WARN`, `ERROR`, …
    public var level: String
    public var message: String

    public init(jobID: String, sequence: Int64, timestamp: Int64, level: String, message: String) {
        self.jobID = jobID
        self.sequence = sequence
        self.timestamp = timestamp
        self.level = level
        self.message = message
    }
}

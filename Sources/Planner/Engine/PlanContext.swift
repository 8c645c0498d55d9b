import Foundation
import Runtime

/// What the planner needs from the environment a job runs in: the environment's topics (kafka and
/// upsert-kafka tables), where `print` lines go, and how kafka sources and sinks behave.
public struct PlanContext: Sendable {
    public var topicStore: TopicStore?
    public var printLine: (@Sendable (String) -> Void)?
    /// Read kafka topics up to their end offsets at start (bounded) instead of following them.
    public var boundedKafkaSources: Bool
    /// Prefix of exactly-once kafka sink transactions (nil = no transactions).
    public var transactionalIdPrefix: String?
    /// The clock of CURRENT_TIMESTAMP, NOW(), CURRENT_DATE (µs since epoch, UTC); injected by tests.
    public var now: @Sendable () -> Int64 = PlanContext.systemNow
    /// A trailing SELECT's collect result: at most this many undrained rows (nil = unlimited), and what the
    /// sink does when it is full (statements drain results live and bound their memory).
    public var collectLimit: Int?
    public var collectWhenFull: CollectResult.WhenFull = .block
    /// Idle-state retention of regular joins and group aggregations in milliseconds (`table.exec.state.ttl`,
    /// Confluent's `sql.state-ttl`; nil or 0 = forever).
    public var stateTTLMillis: Int64?
    /// Options every kafka / upsert-kafka table gets unless it sets them itself (Confluent's
    /// `sql.tables.scan.*` statement properties, e.g. `scan.startup.mode`).
    public var kafkaTableDefaults: [String: String] = [:]

    public static let systemNow: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    public init(topicStore: TopicStore? = nil, printLine: (@Sendable (String) -> Void)? = nil,
                boundedKafkaSources: Bool = false, transactionalIdPrefix: String? = nil) {
        self.topicStore = topicStore
        self.printLine = printLine
        self.boundedKafkaSources = boundedKafkaSources
        self.transactionalIdPrefix = transactionalIdPrefix
    }
}

/// The result of comparing two versions: a unified diff of the SQL and the config keys that differ.
public struct JobVersionComparison: Sendable, Equatable {
    public struct ConfigChange: Sendable, Equatable {
        public var key: String
        /// nil when the key is absent in that version (labels).
        public var from: String?
        public var to: String?

        public init(key: String, from: String?, to: String?) {
            self.key = key
            self.from = from
            self.to = to
        }
    }

    public var jobID: String
    public var fromVersion: Int
    public var toVersion: Int
    /// Unified diff (`--- v1`, `+++ v2`, `@@ … @@` hunks); empty when the SQL is identical.
    public var sqlDiff: String
    public var configChanges: [ConfigChange]
    /// Whether `to` can restore `from`'s state: every stateful operator matches by uid (nil when a version's
    /// SQL no longer plans).
    public var stateCompatible: Bool?
    /// Why (which operators did not match, or that all did).
    public var stateCompatibilityReason: String

    public init(jobID: String, fromVersion: Int, toVersion: Int, sqlDiff: String, configChanges: [ConfigChange],
                stateCompatible: Bool? = nil, stateCompatibilityReason: String = "") {
        self.stateCompatible = stateCompatible
        self.stateCompatibilityReason = stateCompatibilityReason
        self.jobID = jobID
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.sqlDiff = sqlDiff
        self.configChanges = configChanges
    }
}

import Model

/// How FlinkCloud job statuses read in CMF: Flink job states for applications, statement phases for
/// statements, operator lifecycle states.
enum CMFJobStates {
    /// Flink `JobStatus` of an application's job.
    static func flinkState(_ status: JobStatus) -> String {
        switch status {
        case .pending: "CREATED"
        case .running: "RUNNING"
        case .stopping: "CANCELLING"
        case .stopped: "SUSPENDED"
        case .failed: "FAILED"
        case .completed: "FINISHED"
        case .deleting: "CANCELLING"
        }
    }

    /// The Flink Kubernetes Operator's `lifecycleState` for an application whose job is in `status`.
    static func lifecycleState(_ status: JobStatus) -> String {
        switch status {
        case .pending: "DEPLOYED"
        case .running: "STABLE"
        case .stopping, .stopped: "SUSPENDED"
        case .failed: "FAILED"
        case .completed: "STABLE"
        case .deleting: "DELETING"
        }
    }

    /// CMF statement phase (`PENDING`, `RUNNING`, `COMPLETED`, `DELETING`, `FAILING`, `FAILED`, `STOPPED`).
    static func phase(_ status: JobStatus) -> String {
        switch status {
        case .pending: "PENDING"
        case .running, .stopping: "RUNNING"
        case .stopped: "STOPPED"
        case .failed: "FAILED"
        case .completed: "COMPLETED"
        case .deleting: "DELETING"
        }
    }

    static let phases: Set<String> = ["PENDING", "RUNNING", "COMPLETED", "DELETING", "FAILING", "FAILED", "STOPPED"]

    /// The statement kind from its first keywords (`SELECT`, `INSERT_INTO`, `CREATE_TABLE`, `SHOW_TABLES`, …).
    static func sqlKind(_ sql: String) -> String {
        var words: [String] = []
        var current = ""
        var inLineComment = false
        var previous: Character = " "
        for c in sql {
            if inLineComment { if c == "\n" { inLineComment = false }; previous = c; continue }
            if c == "-" && previous == "-" { inLineComment = true; current = ""; previous = " "; continue }
            if c.isLetter || c == "_" {
                current.append(c)
            } else if c != "-" || !current.isEmpty {
                if !current.isEmpty { words.append(current.uppercased()); current = "" }
                if words.count >= 2 { break }
            }
            previous = c
        }
        if !current.isEmpty && words.count < 2 { words.append(current.uppercased()) }
        guard let first = words.first else { return "UNKNOWN" }
        switch first {
        case "SELECT", "WITH", "VALUES": return "SELECT"
        case "INSERT": return "INSERT_INTO"
        case "EXECUTE", "BEGIN": return "STATEMENT_SET"
        case "CREATE", "DROP", "ALTER", "SHOW", "DESCRIBE", "USE", "EXPLAIN":
            return words.count > 1 ? first + "_" + words[1] : first
        default: return first
        }
    }
}

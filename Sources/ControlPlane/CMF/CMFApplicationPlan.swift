import Foundation
import Model

/// What FlinkCloud does with a CMF application's effective spec. FlinkCloud's runtime runs SQL, not jars:
/// an application runs here when its job is a SQL script — the SQL inline in the annotation
/// `flinkcloud.io/sql`, or (the Flink SQL-runner pattern) an element of `spec.job.args` naming a `.sql`
/// file the server can read (`file://` and `local://` prefixes are stripped). Anything else is stored and
/// versioned but reported as not runnable, with the reason.
struct CMFApplicationPlan: Sendable, Equatable {
    static let sqlAnnotation = "flinkcloud.io/sql"

    enum Runnable: Sendable, Equatable {
        case sql(String, source: String)
        case unsupported(String)
    }

    var runnable: Runnable
    var parallelism: Int
    var checkpointIntervalMillis: Int64
    var checkpointMode: CheckpointMode
    /// `spec.job.upgradeMode`: `stateless`, `savepoint` or `last-state`.
    var upgradeMode: String
    /// `spec.job.state` is `suspended`.
    var suspended: Bool

    /// Plans `spec` (already merged with the environment's defaults); `annotations` are the application's.
    static func plan(spec: JSONObject, annotations: JSONObject,
                     readFile: (String) -> String? = CMFApplicationPlan.readFile) throws(APIError) -> CMFApplicationPlan {
        let job = CMFDocument.object(spec, "job")
        let parallelism: Int
        switch job["parallelism"] {
        case nil, .null?: parallelism = JobConfig.defaultParallelism
        case let v?:
            guard let p = v.intValue, p >= 1, p <= Int64(ControlPlane.maxPoolCFU) else {
                throw APIError.badRequest("spec.job.parallelism must be an integer between 1 and \(ControlPlane.maxPoolCFU)",
                                          pointer: "/spec/job/parallelism")
            }
            parallelism = Int(p)
        }
        let conf = CMFDocument.object(spec, "flinkConfiguration")
        var interval = JobConfig.defaultCheckpointIntervalMillis
        if let text = conf["execution.checkpointing.interval"].flatMap(Self.text) {
            guard let ms = CMFDocument.durationMillis(text), ms >= JobConfig.minCheckpointIntervalMillis else {
                throw APIError.badRequest("spec.flinkConfiguration.execution.checkpointing.interval '\(text)' is not a duration "
                                              + "of at least 1 s (e.g. '10s', '1 min', '30000')",
                                          pointer: "/spec/flinkConfiguration/execution.checkpointing.interval")
            }
            interval = ms
        }
        var mode = JobConfig.defaultCheckpointMode
        if let text = conf["execution.checkpointing.mode"].flatMap(Self.text) {
            guard let m = CheckpointMode(rawValue: text.uppercased().replacingOccurrences(of: "-", with: "_")) else {
                throw APIError.badRequest("spec.flinkConfiguration.execution.checkpointing.mode '\(text)' must be EXACTLY_ONCE or AT_LEAST_ONCE",
                                          pointer: "/spec/flinkConfiguration/execution.checkpointing.mode")
            }
            mode = m
        }
        let upgradeMode = job["upgradeMode"]?.stringValue ?? "stateless"
        guard ["stateless", "savepoint", "last-state"].contains(upgradeMode) else {
            throw APIError.badRequest("spec.job.upgradeMode '\(upgradeMode)' must be stateless, savepoint or last-state",
                                      pointer: "/spec/job/upgradeMode")
        }
        let state = job["state"]?.stringValue ?? "running"
        guard state == "running" || state == "suspended" else {
            throw APIError.badRequest("spec.job.state '\(state)' must be running or suspended", pointer: "/spec/job/state")
        }
        return CMFApplicationPlan(runnable: runnable(job: job, annotations: annotations, readFile: readFile),
                                  parallelism: parallelism, checkpointIntervalMillis: interval, checkpointMode: mode,
                                  upgradeMode: upgradeMode, suspended: state == "suspended")
    }

    private static func text(_ v: JSONValue) -> String? {
        switch v {
        case .string(let s): s
        case .int(let i): String(i)
        default: nil
        }
    }

    private static func runnable(job: JSONObject, annotations: JSONObject, readFile: (String) -> String?) -> Runnable {
        if let sql = annotations[sqlAnnotation]?.stringValue, !sql.allSatisfy(\.isWhitespace) {
            return .sql(sql, source: "annotation \(sqlAnnotation)")
        }
        let args = job["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let script = args.first(where: { $0.lowercased().hasSuffix(".sql") }) {
            var path = script
            for prefix in ["file://", "local://"] where path.hasPrefix(prefix) { path = String(path.dropFirst(prefix.count)) }
            guard let sql = readFile(path) else {
                return .unsupported("The SQL script '\(script)' named in spec.job.args cannot be read by the FlinkCloud server; "
                                        + "put the file where the server can read it, or inline the SQL in the "
                                        + "'\(sqlAnnotation)' annotation.")
            }
            guard !sql.allSatisfy(\.isWhitespace) else { return .unsupported("The SQL script '\(script)' is empty.") }
            return .sql(sql, source: path)
        }
        let jar = job["jarURI"]?.stringValue ?? "(no spec.job.jarURI)"
        return .unsupported("FlinkCloud runs Flink SQL only: the jar \(jar)"
                                + (job["entryClass"]?.stringValue.map { " (entry class \($0))" } ?? "")
                                + " cannot run here. The application is stored and versioned; to run it here, use the "
                                + "SQL-runner pattern (a .sql file in spec.job.args) or the '\(sqlAnnotation)' annotation.")
    }

    /// Reads a script (at most 128 KiB) from the server's file system.
    static func readFile(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 128 * 1024 else { return nil }
        return String(data: data, encoding: .utf8)
    }
}

import Foundation
import Model
import Planner
import Store

extension ControlPlane {
    /// `POST …/statements`: stores the statement PENDING (without traits) and queues it; the queue moves it
    /// on (DDL → COMPLETED, SELECT → RUNNING/COMPLETED with results, INSERT → a job). With
    /// `sql.dry-run: true` the statement is only planned and the terminal answer returned (nothing stored).
    public func createStatement(environmentID: String, _ request: CreateStatementRequest,
                                by principal: Principal = .system) throws(APIError) -> FlinkStatement {
        let name = try StatementValidation.name(request.name)
        let sql = try StatementValidation.sql(request.sql)
        try StatementValidation.properties(request.properties)
        try JobValidation.validateLabels(request.labels)
        let requestedPool = request.computePoolID.flatMap { $0.isEmpty ? nil : $0 }
        let (env, poolID) = try query { tx in
            let env = try Self.requireEnvironment(tx, environmentID)
            return (env, try resolvePool(tx, requestedPool, environmentID: environmentID).id)
        }
        let now = now()
        var statement = FlinkStatement(
            name: name, environmentID: environmentID, organizationID: env.organizationID, uid: ids.uuid(), sql: sql,
            properties: request.properties, labels: request.labels, computePoolID: poolID,
            principal: request.principal.flatMap { $0.isEmpty ? nil : $0 } ?? Self.userID(principal),
            stopped: request.stopped, phase: request.stopped ? .stopped : .pending, createdAt: now, updatedAt: now)
        if request.properties["sql.dry-run"] == "true" { return dryRun(statement) }
        try mutate { tx, _ in
            _ = try Self.requireEnvironment(tx, environmentID)
            if try tx.statement(environmentID: environmentID, name: name) != nil {
                throw APIError.alreadyExists("The statement '\(name)' already exists.", pointer: "/name")
            }
            try tx.insertStatement(statement)
        }
        if !statement.stopped { scheduleStatement(environmentID: environmentID, name: name) }
        statement.traits = nil
        return statement
    }

    /// The principal (`u-…`) statements run as when the request names none.
    static func userID(_ principal: Principal) -> String {
        principal.owner.hasPrefix("u-") || principal.owner.hasPrefix("sa-") ? principal.owner : "u-" + principal.owner
    }

    /// `GET …/statements/{name}`.
    public func statement(environmentID: String, name: String) throws(APIError) -> FlinkStatement {
        withHealth(withJobTraits(try query { tx in try Self.resolveStatement(tx, environmentID: environmentID, name: name) }))
    }

    /// Restarts since the job's start from which a RUNNING statement is DEGRADED.
    public static let degradedRestarts = 3
    /// Consecutive failed checkpoints (the most recent ones) from which a RUNNING statement is DEGRADED.
    public static let degradedFailedCheckpoints = 3

    /// A RUNNING statement whose job is unhealthy is DEGRADED (Confluent: "reduced performance or partial
    /// failure"), with the reason in `status.detail`: it restarted `degradedRestarts` times or more since it
    /// started, or its last `degradedFailedCheckpoints` checkpoints failed. From the live metrics of its job.
    func withHealth(_ statement: FlinkStatement) -> FlinkStatement {
        guard statement.phase == .running, let jobID = statement.jobID,
              let live = metricsSource.liveMetrics(jobID: jobID) else { return statement }
        var reasons: [String] = []
        if live.restarts >= Self.degradedRestarts { reasons.append("its job restarted \(live.restarts) times since it started") }
        let recent = (live.checkpoints?.history ?? []).filter { !$0.isSavepoint && $0.status != .inProgress }
            .prefix(Self.degradedFailedCheckpoints)
        if recent.count == Self.degradedFailedCheckpoints && recent.allSatisfy({ $0.status == .failed }) {
            reasons.append("its last \(Self.degradedFailedCheckpoints) checkpoints failed")
        }
        guard !reasons.isEmpty else { return statement }
        var s = statement
        s.phase = .degraded
        s.detail = "The statement is running but degraded: " + reasons.joined(separator: " and ") + "."
        return s
    }

    /// A job created through the Jobs API is also a statement (same name, the job's SQL and status).
    func linkStatement(_ tx: StoreTransaction, _ job: Job, principal: Principal) throws {
        guard try !tx.statementExists(environmentID: job.environmentID, name: job.name) else { return }
        try tx.insertStatement(FlinkStatement(
            name: job.name, environmentID: job.environmentID, organizationID: job.organizationID, uid: ids.uuid(),
            sql: job.sql, labels: job.labels, computePoolID: job.computePoolID, principal: Self.userID(principal),
            jobID: job.id, createdAt: job.createdAt, updatedAt: job.updatedAt))
    }

    /// Traits of a job-backed statement that has none recorded (created through the Jobs API), planned from
    /// its SQL when it is past PENDING.
    func withJobTraits(_ statement: FlinkStatement) -> FlinkStatement {
        guard statement.traits == nil, statement.jobID != nil, statement.phase != .pending else { return statement }
        var s = statement
        var traits = StatementTraits(sqlKind: "INSERT_INTO", isBounded: false, isAppendOnly: true)
        if let catalog = try? environmentCatalog(s.environmentID) {
            let tracking = TrackingCatalog(base: catalog, defaults: [:])
            if let planned = try? JobPlanner.plan(script: s.sql, parallelism: 1, catalog: tracking, context: planContext(s)) {
                traits.isAppendOnly = planned.appendOnly
                traits.isBounded = Self.isBounded(tracking.tablesRead, snapshot: false)
                if planned.collect != nil {
                    traits.upsertColumns = planned.upsertColumns
                    traits.sqlKind = "SELECT"
                    traits.schema = planned.columns.map { c in
                        var t = c.type
                        t.isRowtime = false
                        return StatementColumn(name: c.name, type: StatementValueEncoding.typeJSON(t))
                    }
                }
            }
        }
        s.traits = traits
        return s
    }

    /// `GET …/statements`: oldest first, filtered by `spec.compute_pool_id` and `label_selector`.
    public func statements(environmentID: String, filter: StatementFilter = StatementFilter(),
                           page: PageRequest = PageRequest()) throws(APIError) -> Page<FlinkStatement> {
        var result = try query { tx in
            try Self.requireEnvironmentExists(tx, environmentID)
            var result = try tx.statements(environmentID: environmentID, filter: filter, page: page)
            for i in result.items.indices { try Self.overlayJob(tx, &result.items[i]) }
            return result
        }
        result.items = result.items.map { withHealth(withJobTraits($0)) }
        return result
    }

    /// `PUT …/statements/{name}`: checks `resource_version`, applies principal/pool/labels, stops or resumes.
    public func updateStatement(environmentID: String, name: String,
                                _ request: UpdateStatementRequest) throws(APIError) -> FlinkStatement {
        let current = try statement(environmentID: environmentID, name: name)
        if let expected = request.resourceVersion, !expected.isEmpty, expected != String(current.resourceVersion) {
            throw APIError.staleResourceVersion(expected: expected, actual: String(current.resourceVersion))
        }
        if let pool = request.computePoolID, !pool.isEmpty, pool != current.computePoolID {
            _ = try query { tx in try resolvePool(tx, pool, environmentID: environmentID) }
        }
        if let labels = request.labels { try JobValidation.validateLabels(labels) }
        let specChanged = (request.principal.map { !$0.isEmpty && $0 != current.principal } ?? false)
            || (request.computePoolID.map { !$0.isEmpty && $0 != current.computePoolID } ?? false)
            || (request.labels.map { $0 != current.labels } ?? false)
        if specChanged {
            try mutate { tx, _ in
                var s = try Self.storedStatement(tx, environmentID: environmentID, name: name)
                if let p = request.principal, !p.isEmpty { s.principal = p }
                if let pool = request.computePoolID, !pool.isEmpty, s.jobID == nil { s.computePoolID = pool }
                if let labels = request.labels { s.labels = labels }
                s.updatedAt = now()
                s.resourceVersion += 1
                try tx.updateStatement(s)
            }
        }
        if let stopped = request.stopped, stopped != current.stopped {
            return try setStopped(environmentID: environmentID, name: name, stopped)
        }
        return try statement(environmentID: environmentID, name: name)
    }

    /// `PATCH …/statements/{name}` (JSON Patch): `replace`/`add` of `/spec/stopped`, `/spec/principal`,
    /// `/spec/compute_pool_id`, `/metadata/labels[/key]`; `remove` of a label; `test` of those paths.
    public func patchStatement(environmentID: String, name: String,
                               _ operations: [StatementPatchOperation]) throws(APIError) -> FlinkStatement {
        let current = try statement(environmentID: environmentID, name: name)
        var request = UpdateStatementRequest()
        var labels = current.labels
        var labelsTouched = false
        for (i, op) in operations.enumerated() {
            let pointer = "/\(i)"
            func invalid(_ detail: String) -> APIError {
                APIError(status: 422, code: "invalid_patch", title: "Validation Failed", detail: detail, source: .pointer(pointer))
            }
            let kind = op.op.lowercased()
            switch (kind, op.path) {
            case ("replace", "/spec/stopped"), ("add", "/spec/stopped"):
                guard let b = op.value?.boolValue else { throw invalid("/spec/stopped takes a boolean value.") }
                request.stopped = b
            case ("replace", "/spec/principal"), ("add", "/spec/principal"):
                guard let p = op.value?.stringValue else { throw invalid("/spec/principal takes a string value.") }
                request.principal = p
            case ("replace", "/spec/compute_pool_id"), ("add", "/spec/compute_pool_id"):
                guard let p = op.value?.stringValue else { throw invalid("/spec/compute_pool_id takes a string value.") }
                request.computePoolID = p
            case ("replace", "/metadata/labels"), ("add", "/metadata/labels"):
                guard let o = op.value?.objectValue else { throw invalid("/metadata/labels takes an object of strings.") }
                labels = [:]
                for (k, v) in o.members {
                    guard let s = v.stringValue else { throw invalid("Label '\(k)' must be a string.") }
                    labels[k] = s
                }
                labelsTouched = true
            case ("replace", let path), ("add", let path), ("remove", let path):
                guard path.hasPrefix("/metadata/labels/") else {
                    throw invalid("Unsupported patch '\(op.op) \(path)'; statements accept /spec/stopped, /spec/principal, "
                                      + "/spec/compute_pool_id and /metadata/labels.")
                }
                let key = Self.unescapePointer(String(path.dropFirst("/metadata/labels/".count)))
                if kind == "remove" {
                    guard labels.removeValue(forKey: key) != nil else { throw invalid("Label '\(key)' does not exist.") }
                } else {
                    guard let s = op.value?.stringValue else { throw invalid("Label '\(key)' must be a string.") }
                    labels[key] = s
                }
                labelsTouched = true
            case ("test", let path):
                let actual: JSONValue? = switch path {
                case "/spec/stopped": .bool(current.stopped)
                case "/spec/principal": .string(current.principal)
                case "/spec/compute_pool_id": .string(current.computePoolID)
                case "/status/phase": .string(current.phase.rawValue)
                default: nil
                }
                guard let actual, actual == op.value else {
                    throw APIError(status: 409, code: "test_failed", title: "Conflict",
                                   detail: "Patch test of '\(path)' failed.", source: .pointer(pointer))
                }
            default:
                throw invalid("Unsupported patch operation '\(op.op)' on '\(op.path)'.")
            }
        }
        if labelsTouched { request.labels = labels }
        return try updateStatement(environmentID: environmentID, name: name, request)
    }

    static func unescapePointer(_ s: String) -> String {
        s.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }

    /// `DELETE …/statements/{name}`: stops what runs and removes the statement at once (a later GET is 404).
    public func deleteStatement(environmentID: String, name: String) throws(APIError) {
        let s = try statement(environmentID: environmentID, name: name)
        _ = statementRuntime.cancel(environmentID: environmentID, name: name)
        statementRuntime.unregister(environmentID: environmentID, name: name)
        try mutate { tx, _ in try tx.deleteStatement(environmentID: environmentID, name: name) }
        if let jobID = s.jobID {
            do { try deleteJob(environmentID: environmentID, idOrName: jobID) } catch where error.status == 404 {}
        }
    }

    /// `…/statements/{name}/exceptions`: the 10 most recent, newest first (a failed job's failure included).
    public func statementExceptions(environmentID: String, name: String) throws(APIError) -> [StatementException] {
        try query { tx in
            let s = try Self.resolveStatement(tx, environmentID: environmentID, name: name)
            var list = try tx.statementExceptions(environmentID: environmentID, name: name)
            if let jobID = s.jobID, let job = try tx.job(id: jobID), job.status == .failed, let message = job.failureMessage,
               !list.contains(where: { $0.message == message }) {
                list.insert(StatementException(name: "org.apache.flink.runtime.JobException", message: message,
                                               timestamp: job.updatedAt), at: 0)
            }
            return Array(list.prefix(10))
        }
    }

    // MARK: stop / resume

    /// Stops (`stopped`) or resumes a statement. A running SELECT is canceled (STOPPED, results kept); an
    /// INSERT's job is stopped/resumed; a terminal statement only records `spec.stopped`.
    func setStopped(environmentID: String, name: String, _ stopped: Bool) throws(APIError) -> FlinkStatement {
        let s = try statement(environmentID: environmentID, name: name)
        if let jobID = s.jobID {
            if stopped {
                _ = try stopJob(environmentID: environmentID, idOrName: jobID)
            } else if s.phase == .stopped || s.phase == .failed {
                _ = try resumeJob(environmentID: environmentID, idOrName: jobID)
            }
        }
        var reschedule = false
        let offsets = stopped ? latestOffsets(environmentID: environmentID, topics: topicsOf(s)) : [:]
        if stopped { _ = statementRuntime.stop(environmentID: environmentID, name: name, uid: s.uid) }
        try mutate { tx, _ in
            var cur = try Self.storedStatement(tx, environmentID: environmentID, name: name)
            cur.stopped = stopped
            let now = now()
            if stopped {
                if cur.jobID == nil && (cur.phase == .pending || cur.phase == .running || cur.phase == .degraded) {
                    cur.phase = .stopped
                    cur.endTime = now
                }
                if !offsets.isEmpty { cur.latestOffsets = offsets; cur.latestOffsetsAt = now }
            } else if cur.jobID == nil && cur.phase == .stopped {
                cur.phase = .pending
                cur.detail = ""
                cur.endTime = nil
                reschedule = true
            }
            cur.updatedAt = now
            cur.resourceVersion += 1
            try tx.updateStatement(cur)
        }
        if reschedule { scheduleStatement(environmentID: environmentID, name: name) }
        return try statement(environmentID: environmentID, name: name)
    }

    /// Kafka topics of the tables the statement reads (from its recorded traits' run, else none).
    func topicsOf(_ s: FlinkStatement) -> [String] {
        if let running = statementRuntime.query(environmentID: s.environmentID, name: s.name) { return running.topics }
        guard let catalog = try? environmentCatalog(s.environmentID) else { return s.latestOffsets.keys.sorted() }
        let tracking = TrackingCatalog(base: catalog, defaults: Self.scanDefaults(s.properties))
        guard (try? JobPlanner.plan(script: s.sql, parallelism: 1, catalog: tracking, context: planContext(s))) != nil else {
            return s.latestOffsets.keys.sorted()
        }
        return Self.kafkaTopics(tracking.tablesRead)
    }

    /// `partition:0,offset:N;partition:1,offset:M` per topic: the end offsets (what a caught-up reader has read).
    func latestOffsets(environmentID: String, topics: [String]) -> [String: String] {
        guard !topics.isEmpty, let store = try? topicStore(environmentID: environmentID) else { return [:] }
        var out: [String: String] = [:]
        for name in topics {
            guard let topic = store.topic(name) else { continue }
            out[name] = topic.endOffsets.enumerated().map { "partition:\($0.offset),offset:\($0.element)" }.joined(separator: ";")
        }
        return out
    }

    // MARK: lookup

    /// A statement with its job's status folded in; 404 for an unknown environment or statement.
    static func resolveStatement(_ tx: StoreTransaction, environmentID: String, name: String) throws -> FlinkStatement {
        var s = try storedStatement(tx, environmentID: environmentID, name: name)
        try overlayJob(tx, &s)
        return s
    }

    static func storedStatement(_ tx: StoreTransaction, environmentID: String, name: String) throws -> FlinkStatement {
        try requireEnvironmentExists(tx, environmentID)
        guard let s = try tx.statement(environmentID: environmentID, name: name) else {
            throw APIError.notFound("Statement '\(name)' was not found in environment '\(environmentID)'.")
        }
        return s
    }

    /// An INSERT's phase, scaling status, pool and failure are its job's.
    static func overlayJob(_ tx: StoreTransaction, _ s: inout FlinkStatement) throws {
        guard let jobID = s.jobID, let job = try tx.job(id: jobID) else { return }
        s.phase = StatementPhase(job.status)
        s.scalingStatus = job.scalingStatus
        s.computePoolID = job.computePoolID
        if s.traits == nil { s.sql = job.sql }   // created through the Jobs API: the job's current SQL
        if job.status == .failed, let message = job.failureMessage { s.detail = message }
        if job.status.isTerminal && s.endTime == nil { s.endTime = job.updatedAt }
    }
}

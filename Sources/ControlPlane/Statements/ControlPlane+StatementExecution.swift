import Foundation
import Model
import Planner
import Runtime
import SQL
import Store

/// How a statement's processing ended on the queue.
enum StatementOutcome {
    /// Done at once (DDL, SHOW, DESCRIBE, …), with result rows when it has a result set.
    case completed(StatementTraits, rows: [[Value]], types: [DataType])
    /// A SELECT now running; its pump records the rest.
    case running
    /// An INSERT/statement set handed to job `id`.
    case job(String, StatementTraits)
}

extension ControlPlane {
    /// Queues the statement's processing (in submission order).
    func scheduleStatement(environmentID: String, name: String) {
        statementRuntime.queue.async { [self] in processStatement(environmentID: environmentID, name: name) }
    }

    /// Waits until every statement queued so far has been processed (tests).
    public func awaitStatementQueue() { statementRuntime.queue.sync {} }

    /// Plans and runs one PENDING statement, recording the outcome (or FAILED with the error).
    func processStatement(environmentID: String, name: String) {
        guard let s = try? query({ tx in try tx.statement(environmentID: environmentID, name: name) }) ?? nil,
              s.phase == .pending, !s.stopped else { return }
        do {
            switch try execute(s) {
            case let .completed(traits, rows, types):
                let zone = s.properties["sql.local-time-zone"].flatMap(StatementValidation.timeZone)
                let encoded = rows.map { (op: 0, row: Self.rowText($0, types: types, zone: zone)) }
                try finish(s, phase: .completed, traits: traits, detail: "", results: encoded)
            case .running:
                break
            case let .job(jobID, traits):
                try mutate { tx, _ in
                    guard var cur = try tx.statement(environmentID: environmentID, name: name) else { return }
                    cur.jobID = jobID
                    cur.traits = traits
                    cur.updatedAt = now()
                    try tx.updateStatement(cur)
                }
            }
        } catch {
            recordFailure(s, error)
        }
    }

    /// FAILED with a detail naming line and column, plus an exceptions entry.
    func recordFailure(_ s: FlinkStatement, _ error: any Error) {
        let (name, detail) = Self.describe(error)
        try? mutate { tx, _ in
            guard var cur = try tx.statement(environmentID: s.environmentID, name: s.name), cur.uid == s.uid else { return }
            cur.phase = .failed
            cur.detail = detail
            cur.endTime = now()
            cur.updatedAt = cur.endTime!
            try tx.updateStatement(cur)
            try tx.addStatementException(environmentID: s.environmentID, name: s.name,
                                         StatementException(name: name, message: detail, timestamp: cur.endTime!))
        }
    }

    static func describe(_ error: any Error) -> (name: String, detail: String) {
        switch error {
        case let e as PlannerError:
            let position = e.line.map { l in e.column.map { " (line \(l), column \($0))" } ?? " (line \(l))" } ?? ""
            switch e.phase {
            case .parse: return ("org.apache.flink.sql.parser.impl.ParseException", "SQL parse failed\(position). \(e.message)")
            case .validation: return ("org.apache.flink.table.api.ValidationException", e.message + position)
            case .runtime: return ("org.apache.flink.runtime.JobException", e.message)
            }
        case let e as APIError: return ("org.apache.flink.table.api.TableException", e.detail)
        case let e as RuntimeError: return ("org.apache.flink.runtime.JobException", e.detail)
        default: return ("java.lang.RuntimeException", "\(error)")
        }
    }

    /// Records a terminal (or running) phase with traits and appends result rows, in one transaction.
    func finish(_ s: FlinkStatement, phase: StatementPhase, traits: StatementTraits?, detail: String,
                results: [(op: Int, row: String)]) throws(APIError) {
        try mutate { tx, _ in
            guard var cur = try tx.statement(environmentID: s.environmentID, name: s.name), cur.uid == s.uid else { return }
            if !results.isEmpty { try tx.appendStatementResults(environmentID: s.environmentID, name: s.name, results) }
            if cur.phase == .stopped && phase != .failed { return }
            cur.phase = phase
            if let traits { cur.traits = traits }
            cur.detail = detail
            cur.updatedAt = now()
            if phase.isTerminal { cur.endTime = cur.updatedAt }
            try tx.updateStatement(cur)
        }
    }

    static func rowText(_ row: [Value], types: [DataType], zone: TimeZone?) -> String {
        let values = row.enumerated().map { i, v in
            StatementValueEncoding.encode(v, type: i < types.count ? types[i] : DataType(.null), zone: zone)
        }
        return String(decoding: JSONValue.array(values).encoded(), as: UTF8.self)
    }

    // MARK: dispatch

    func execute(_ s: FlinkStatement) throws -> StatementOutcome {
        let parsed = try ScriptPlanner.parse(s.sql)
        guard let first = parsed.first else { throw PlannerError.validation("The statement is empty.") }
        guard parsed.count == 1 else {
            throw PlannerError.validation("Only one SQL statement can be submitted per statement, but found \(parsed.count). "
                                              + "Submit them one by one or use EXECUTE STATEMENT SET.",
                                          line: parsed[1].span.start.line, column: parsed[1].span.start.column)
        }
        let catalog = try environmentCatalog(s.environmentID)
        try checkSessionCatalog(s, catalog)
        let text = first.text
        switch first.statement {
        case let .createTable(ct):
            return ct.asQuery == nil ? try createTable(s, ct, text: text, catalog: catalog)
                                     : try createTableAs(s, ct, catalog: catalog)
        case let .createView(cv): return try createView(s, cv, text: text, catalog: catalog)
        case let .drop(d): return try drop(s, d, catalog: catalog)
        case let .alterTable(a): return try alter(s, a, catalog: catalog)
        case let .show(show): return try StatementMetadata.show(show, statement: s, catalog: catalog, jobs: jobsOf(s.environmentID))
        case let .describe(name, _): return try StatementMetadata.describe(name, catalog: catalog)
        case .use: return .completed(StatementTraits(sqlKind: "USE", isBounded: true, isAppendOnly: true), rows: [], types: [])
        case .set, .reset:
            return .completed(StatementTraits(sqlKind: "SET", isBounded: true, isAppendOnly: true), rows: [], types: [])
        case let .explain(inner): return try explain(s, inner, catalog: catalog)
        case .query: return try startQuery(s, catalog: catalog)
        case .insert, .statementSet: return try startInsert(s, catalog: catalog, sql: s.sql)
        }
    }

    func jobsOf(_ environmentID: String) -> [Job] {
        (try? query { tx in try tx.allJobs(environmentID: environmentID) }) ?? []
    }

    /// `sql.current-catalog` / `sql.current-database` must name this environment (display name or id) and
    /// its Kafka cluster.
    func checkSessionCatalog(_ s: FlinkStatement, _ catalog: EnvironmentCatalog) throws {
        if let c = s.properties["sql.current-catalog"], !c.isEmpty, c != catalog.catalogName, c != s.environmentID {
            throw PlannerError.validation("Catalog '\(c)' does not exist. The environment's catalog is '\(catalog.catalogName)'.")
        }
        if let d = s.properties["sql.current-database"], !d.isEmpty, d != catalog.databaseName {
            let clusterIDs = (try? kafkaClusters(environmentID: s.environmentID).map(\.id)) ?? []
            guard clusterIDs.contains(d) else {
                throw PlannerError.validation("Database '\(d)' does not exist in catalog '\(catalog.catalogName)'. "
                                                  + "The environment's database is '\(catalog.databaseName)'.")
            }
        }
    }

    /// A `cat.db.name` reference must point into this environment's catalog.
    func checkQualified(_ name: ObjectName, _ s: FlinkStatement, _ catalog: EnvironmentCatalog) throws {
        let parts = name.parts.map(\.name)
        if parts.count == 3, parts[0] != catalog.catalogName, parts[0] != s.environmentID {
            throw PlannerError.at(name.span, "Catalog '\(parts[0])' does not exist.")
        }
        if parts.count >= 2 {
            let db = parts[parts.count - 2]
            let ids = (try? kafkaClusters(environmentID: s.environmentID).map(\.id)) ?? []
            if db != catalog.databaseName && !ids.contains(db) {
                throw PlannerError.at(name.span, "Database '\(db)' does not exist in catalog '\(catalog.catalogName)'.")
            }
        }
    }

    func qualified(_ name: String, _ catalog: EnvironmentCatalog) -> String {
        "`\(catalog.catalogName)`.`\(catalog.databaseName)`.`\(name)`"
    }

    // MARK: DDL

    func createTable(_ s: FlinkStatement, _ ct: CreateTable, text: String, catalog: EnvironmentCatalog) throws -> StatementOutcome {
        try checkQualified(ct.name, s, catalog)
        let name = ct.name.name
        let traits = StatementTraits(sqlKind: "CREATE_TABLE", isBounded: true, isAppendOnly: true)
        if catalog.table(name) != nil || catalog.view(name) != nil {
            if ct.ifNotExists { return .completed(traits, rows: [], types: []) }
            throw PlannerError.at(ct.name.span, "Table \(qualified(name, catalog)) already exists.")
        }
        let def = try TableDefinition(ct)
        try createTopic(for: def, buckets: ct.distribution?.buckets, environmentID: s.environmentID)
        try putCatalogObject(environmentID: s.environmentID, name: name, kind: .table, ddl: text)
        return .completed(traits, rows: [], types: [])
    }

    /// kafka/upsert-kafka tables (the default connector) get their topic, as Confluent Cloud creates it.
    func createTopic(for def: TableDefinition, buckets: Int?, environmentID: String) throws {
        let connector = def.options["connector"] ?? "kafka"
        guard connector == "kafka" || connector == "upsert-kafka" else { return }
        let topic = def.options["topic"] ?? def.name
        let store = try topicStore(environmentID: environmentID)
        if store.topic(topic) == nil { _ = try store.createTopic(topic, partitions: max(1, buckets ?? 6)) }
    }

    /// `CREATE TABLE t [WITH (…)] AS SELECT …`: the table gets the query's columns, then an INSERT job fills it.
    func createTableAs(_ s: FlinkStatement, _ ct: CreateTable, catalog: EnvironmentCatalog) throws -> StatementOutcome {
        try checkQualified(ct.name, s, catalog)
        let name = ct.name.name
        guard let query = ct.asQuery else { throw PlannerError.validation("CREATE TABLE AS needs a query.") }
        if catalog.table(name) != nil || catalog.view(name) != nil {
            throw PlannerError.at(ct.name.span, "Table \(qualified(name, catalog)) already exists.")
        }
        let queryText = SQLPrinter.print(query)
        let planned = try JobPlanner.plan(script: queryText, parallelism: 1, catalog: catalog,
                                          context: PlanContext(topicStore: try? topicStore(environmentID: s.environmentID)))
        var columns = planned.columns.map { c -> String in
            var t = c.type
            t.isRowtime = false
            return "`\(c.name)` \(t.description)"
        }
        if let pk = ct.primaryKey {
            columns.append("PRIMARY KEY (" + pk.columns.map { "`\($0.name)`" }.joined(separator: ", ") + ") NOT ENFORCED")
        }
        var ddl = "CREATE TABLE `\(name)` (\n  " + columns.joined(separator: ",\n  ") + "\n)"
        if let buckets = ct.distribution?.buckets { ddl += " DISTRIBUTED INTO \(buckets) BUCKETS" }
        if !ct.options.isEmpty {
            ddl += " WITH (\n  " + ct.options.map { "'\($0.key)' = '\($0.value.replacingOccurrences(of: "'", with: "''"))'" }
                .joined(separator: ",\n  ") + "\n)"
        }
        let def = try TableDefinition(ddl: ddl)
        try createTopic(for: def, buckets: ct.distribution?.buckets, environmentID: s.environmentID)
        try putCatalogObject(environmentID: s.environmentID, name: name, kind: .table, ddl: ddl)
        let outcome = try startInsert(s, catalog: try environmentCatalog(s.environmentID),
                                      sql: "INSERT INTO `\(name)` " + queryText, kind: "CREATE_TABLE_AS")
        return outcome
    }

    func createView(_ s: FlinkStatement, _ cv: CreateView, text: String, catalog: EnvironmentCatalog) throws -> StatementOutcome {
        try checkQualified(cv.name, s, catalog)
        let name = cv.name.name
        let traits = StatementTraits(sqlKind: "CREATE_VIEW", isBounded: true, isAppendOnly: true)
        if catalog.table(name) != nil || catalog.view(name) != nil {
            if cv.ifNotExists { return .completed(traits, rows: [], types: []) }
            throw PlannerError.at(cv.name.span, "Table or view \(qualified(name, catalog)) already exists.")
        }
        _ = try ScriptPlanner.plan(script: text, parallelism: 1, catalog: catalog)
        try putCatalogObject(environmentID: s.environmentID, name: name, kind: .view, ddl: text)
        return .completed(traits, rows: [], types: [])
    }

    func drop(_ s: FlinkStatement, _ d: Drop, catalog: EnvironmentCatalog) throws -> StatementOutcome {
        try checkQualified(d.name, s, catalog)
        let name = d.name.name
        let traits = StatementTraits(sqlKind: "DROP_" + d.kind.rawValue, isBounded: true, isAppendOnly: true)
        switch d.kind {
        case .table:
            guard let def = catalog.table(name) else {
                if d.ifExists { return .completed(traits, rows: [], types: []) }
                throw PlannerError.at(d.name.span, "Table with identifier '\(catalog.catalogName).\(catalog.databaseName).\(name)' does not exist.")
            }
            try putCatalogObject(environmentID: s.environmentID, name: name, kind: .table, ddl: nil)
            let connector = def.options["connector"] ?? "kafka"
            if connector == "kafka" || connector == "upsert-kafka", let store = try? topicStore(environmentID: s.environmentID) {
                let topic = def.options["topic"] ?? name
                if store.topic(topic) != nil { try? store.deleteTopic(topic) }
            }
        case .view:
            guard catalog.view(name) != nil else {
                if d.ifExists { return .completed(traits, rows: [], types: []) }
                throw PlannerError.at(d.name.span, "View with identifier '\(catalog.catalogName).\(catalog.databaseName).\(name)' does not exist.")
            }
            try putCatalogObject(environmentID: s.environmentID, name: name, kind: .view, ddl: nil)
        case .database, .catalog, .function:
            throw PlannerError.validation("DROP \(d.kind.rawValue) is not supported.")
        }
        return .completed(traits, rows: [], types: [])
    }

    /// `ALTER TABLE t SET (…)`, `RESET (…)`, `RENAME TO u`: rewrites the stored DDL.
    func alter(_ s: FlinkStatement, _ a: AlterTable, catalog: EnvironmentCatalog) throws -> StatementOutcome {
        try checkQualified(a.name, s, catalog)
        let name = a.name.name
        let traits = StatementTraits(sqlKind: "ALTER_TABLE", isBounded: true, isAppendOnly: true)
        guard let ddl = catalog.ddl[name], catalog.table(name) != nil,
              case let .createTable(original)? = try ScriptPlanner.parse(ddl).first?.statement else {
            if a.ifExists { return .completed(traits, rows: [], types: []) }
            throw PlannerError.at(a.name.span, "Table \(qualified(name, catalog)) does not exist.")
        }
        var ct = original
        var newName = name
        switch a.action {
        case let .setOptions(options):
            for o in options {
                if let i = ct.options.firstIndex(where: { $0.key == o.key }) { ct.options[i] = o } else { ct.options.append(o) }
            }
        case let .resetOptions(keys):
            ct.options.removeAll { keys.contains($0.key) }
        case let .rename(to):
            newName = to.name
            guard catalog.table(newName) == nil, catalog.view(newName) == nil else {
                throw PlannerError.at(to.span, "Table \(qualified(newName, catalog)) already exists.")
            }
            ct.name = ObjectName([Identifier(newName)])
            if ct.option("topic") == nil, (ct.option("connector") ?? "kafka").hasSuffix("kafka") {
                ct.options.append(TableOption(key: "topic", value: name))   // the data stays in the old topic
            }
        }
        let text = SQLPrinter.printQuoted(.createTable(ct))
        _ = try TableDefinition(ddl: text)
        if newName != name { try putCatalogObject(environmentID: s.environmentID, name: name, kind: .table, ddl: nil) }
        try putCatalogObject(environmentID: s.environmentID, name: newName, kind: .table, ddl: text)
        return .completed(traits, rows: [], types: [])
    }

    func explain(_ s: FlinkStatement, _ inner: SQL.Statement, catalog: EnvironmentCatalog) throws -> StatementOutcome {
        let text = SQLPrinter.print(inner)
        let planned = try JobPlanner.plan(script: text, parallelism: 1, catalog: catalog,
                                          context: PlanContext(topicStore: try? topicStore(environmentID: s.environmentID)))
        let plan = planned.graph.vertices.map { v in
            let inputs = planned.graph.inputs(of: v.id).map { "\($0.from)" }.joined(separator: ", ")
            return "\(v.id): \(v.name)" + (inputs.isEmpty ? "" : " <- [\(inputs)]")
        }.joined(separator: "\n")
        return .completed(StatementTraits(sqlKind: "EXPLAIN", isBounded: true, isAppendOnly: true,
                                          schema: [StatementColumn(name: "plan", type: StatementValueEncoding.typeJSON(DataType(.string, nullable: false)))]),
                          rows: [[.string("== Physical Execution Plan ==\n" + plan)]], types: [DataType(.string)])
    }

    // MARK: queries and inserts

    /// The statement's `sql.tables.scan.*` properties as table options for kafka tables that set none.
    static func scanDefaults(_ properties: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in properties where k.hasPrefix("sql.tables.scan.") {
            let option = "scan." + k.dropFirst("sql.tables.scan.".count)
            out[option == "scan.idle-timeout" ? "scan.watermark.idle-timeout" : option] = v
        }
        if let from = properties["sql.tables.initial-offset-from"], out["scan.startup.mode"] == nil {
            out["scan.startup.mode"] = from == "latest" ? "latest-offset" : "earliest-offset"
        }
        return out
    }

    func planContext(_ s: FlinkStatement) -> PlanContext {
        var context = PlanContext(topicStore: try? topicStore(environmentID: s.environmentID),
                                  boundedKafkaSources: s.properties["sql.snapshot.mode"] == "now")
        context.stateTTLMillis = s.properties["sql.state-ttl"].flatMap(StatementValidation.durationMillis).flatMap { $0 > 0 ? $0 : nil }
        return context
    }

    /// The script of an INSERT statement's job: the statement's planning properties (`sql.state-ttl`,
    /// `sql.tables.scan.*`, `sql.tables.initial-offset-from`) as `SET` lines before its SQL, so the job —
    /// planned by the executor, on every start and version — reads and keeps state as the statement says.
    static func jobScript(_ s: FlinkStatement, sql: String) -> String {
        let sets = s.properties.keys.sorted().filter(SessionOptions.isPlanningProperty).map { key in
            "SET '\(quoted(key))' = '\(quoted(s.properties[key]!))';"
        }
        return sets.isEmpty ? sql : (sets + [sql]).joined(separator: "\n")
    }

    private static func quoted(_ text: String) -> String { text.replacingOccurrences(of: "'", with: "''") }

    /// Whether every table the plan read ends (filesystem, bounded kafka reads, datagen with a row count).
    static func isBounded(_ tables: [TableDefinition], snapshot: Bool) -> Bool {
        tables.allSatisfy { t in
            switch t.options["connector"] ?? "kafka" {
            case "filesystem": return true
            case "datagen": return t.options["number-of-rows"] != nil
            case "kafka", "upsert-kafka": return snapshot || t.options["scan.bounded.mode"] == "latest-offset"
            default: return false
            }
        }
    }

    static func kafkaTopics(_ tables: [TableDefinition]) -> [String] {
        tables.filter { ($0.options["connector"] ?? "kafka").hasSuffix("kafka") }.map { $0.options["topic"] ?? $0.name }
    }

    /// Plans a SELECT with a live collect sink, starts it, marks the statement RUNNING with traits, and
    /// starts the pump that moves rows into `statement_results` and records the end.
    func startQuery(_ s: FlinkStatement, catalog: EnvironmentCatalog) throws -> StatementOutcome {
        let base: any Catalog = InformationSchema.isReferenced(s.sql) ? InformationSchema.overlay(catalog) : catalog
        let tracking = TrackingCatalog(base: base, defaults: Self.scanDefaults(s.properties))
        var context = planContext(s)
        context.collectLimit = 4096
        context.collectWhenFull = .block
        let planned = try JobPlanner.plan(script: s.sql, parallelism: 1, catalog: tracking, context: context)
        guard let collect = planned.collect else { throw PlannerError.validation("The statement has no result.") }
        let read = tracking.tablesRead
        let bounded = Self.isBounded(read, snapshot: context.boundedKafkaSources)
        let types = planned.columns.map { c -> DataType in var t = c.type; t.isRowtime = false; return t }
        let traits = StatementTraits(sqlKind: "SELECT", isBounded: bounded, isAppendOnly: planned.appendOnly,
                                     upsertColumns: planned.upsertColumns, schema: zip(planned.columns, types).map {
                                         StatementColumn(name: $0.0.name, type: StatementValueEncoding.typeJSON($0.1))
                                     })
        // Each run checkpoints into its own namespace; a run after a stop starts from the stop's savepoint.
        let run = s.uid + "-" + ids.uuid()
        let job = try SupervisedJob(job: run, graph: planned.graph, checkpoint: statementRuntime.checkpointConfig(run: run),
                                    store: statementRuntime.checkpointStore, restartStrategy: RestartStrategy.none)
        let running = StatementRuntime.RunningQuery(
            job: job, collect: collect, types: types,
            zone: s.properties["sql.local-time-zone"].flatMap(StatementValidation.timeZone), bounded: bounded,
            topics: Self.kafkaTopics(read))
        statementRuntime.register(running, environmentID: s.environmentID, name: s.name)
        do {
            try job.start(from: statementRuntime.takeStopSavepoint(uid: s.uid).map { .path($0) } ?? .fresh)
        } catch {
            statementRuntime.unregister(environmentID: s.environmentID, name: s.name)
            throw error
        }
        try finish(s, phase: .running, traits: traits, detail: "", results: [])
        let thread = Thread { [self] in pump(s, running) }
        thread.name = "statement results \(s.name)"
        thread.start()
        return .running
    }

    /// Moves collected rows into `statement_results` (backpressuring an unbounded query whose reader lags
    /// by more than the backlog), drops acknowledged rows, and records COMPLETED/FAILED/STOPPED at the end.
    func pump(_ s: FlinkStatement, _ q: StatementRuntime.RunningQuery) {
        var stored: Int64 = 0
        var deletedUpTo: Int64 = 0
        var idle = 0
        while true {
            let terminal = q.job.status.isTerminal
            let ack = q.acknowledged.load(ordering: .acquiring)
            // After a stop every row up to the savepoint is stored, whatever the reader's backlog.
            let room = terminal && q.stopRequested.load(ordering: .acquiring) ? Int64.max
                : q.bounded ? Int64(statementRuntime.boundedLimit) - stored
                : Int64(statementRuntime.unboundedBacklog) - (stored - ack)
            var rows: [Row] = []
            if room > 0 { rows = q.collect.drain(max: Int(min(room, 4096))) }
            if q.bounded && rows.isEmpty && room <= 0 && !q.collect.changelog.isEmpty {
                q.job.cancel()
                recordFailure(s, PlannerError.runtime("The result has more than \(statementRuntime.boundedLimit) rows."))
                statementRuntime.unregister(environmentID: s.environmentID, name: s.name, only: q)
                return
            }
            if !rows.isEmpty {
                let encoded = rows.map { (op: Int($0.kind.rawValue), row: Self.rowText($0.values, types: q.types, zone: q.zone)) }
                let appended: Bool = (try? mutate { tx, _ -> Bool in
                    guard let cur = try tx.statement(environmentID: s.environmentID, name: s.name), cur.uid == s.uid else { return false }
                    try tx.appendStatementResults(environmentID: s.environmentID, name: s.name, encoded)
                    if !q.bounded && ack > deletedUpTo {
                        try tx.deleteStatementResults(environmentID: s.environmentID, name: s.name, before: ack)
                    }
                    return true
                }) ?? false
                guard appended else {
                    q.job.cancel()
                    statementRuntime.unregister(environmentID: s.environmentID, name: s.name, only: q)
                    return
                }
                if !q.bounded && ack > deletedUpTo { deletedUpTo = ack }
                stored += Int64(rows.count)
                continue
            }
            if terminal && q.collect.changelog.isEmpty { break }
            idle += 1
            if idle % 50 == 0 && !exists(s) {   // deleted (or its environment was): stop the query
                q.job.cancel()
                statementRuntime.unregister(environmentID: s.environmentID, name: s.name, only: q)
                return
            }
            usleep(terminal ? 1_000 : 20_000)
        }
        statementRuntime.unregister(environmentID: s.environmentID, name: s.name, only: q)
        let status = q.job.status
        if q.stopRequested.load(ordering: .acquiring) { return }   // stop/delete recorded the phase
        if status == .failed {
            recordFailure(s, q.job.failure ?? RuntimeError(code: "job_failed", detail: "The query failed."))
        } else {
            try? finish(s, phase: status == .canceled ? .stopped : .completed, traits: nil, detail: "", results: [])
        }
    }

    /// Whether this run's statement still exists (same uid).
    func exists(_ s: FlinkStatement) -> Bool {
        do {
            let uid = try query { tx -> String? in try tx.statement(environmentID: s.environmentID, name: s.name)?.uid }
            return uid == s.uid
        } catch {
            return false
        }
    }

    /// Plans an INSERT / statement set against the environment's catalog (traits) and creates its job.
    func startInsert(_ s: FlinkStatement, catalog: EnvironmentCatalog, sql: String,
                     kind: String = "INSERT_INTO") throws -> StatementOutcome {
        let tracking = TrackingCatalog(base: catalog, defaults: Self.scanDefaults(s.properties))
        let planned = try JobPlanner.plan(script: sql, parallelism: 1, catalog: tracking, context: planContext(s))
        let traits = StatementTraits(sqlKind: kind, isBounded: Self.isBounded(tracking.tablesRead, snapshot: false),
                                     isAppendOnly: planned.appendOnly)
        let jobName = s.name.replacingOccurrences(of: ".", with: "-")
        let job = try createJob(environmentID: s.environmentID,
                                CreateJobRequest(name: jobName, sql: Self.jobScript(s, sql: sql),
                                                 parallelism: s.properties["parallelism.default"].flatMap { Int($0) },
                                                 checkpointInterval: s.properties["execution.checkpointing.interval"].flatMap { Int64($0) },
                                                 checkpointMode: s.properties["execution.checkpointing.mode"],
                                                 computePoolID: s.computePoolID, labels: s.labels),
                                by: Principal(apiKeyID: "statement", owner: s.principal), asStatement: false)
        return .job(job.id, traits)
    }

    /// Dry run: plans without storing; COMPLETED with traits, or FAILED with the error in `status.detail`.
    func dryRun(_ statement: FlinkStatement) -> FlinkStatement {
        var s = statement
        s.endTime = s.createdAt
        do {
            let parsed = try ScriptPlanner.parse(s.sql)
            let catalog = try environmentCatalog(s.environmentID)
            try checkSessionCatalog(s, catalog)
            let base: any Catalog = InformationSchema.isReferenced(s.sql) ? InformationSchema.overlay(catalog) : catalog
            let kind = parsed.count == 1 ? Self.sqlKind(parsed[0].statement) : "STATEMENT_SET"
            var traits = StatementTraits(sqlKind: kind, isBounded: true, isAppendOnly: true)
            if case .query = parsed.first?.statement {
                let tracking = TrackingCatalog(base: base, defaults: Self.scanDefaults(s.properties))
                let planned = try JobPlanner.plan(script: s.sql, parallelism: 1, catalog: tracking, context: planContext(s))
                traits.isBounded = Self.isBounded(tracking.tablesRead, snapshot: s.properties["sql.snapshot.mode"] == "now")
                traits.isAppendOnly = planned.appendOnly
                traits.upsertColumns = planned.upsertColumns
                traits.schema = planned.columns.map { c in
                    var t = c.type
                    t.isRowtime = false
                    return StatementColumn(name: c.name, type: StatementValueEncoding.typeJSON(t))
                }
            } else if parsed.contains(where: { if case .insert = $0.statement { true } else if case .statementSet = $0.statement { true } else { false } }) {
                let planned = try JobPlanner.plan(script: s.sql, parallelism: 1, catalog: base, context: planContext(s))
                traits.isBounded = false
                traits.isAppendOnly = planned.appendOnly
            } else {
                _ = try ScriptPlanner.plan(script: s.sql, parallelism: 1, catalog: base)
            }
            s.phase = .completed
            s.traits = traits
            s.detail = "Dry run statement was verified and no resources were created."
        } catch {
            s.phase = .failed
            s.detail = Self.describe(error).detail
        }
        return s
    }

    /// `sql_kind` of a parsed statement.
    static func sqlKind(_ st: SQL.Statement) -> String {
        switch st {
        case .query: "SELECT"
        case .insert: "INSERT_INTO"
        case .statementSet: "STATEMENT_SET"
        case let .createTable(ct): ct.asQuery == nil ? "CREATE_TABLE" : "CREATE_TABLE_AS"
        case .createView: "CREATE_VIEW"
        case let .drop(d): "DROP_" + d.kind.rawValue
        case .alterTable: "ALTER_TABLE"
        case .show: "SHOW"
        case .describe: "DESCRIBE"
        case .use: "USE"
        case .set, .reset: "SET"
        case .explain: "EXPLAIN"
        }
    }

    // MARK: recovery

    /// After a restart: PENDING statements are processed again; SELECTs that were RUNNING cannot resume
    /// their results and become FAILED (INSERTs follow their jobs).
    public func recoverStatements() {
        let open = (try? query { tx in try tx.statements(phases: [.pending, .running, .degraded]) }) ?? []
        for s in open where s.jobID == nil {
            if s.phase == .pending && !s.stopped {
                scheduleStatement(environmentID: s.environmentID, name: s.name)
            } else if s.phase != .pending {
                recordFailure(s, PlannerError.runtime("The statement was interrupted by a server restart; resubmit it."))
            }
        }
    }
}

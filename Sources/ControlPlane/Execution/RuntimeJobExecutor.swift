import Foundation
import Model
import Planner
import Runtime
import Synchronization

/// Runs jobs in the embedded runtime: plans a version's SQL over its environment's Kafka cluster, runs a
/// `JobRunner` at the job's parallelism and reports the job's status back to the control plane
/// (RUNNING once started; COMPLETED when a bounded job ends; FAILED with Flink's message when planning or
/// a task fails; STOPPED after a stop). Kafka tables of the script whose topic does not exist get it
/// created (6 partitions), like Confluent Cloud's `CREATE TABLE` and Kafka's topic auto-creation.
///
/// Fault tolerance: each instance is a `SupervisedJob` checkpointing at the version's
/// `checkpoint_interval` / `checkpoint_mode` (state files under `<checkpoint dir>/<job>-v<version>`, records
/// in the checkpoint metadata store); on a task failure it restarts per its restart strategy (`SET
/// 'restart-strategy.type' = …` in the script; exponential delay by default) from the latest intact
/// checkpoint, and a (re)started version — after a server restart, or a resume after a stop with
/// savepoint — starts from its latest completed checkpoint or savepoint.
///
/// Every running instance is one `RunningJob` in `jobs` (the only mutable state, behind a Mutex);
/// `runtimeInfo(jobID:)` and `runningJob(jobID:)` read it. `start`/`stop`/`delete` return at once: the
/// work runs on the job's own serial lane (`JobLanes`), in commit order, so a request never waits for
/// planning or for a job to stop, and one job's stop (a savepoint) never delays another job's start.
/// Each instance has a watcher thread that reports how it ended.
public final class RuntimeJobExecutor: JobExecutor {
    /// Partitions of a topic created for a table of a job's script.
    public static let defaultTopicPartitions = 6

    weak let controlPlane: ControlPlane?
    private let catalog: @Sendable (String) -> any Catalog
    private let executionConfig: ExecutionConfig
    let jobs = Mutex<[String: RunningJob]>([:])
    let logs: JobLogBuffer
    let lanes = JobLanes(label: "flinkcloud.executor")
    let checkpointRoot: String
    let checkpointStore: any CheckpointMetadataStore
    let savepointOps = Mutex<[String: [SavepointOperation]]>([:])
    let nextStarts = Mutex<[String: JobStartPoint]>([:])
    /// How long after a rolling update a failure of the new version rolls it back (per job:
    /// `rollback_probation`).
    let rollbackProbationMillis: Int64

    /// `catalog` gives the environment's catalog (the same as the validator's); by default the control
    /// plane's persisted one (`ControlPlane.catalog(environmentID:)`).
    /// `checkpointDirectory`: where checkpoint state files go (default: a per-process temporary folder);
    /// `checkpointStore`: the checkpoint records (default: in memory).
    public init(controlPlane: ControlPlane, executionConfig: ExecutionConfig = ExecutionConfig(),
                catalog: (@Sendable (String) -> any Catalog)? = nil, checkpointDirectory: String? = nil,
                checkpointStore: (any CheckpointMetadataStore)? = nil, rollbackProbationMillis: Int64 = 60_000) {
        self.controlPlane = controlPlane
        self.rollbackProbationMillis = rollbackProbationMillis
        checkpointRoot = checkpointDirectory ?? (NSTemporaryDirectory() + "/flinkcloud-checkpoints-\(getpid())")
        self.checkpointStore = checkpointStore ?? InMemoryCheckpointStore()
        self.catalog = catalog ?? { [weak controlPlane] env in controlPlane?.catalogOrEmpty(environmentID: env) ?? InMemoryCatalog() }
        self.executionConfig = executionConfig
        logs = JobLogBuffer { [weak controlPlane] batch in
            _ = try? controlPlane?.appendJobLogs(batch)
        }
    }

    // MARK: read access

    /// The running instance of a job (nil when it does not run here).
    public func runningJob(jobID: String) -> RunningJob? { jobs.withLock { $0[jobID] } }

    /// The graph and per-vertex counters of a running job.
    public func runtimeInfo(jobID: String) -> JobRuntimeInfo? { runningJob(jobID: jobID)?.info }

    /// Ids of the jobs running now.
    public var runningJobIDs: [String] { jobs.withLock { Array($0.keys) }.sorted() }

    // MARK: JobExecutor

    public func start(job: Job, version: JobVersion) {
        lanes.submit(job.id) { [self] in run(job: job, version: version) }
    }

    /// The job is gone: its instance is canceled at once (no savepoint: nothing could resume from it) and
    /// reports nothing.
    public func delete(job: Job) {
        lanes.submit(job.id) { [self] in
            let instance = jobs.withLock { $0.removeValue(forKey: job.id) }
            instance?.cancel(.deleted)
        }
    }

    public func stop(job: Job) { stop(job: job, drain: false) }

    /// Stops with a savepoint so a resume continues exactly where the job stopped; with `drain` the sources
    /// first emit the end-of-time watermark, so every event-time window fires and is committed.
    public func stop(job: Job, drain: Bool) {
        lanes.submit(job.id) { [self] in
            guard let instance = runningJob(jobID: job.id) else {
                report(jobID: job.id, .stopped)
                return
            }
            if instance.supervised.coordinator != nil, instance.supervised.status == .running {
                instance.endReason.store(.stop, ordering: .releasing)
                do {
                    let sp = try instance.supervised.stopWithSavepoint(drain: drain, timeout: 30)
                    logs.append(jobID: job.id, "Stopped\(drain ? " (drained)" : "") with savepoint \(sp.id) (\(sp.path)).")
                } catch {
                    logs.append(jobID: job.id, "Stop with savepoint failed (\((error as? RuntimeError)?.detail ?? "\(error)")); canceling.")
                }
            }
            instance.cancel(.stop)
        }
    }

    /// Waits until the work handed to the executor so far is done (tests, benchmarks).
    public func sync() { lanes.waitForAll() }

    /// Cancels every running job without reporting (server shutdown) and writes the buffered log lines.
    public func shutdown() {
        lanes.waitForAll()
        let all = jobs.withLock { jobs -> [RunningJob] in
            defer { jobs = [:] }
            return Array(jobs.values)
        }
        for instance in all { instance.cancel(.replaced) }
        for instance in all { _ = instance.supervised.awaitTermination(seconds: 5) }
        logs.flush()
    }

    // MARK: internals

    /// Plans `version` and runs it in place of the job's current instance: a rolling update takes a
    /// savepoint of the running version (stop-with-savepoint), then starts the new one from it — with all
    /// its state when the stateful operators match by uid, else from its source offsets only.
    private func run(job: Job, version: JobVersion) {
        guard let controlPlane else { return }
        let log = logs
        let jobID = job.id
        let planned: ScriptPlanner.Planned
        let store: TopicStore
        do {
            store = try controlPlane.topicStore(environmentID: job.environmentID)
            // EXACTLY_ONCE: kafka sinks write transactionally, committed when checkpoints complete. The
            // transactional ids are per version (checkpoint ids restart in each version's namespace).
            let context = PlanContext(topicStore: store, printLine: { line in log.append(jobID: jobID, line) },
                                      transactionalIdPrefix: version.config.checkpointMode == .exactlyOnce
                                          ? Self.checkpointKey(jobID: jobID, version: version.number) : nil)
            planned = try ScriptPlanner.plan(script: version.sql, parallelism: version.config.parallelism,
                                             catalog: catalog(job.environmentID), context: context)
            try planned.graph.validate()
            try createTopics(of: planned, in: store, jobID: jobID)
        } catch {
            // The running version (if any) keeps running while the new one cannot start.
            startFailed(jobID: jobID, version: version, Self.message(planningError: error), keepCurrent: true)
            return
        }
        guard !planned.graph.vertices.isEmpty else {
            replace(jobID: jobID, with: nil)
            log.append(jobID: jobID, "Version \(version.number) has no INSERT INTO or SELECT to run; its DDL is done.")
            report(jobID: jobID, .completed)
            return
        }
        let key = Self.checkpointKey(jobID: jobID, version: version.number)
        let supervised: SupervisedJob
        do {
            let mode: Runtime.CheckpointMode = version.config.checkpointMode == .atLeastOnce ? .atLeastOnce : .exactlyOnce
            let checkpoint = CheckpointConfig(interval: version.config.checkpointIntervalMillis, mode: mode,
                                              directory: checkpointRoot + "/" + key)
            let restart = try RestartStrategy.parse(planned.options, checkpointing: true)
            let number = version.number
            supervised = try SupervisedJob(job: key, graph: planned.graph, execution: executionConfig, checkpoint: checkpoint,
                                           store: checkpointStore, restartStrategy: restart,
                                           log: { line in log.append(jobID: jobID, line) },
                                           onStatus: { [weak self] status, error in
                                               guard status == .restarting, let error else { return }
                                               self?.attemptFailed(jobID: jobID, version: number, error.detail)
                                           })
        } catch {
            startFailed(jobID: jobID, version: version, Self.message(planningError: error), keepCurrent: true)
            return
        }
        // The previous instance (rolling update, restart) kept running until now.
        let source: StateSource
        do {
            source = try stateSource(jobID: jobID, version: version, graph: planned.graph)
        } catch {
            startFailed(jobID: jobID, version: version, "Could not restore the job: \(Self.message(planningError: error))", keepCurrent: false)
            return
        }
        let instance = RunningJob(jobID: jobID, environmentID: job.environmentID, version: version.number,
                                  parallelism: version.config.parallelism, supervised: supervised, collect: planned.collect,
                                  startedAt: controlPlane.clock.nowMillis(),
                                  probationUntil: probationEnd(version, now: controlPlane.clock.nowMillis()))
        // Current before it starts, so a failure of its first attempt finds it (automatic rollback).
        jobs.withLock { $0[jobID] = instance }
        do {
            if source.switched { _ = try? controlPlane.reportUpdatePhase(jobID: jobID, "STARTING") }
            if let restore = source.checkpoint {
                try supervised.start(from: .restored(restore))
            } else {
                try supervised.start(from: .fresh)
            }
        } catch {
            jobs.withLock { if $0[jobID] === instance { $0[jobID] = nil } }
            startFailed(jobID: jobID, version: version, "Could not start the job: \(Self.message(planningError: error))", keepCurrent: false)
            return
        }
        log.append(jobID: jobID, "Version \(version.number) running: \(planned.graph.vertices.count) operator(s) at parallelism \(version.config.parallelism), checkpoints every \(version.config.checkpointIntervalMillis) ms (\(version.config.checkpointMode.rawValue)), restart strategy \(supervised.restartStrategy.typeName).")
        _ = try? controlPlane.reportVersionStarted(jobID: jobID, version: version.number, restore: source.record)
        report(jobID: jobID, .running)
        if let last = source.previousLastOutputMicros { measureSwitchGap(instance, since: last) }
        let collect = planned.collect
        let thread = Thread { [weak self] in
            // A trailing SELECT's rows go to the job's log (like `print`), drained as they come so an
            // unbounded query keeps memory bounded.
            if let collect {
                while !supervised.awaitTermination(seconds: 0.2).isTerminal { Self.drain(collect, into: log, jobID: jobID) }
            }
            var status = supervised.status
            while !status.isTerminal { status = supervised.awaitTermination(seconds: 3600) }
            if let collect { Self.drain(collect, into: log, jobID: jobID) }
            self?.ended(instance, status: status)
        }
        thread.name = "job \(jobID) v\(version.number)"
        thread.start()
    }

    /// The checkpoint namespace of a job version.
    static func checkpointKey(jobID: String, version: Int) -> String { "\(jobID)-v\(version)" }

    /// Ends the job's current instance (if any) before `replacement` takes its place.
    func replace(jobID: String, with replacement: RunningJob?) {
        let old = jobs.withLock { jobs -> RunningJob? in
            let old = jobs[jobID]
            jobs[jobID] = replacement
            return old
        }
        guard let old else { return }
        old.cancel(.replaced)
        _ = old.supervised.awaitTermination(seconds: 10)
    }

    /// The watcher: an instance ended. Only the job's current instance reports.
    private func ended(_ instance: RunningJob, status: SupervisedJob.Status) {
        let current = jobs.withLock { jobs -> Bool in
            guard jobs[instance.jobID] === instance else { return false }
            jobs[instance.jobID] = nil
            return true
        }
        guard current else { return }
        switch status {
        case .finished where instance.endReason.load(ordering: .acquiring) == .stop:
            report(jobID: instance.jobID, .stopped)   // stopped with drain: the sources ended at the savepoint
        case .finished:
            logs.append(jobID: instance.jobID, "Version \(instance.version) finished: every source is exhausted.")
            report(jobID: instance.jobID, .completed)
        case .failed:
            let cause = instance.supervised.failure?.detail ?? "unknown cause"
            if instance.inProbation(now: controlPlane?.clock.nowMillis() ?? 0), instance.claimRollback(),
               (try? controlPlane?.autoRollback(jobID: instance.jobID, failedVersion: instance.version, reason: "Job failed: \(cause)")) == true {
                return
            }
            fail(jobID: instance.jobID, "Job failed: \(cause)")
        case .canceled, .created, .running, .restarting:
            if instance.endReason.load(ordering: .acquiring) == .stop {
                // Where the sources stopped (the savepoint's offsets), shown with the STOPPED status.
                if let runner = instance.runner {
                    _ = try? controlPlane?.reportLatestOffsets(jobID: instance.jobID, Self.latestOffsets(runner))
                }
                report(jobID: instance.jobID, .stopped)
            }
        }
    }

    func fail(jobID: String, _ message: String) {
        report(jobID: jobID, .failed, failure: message)
    }

    /// Reports a status change together with the job's buffered log lines (one transaction; the lines
    /// come first, as they happened first).
    func report(jobID: String, _ status: Model.JobStatus, failure: String? = nil) {
        guard let controlPlane else { return }
        let lines = logs.take(jobID: jobID)
        do {
            try controlPlane.reportJobStatus(jobID: jobID, status: status, failure: failure, logLines: lines)
        } catch {
            // The report was refused (a stale transition): the lines still belong in the log.
            _ = try? controlPlane.appendJobLogs(jobID: jobID, lines)
        }
    }

    /// Creates the missing topics of the script's kafka / upsert-kafka tables.
    private func createTopics(of planned: ScriptPlanner.Planned, in store: TopicStore, jobID: String) throws {
        for (table, _) in planned.createdTables {
            let connector = table.options["connector"] ?? "kafka"
            guard connector == "kafka" || connector == "upsert-kafka" else { continue }
            let topic = table.options["topic"] ?? table.name
            guard store.topic(topic) == nil else { continue }
            do {
                _ = try store.createTopic(topic, partitions: Self.defaultTopicPartitions)
                logs.append(jobID: jobID, "Created topic \(topic) (\(Self.defaultTopicPartitions) partitions) for table \(table.name).")
            } catch where store.topic(topic) != nil {
                continue  // created concurrently
            }
        }
    }

    /// Moves the rows a SELECT produced so far into the job's log as `+I[…]` lines.
    static func drain(_ collect: CollectResult, into log: JobLogBuffer, jobID: String) {
        for row in collect.drain() {
            log.append(jobID: jobID, row.kind.shortString + "[" + row.values.map(ValueText.print).joined(separator: ", ") + "]")
        }
    }

    static func message(planningError error: any Error) -> String {
        if let e = error as? PlannerError { return PlannerSQLValidator.apiError(e).detail }
        if let e = error as? APIError { return e.detail }
        if let e = error as? RuntimeError { return e.detail }
        return "\(error)"
    }
}

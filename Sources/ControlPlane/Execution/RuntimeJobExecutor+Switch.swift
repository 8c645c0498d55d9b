import Foundation
import Model
import Planner
import Runtime

/// Rolling updates and rollbacks: where a starting version takes its state from, the switch gap, the
/// probation window and automatic rollback, the offsets a stopped job shows, and state removal on delete.
extension RuntimeJobExecutor {
    /// The state a starting version restores, and how it was obtained.
    struct StateSource {
        var checkpoint: RestoredCheckpoint?
        /// What to record on the version (nil: keep what it has — a restart from its own checkpoint).
        var record: JobVersion.StateRestore?
        /// A savepoint switch from the running previous version happened.
        var switched = false
        /// The previous version's last sink write (µs), for the switch gap.
        var previousLastOutputMicros: Int64?
    }

    /// Ends the job's current instance and returns the state `version` starts from:
    /// 1. its own latest checkpoint or savepoint (restart, resume after a stop, recovery);
    /// 2. a rolling update from the running version it replaces: stop-with-savepoint, then that savepoint;
    /// 3. else the latest state of the version it continues (for an automatic rollback, the failed
    ///    version's newer checkpoint when state-compatible, else the savepoint taken at the switch).
    /// From another version's state, stateful operators restore only when they all match by uid
    /// (CARRIED_OVER); otherwise only sources and sinks do (OFFSETS_ONLY).
    func takeOverState(jobID: String, version: JobVersion, graph: JobGraph) -> StateSource {
        let newUids = graph.vertices.map(\.uid)
        if let own = latestRestorable(key: Self.checkpointKey(jobID: jobID, version: version.number)) {
            replace(jobID: jobID, with: nil)
            return StateSource(checkpoint: own, record: nil)
        }
        var fallback: Int?
        if let current = runningJob(jobID: jobID), current.version != version.number,
           current.version == version.restoreFromVersion, current.supervised.coordinator != nil,
           current.supervised.status == .running {
            _ = try? controlPlane?.reportUpdatePhase(jobID: jobID, "SAVEPOINTING")
            _ = current.endReason.compareExchange(expected: .none, desired: .replaced, ordering: .acquiringAndReleasing)
            do {
                let sp = try current.supervised.stopWithSavepoint(drain: false, timeout: 30)
                let last = current.runner.map(Self.lastOutputMicros) ?? 0
                jobs.withLock { if $0[jobID] === current { $0[jobID] = nil } }
                logs.append(jobID: jobID, "Savepoint \(sp.id) of version \(current.version) taken for the switch to version \(version.number) (\(sp.path)).")
                let restored = try RestoredCheckpoint.load(path: sp.path)
                var source = restoring(restored, fromVersion: current.version, into: newUids,
                                       parallelism: (current.parallelism, version.config.parallelism))
                source.switched = true
                source.previousLastOutputMicros = last > 0 ? last : nil
                return source
            } catch {
                logs.append(jobID: jobID, "The savepoint for the switch from version \(current.version) failed (\(Self.message(planningError: error))); restoring its latest checkpoint instead.")
                replace(jobID: jobID, with: nil)
                fallback = current.version
            }
        } else {
            replace(jobID: jobID, with: nil)
        }
        var candidates: [Int] = []
        if version.cause == .rolledBack && version.number > 1 { candidates.append(version.number - 1) }
        if let from = version.restoreFromVersion { candidates.append(from) }
        if let fallback, !candidates.contains(fallback) { candidates.insert(fallback, at: 0) }
        for (i, n) in candidates.enumerated() {
            guard let r = latestRestorable(key: Self.checkpointKey(jobID: jobID, version: n)) else { continue }
            let failedOne = version.cause == .rolledBack && i == 0 && n == version.number - 1
            if failedOne && !StateCompatibility.check(from: r.uids, to: newUids).compatible { continue }
            let old = r.metadata.files.map(\.parallelism).max() ?? version.config.parallelism
            return restoring(r, fromVersion: n, into: newUids, parallelism: (old, version.config.parallelism))
        }
        guard let from = version.restoreFromVersion else { return StateSource(checkpoint: nil, record: nil) }
        return StateSource(checkpoint: nil, record: JobVersion.StateRestore(
            mode: .none, reason: "Version \(from) left no savepoint or checkpoint: the sources start from their startup mode.",
            fromVersion: from))
    }

    private func restoring(_ r: RestoredCheckpoint, fromVersion: Int, into uids: [String],
                           parallelism: (Int, Int)) -> StateSource {
        let compatibility = StateCompatibility.check(from: r.uids, to: uids, parallelism: parallelism)
        let checkpoint = compatibility.compatible ? r : r.keeping { !StableOperatorUids.isStateful(uid: $0) }
        let what = r.isSavepoint ? "savepoint" : "checkpoint"
        var record = compatibility.restore(fromVersion: fromVersion, path: r.path)
        record.reason = "From \(what) \(r.id) of version \(fromVersion). " + record.reason
        return StateSource(checkpoint: checkpoint, record: record)
    }

    /// The newest intact completed checkpoint or savepoint of a checkpoint namespace.
    func latestRestorable(key: String) -> RestoredCheckpoint? {
        let all = ((try? checkpointStore.completed(job: key, savepoints: false)) ?? [])
            + ((try? checkpointStore.completed(job: key, savepoints: true)) ?? [])
        for r in all.sorted(by: { $0.id > $1.id }) {
            if let c = try? RestoredCheckpoint.load(path: r.path) { return c }
        }
        return nil
    }

    // MARK: probation and automatic rollback

    /// When `version`'s probation window ends (nil: it is not rolled back automatically — version 1, an
    /// automatic rollback itself, or `auto_rollback` off).
    func probationEnd(_ version: JobVersion, now: Int64) -> Int64? {
        guard version.config.autoRollback, version.cause == .update || version.cause == .rollback,
              version.restoreFromVersion != nil else { return nil }
        return now + (version.config.rollbackProbationMillis ?? rollbackProbationMillis)
    }

    /// An attempt of `version` failed (the restart strategy will restart it): within its probation window
    /// the version is rolled back instead.
    func attemptFailed(jobID: String, version: Int, _ detail: String) {
        guard let controlPlane, let instance = runningJob(jobID: jobID), instance.version == version,
              instance.inProbation(now: controlPlane.clock.nowMillis()), instance.claimRollback() else { return }
        logs.append(jobID: jobID, "Version \(version) failed within its probation window: \(detail)")
        _ = try? controlPlane.autoRollback(jobID: jobID, failedVersion: version, reason: detail)
    }

    /// `version` could not be planned or started. An updated version is rolled back automatically (the
    /// running previous version keeps running until the rollback version takes over from it); otherwise the
    /// job fails.
    func startFailed(jobID: String, version: JobVersion, _ message: String, keepCurrent: Bool) {
        if probationEnd(version, now: 0) != nil {
            logs.append(jobID: jobID, "Version \(version.number) failed to start: \(message)")
            if !keepCurrent { replace(jobID: jobID, with: nil) }
            if (try? controlPlane?.autoRollback(jobID: jobID, failedVersion: version.number,
                                                reason: "failed to start: \(message)")) == true { return }
        }
        replace(jobID: jobID, with: nil)
        fail(jobID: jobID, message)
    }

    // MARK: switch gap

    /// Waits (on its own thread) for the new version's first sink write and records the gap since the
    /// previous version's last one.
    func measureSwitchGap(_ instance: RunningJob, since last: Int64) {
        let thread = Thread { [weak self] in
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline && !instance.supervised.status.isTerminal {
                if let runner = instance.runner {
                    let first = Self.firstOutputMicros(runner)
                    if first > 0 {
                        let gap = max(0, (first - last) / 1000)
                        _ = try? self?.controlPlane?.reportSwitchGap(jobID: instance.jobID, version: instance.version, millis: gap)
                        return
                    }
                }
                usleep(2000)
            }
        }
        thread.name = "switch-gap \(instance.jobID)"
        thread.start()
    }

    static func lastOutputMicros(_ runner: JobRunner) -> Int64 {
        runner.metrics.flatMap(\.subtasks).map { $0.lastOutputMicros.load(ordering: .relaxed) }.max() ?? 0
    }

    static func firstOutputMicros(_ runner: JobRunner) -> Int64 {
        runner.metrics.flatMap(\.subtasks).map { $0.firstOutputMicros.load(ordering: .relaxed) }.filter { $0 > 0 }.min() ?? 0
    }

    // MARK: stop and delete

    /// Per source topic, the next offset of every partition (Confluent's `latest_offsets` strings).
    static func latestOffsets(_ runner: JobRunner) -> [String: String] {
        var byTopic: [String: [Int: Int64]] = [:]
        for vertex in runner.metrics {
            for subtask in vertex.subtasks {
                for p in subtask.snapshot.partitions { byTopic[p.topic, default: [:]][p.partition] = p.position }
            }
        }
        return byTopic.mapValues { parts in
            parts.keys.sorted().map { "partition:\($0),offset:\(parts[$0]!)" }.joined(separator: ";")
        }
    }

    public func discardState(job: Job, versions: Int) {
        let jobID = job.id
        lanes.submit(jobID) { [self] in  // after the job's stop or delete
            for n in 1...max(1, versions) {
                let key = Self.checkpointKey(jobID: jobID, version: n)
                try? FileManager.default.removeItem(atPath: checkpointRoot + "/" + key)
                try? checkpointStore.deleteJob(key)
            }
            savepointOps.withLock { $0[jobID] = nil }
        }
    }
}

import Model
import Planner
import Runtime

/// Start points chosen by the control plane (`JobStartPoint`) for a job's next start.
extension RuntimeJobExecutor {
    public func setNextStart(jobID: String, _ point: JobStartPoint?) {
        nextStarts.withLock { $0[jobID] = point }
    }

    /// The state `version` starts from: a start point set for the job (used once) wins, except that
    /// `lastState`/`latestSavepoint` with the previous version still running is the rolling update's
    /// savepoint switch; without one, `takeOverState` decides.
    func stateSource(jobID: String, version: JobVersion, graph: JobGraph) throws -> StateSource {
        let point = nextStarts.withLock { $0.removeValue(forKey: jobID) }
        guard let point, point == .fresh || { if case .savepoint = point { return true } else { return false } }()
                || runningJob(jobID: jobID) == nil else {
            return takeOverState(jobID: jobID, version: version, graph: graph)
        }
        replace(jobID: jobID, with: nil)
        let path: String
        switch startFrom(point, jobID: jobID, version: version.number) {
        case let .path(p): path = p
        case .latestCheckpoint, .restored, .fresh:
            return StateSource(checkpoint: nil, record: JobVersion.StateRestore(
                mode: .none, reason: "Started with empty state (requested start point).", fromVersion: nil))
        }
        let restored = try RestoredCheckpoint.load(path: path)
        let compatibility = StateCompatibility.check(from: restored.uids, to: graph.vertices.map(\.uid))
        var record = compatibility.restore(fromVersion: nil, path: path)
        record.reason = "From the requested \(restored.isSavepoint ? "savepoint" : "checkpoint") \(path). " + record.reason
        // Operators restore only the state of operators with their uid (the uid hashes their SQL shape).
        return StateSource(checkpoint: restored, record: record)
    }

    /// Where version `version` of the job starts for a requested start point.
    func startFrom(_ point: JobStartPoint, jobID: String, version: Int) -> SupervisedJob.StartFrom {
        switch point {
        case .fresh:
            return .fresh
        case let .savepoint(path):
            return .path(Self.directory(path))
        case .lastState:
            return newest(jobID: jobID, version: version, savepointsOnly: false).map { .path($0) } ?? .fresh
        case .latestSavepoint:
            return (newest(jobID: jobID, version: version, savepointsOnly: true)
                ?? newest(jobID: jobID, version: version, savepointsOnly: false)).map { .path($0) } ?? .fresh
        }
    }

    /// The newest completed checkpoint or savepoint (or savepoint only) of `version`, else of the versions
    /// before it.
    private func newest(jobID: String, version: Int, savepointsOnly: Bool) -> String? {
        for v in stride(from: version, through: 1, by: -1) {
            let key = Self.checkpointKey(jobID: jobID, version: v)
            let all = ((try? checkpointStore.completed(job: key, savepoints: true)) ?? [])
                + (savepointsOnly ? [] : ((try? checkpointStore.completed(job: key, savepoints: false)) ?? []))
            if let newest = all.max(by: { $0.id < $1.id }) { return newest.path }
        }
        return nil
    }

    /// `file:///x`, `file:/x` or `/x` → `/x`.
    static func directory(_ path: String) -> String {
        var p = Substring(path)
        if p.hasPrefix("file://") { p = p.dropFirst("file://".count) } else if p.hasPrefix("file:") { p = p.dropFirst("file:".count) }
        return String(p)
    }
}

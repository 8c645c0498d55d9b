import Model
import Runtime

/// Start points chosen by the control plane (`JobStartPoint`) for a job's next start.
extension RuntimeJobExecutor {
    public func setNextStart(jobID: String, _ point: JobStartPoint?) {
        nextStarts.withLock { $0[jobID] = point }
    }

    /// Where version `version` of the job starts: a start point set for it (used once), else its own latest
    /// checkpoint or savepoint.
    func startFrom(jobID: String, version: Int) -> SupervisedJob.StartFrom {
        guard let point = nextStarts.withLock({ $0.removeValue(forKey: jobID) }) else { return .latestCheckpoint }
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

import Foundation
import Model
import Store

/// How a CMF application's job keeps its state across upgrades, suspend/resume and explicit restores —
/// the Flink Kubernetes Operator's `upgradeMode` mapped onto FlinkCloud jobs:
/// - `stateless`: every (re)start of the job (resume, new version) starts with empty state;
/// - `savepoint`: before an upgrade of a running job a savepoint is taken and the new version starts from
///   it; a suspend stops the job with a savepoint and the resume restores it (newest savepoint of the job);
/// - `last-state`: a (re)start restores the newest checkpoint or savepoint of the job, no savepoint taken.
/// An explicit restore — `spec.job.startFromSavepoint` (`uid` / `savepointName` of one of the
/// application's savepoints or a detached savepoint, or `initialSavepointPath`), `spec.job.initialSavepointPath`,
/// or `POST …/start?startFromSavepointUid=` — wins when it is new in the spec: the job's next start restores
/// it, and a running job is redeployed from it (stop, then start from the savepoint).
extension ControlPlane {
    /// What a (re)start of the job restores under `upgradeMode`.
    static func cmfModeStartPoint(_ upgradeMode: String) -> JobStartPoint {
        switch upgradeMode {
        case "savepoint": .latestSavepoint
        case "last-state": .lastState
        default: .fresh
        }
    }

    /// The restore the effective spec asks for when it differs from the previous instance's spec (nil: none,
    /// or the same as before). 409 when the named savepoint has not completed.
    func cmfRequestedRestore(envName: String, appName: String, effective: JSONObject,
                             previous: JSONObject?) throws(APIError) -> JobStartPoint? {
        func request(_ spec: JSONObject?) -> JSONObject {
            guard let spec else { return JSONObject() }
            let job = CMFDocument.object(spec, "job")
            var out = CMFDocument.object(job, "startFromSavepoint")
            if let path = job["initialSavepointPath"], out["initialSavepointPath"] == nil { out["initialSavepointPath"] = path }
            return out
        }
        let wanted = request(effective)
        guard !wanted.members.isEmpty, wanted != request(previous) else { return nil }
        if let path = wanted["initialSavepointPath"]?.stringValue, !path.isEmpty { return .savepoint(path) }
        let key = wanted["uid"]?.stringValue ?? wanted["savepointName"]?.stringValue
        guard let key, !key.isEmpty else { return nil }
        let candidates = try query { tx in
            try tx.allCMFResources(kind: .savepoint, scope: Self.savepointScope(envName, .application, appName))
                + tx.allCMFResources(kind: .detachedSavepoint, scope: "")
        }
        guard let found = refreshCMFSavepoints(candidates.filter { $0.uid == key || $0.name == key }).first else {
            throw APIError.notFound("Savepoint '\(key)' not found for application '\(appName)' or among the detached savepoints.")
        }
        guard found.status["state"]?.stringValue == "COMPLETED", let path = found.status["path"]?.stringValue, !path.isEmpty else {
            throw APIError.conflict("Savepoint '\(found.name)' is \(found.status["state"]?.stringValue ?? "not completed")"
                                        + (found.status["error"]?.stringValue.map { " (\($0))" } ?? "")
                                        + "; only a COMPLETED savepoint can be restored.", code: "savepoint_not_completed")
        }
        return .savepoint(path)
    }

    /// Sets where the job's next start takes its state from, before an update/resume of the job, per the
    /// application's plan; takes the savepoint of a `savepoint`-mode upgrade. Returns whether a running job
    /// must be redeployed (an explicit restore without an upgrade).
    func cmfPrepareStart(_ job: Job, plan: CMFApplicationPlan, upgrades: Bool,
                         requested: JobStartPoint?) throws(APIError) -> Bool {
        guard !plan.suspended else { return false }
        let active = JobStateMachine.isActive(job.status)
        if active && !upgrades {
            guard let requested else { return false }
            executor.setNextStart(jobID: job.id, requested)
            return true
        }
        if active && requested == nil && plan.upgradeMode == "savepoint" && job.status == .running {
            let path = try cmfAwaitSavepoint(job: job)
            try? mutate { tx, _ in try lifecycleLog(tx, job, "Savepoint \(path) taken before the upgrade (upgradeMode savepoint).") }
        }
        let point = requested ?? Self.cmfModeStartPoint(plan.upgradeMode)
        executor.setNextStart(jobID: job.id, point)
        try? mutate { tx, _ in
            try lifecycleLog(tx, job, "Next start restores \(Self.describe(point)) (upgradeMode \(plan.upgradeMode)).")
        }
        return false
    }

    /// Redeploys a running job from its next start point: stop (waits for STOPPED), then resume.
    func cmfRedeploy(_ job: Job, point: JobStartPoint) throws(APIError) -> Job {
        _ = try stopJob(environmentID: job.environmentID, idOrName: job.id)
        let deadline = Date().addingTimeInterval(60)
        var current = try self.job(environmentID: job.environmentID, idOrName: job.id)
        while current.status == .stopping && Date() < deadline {
            usleep(20_000)
            current = try self.job(environmentID: job.environmentID, idOrName: job.id)
        }
        executor.setNextStart(jobID: job.id, point)   // the stop may have consumed nothing; set it again
        return try resumeJob(environmentID: job.environmentID, idOrName: job.id)
    }

    /// Takes a savepoint of the running job and waits for it (up to 60 s); its location.
    func cmfAwaitSavepoint(job: Job) throws(APIError) -> String {
        let op = try executor.triggerSavepoint(job: job)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let now = executor.savepoints(job: job).first(where: { $0.requestID == op.requestID }), now.status != "IN_PROGRESS" {
                guard now.status == "COMPLETED", let location = now.location else {
                    throw APIError.conflict("The savepoint before the upgrade failed (\(now.failureCause ?? "unknown cause")); "
                                                + "the application was not upgraded. Retry, or use upgradeMode last-state or stateless.",
                                            code: "savepoint_failed")
                }
                return location
            }
            usleep(20_000)
        }
        throw APIError.conflict("The savepoint before the upgrade did not complete within 60 s; the application was not upgraded.",
                                code: "savepoint_timeout")
    }

    static func describe(_ point: JobStartPoint) -> String {
        switch point {
        case .fresh: "empty state"
        case let .savepoint(path): "savepoint \(path)"
        case .lastState: "the latest checkpoint or savepoint"
        case .latestSavepoint: "the latest savepoint"
        }
    }
}

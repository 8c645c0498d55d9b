import ControlPlane
import Model
import Synchronization

/// An executor that records calls and, when `autoRun`, reports RUNNING on start and STOPPED on stop.
final class RecordingExecutor: JobExecutor {
    let calls = Mutex<[String]>([])
    let controlPlane = Mutex<ControlPlane?>(nil)
    let autoRun: Bool

    init(autoRun: Bool) { self.autoRun = autoRun }

    func start(job: Job, version: JobVersion) {
        calls.withLock { $0.append("start \(job.name) v\(version.number) p\(version.config.parallelism)") }
        if autoRun, let cp = controlPlane.withLock({ $0 }) {
            _ = try? cp.reportJobStatus(jobID: job.id, status: .running)
        }
    }

    func stop(job: Job) {
        calls.withLock { $0.append("stop \(job.name)") }
        if autoRun, let cp = controlPlane.withLock({ $0 }) {
            _ = try? cp.reportJobStatus(jobID: job.id, status: .stopped)
        }
    }

    var recorded: [String] { calls.withLock { $0 } }
}

struct Fixture {
    let cp: ControlPlane
    let clock: ManualClock
    let executor: RecordingExecutor
    var env: String { cp.defaults.environmentID }
    var pool: String { cp.defaults.computePoolID }

    init(autoRun: Bool = false, seed: UInt64 = 7) throws {
        clock = ManualClock()
        cp = try ControlPlane.inMemory(seed: seed, clock: clock)
        executor = RecordingExecutor(autoRun: autoRun)
        executor.controlPlane.withLock { $0 = cp }
        cp.setExecutor(executor)
    }

    @discardableResult
    func create(_ name: String, sql: String = "SELECT 1", parallelism: Int? = nil, pool: String? = nil,
                labels: [String: String]? = nil) throws -> Job {
        try cp.createJob(environmentID: env, CreateJobRequest(name: name, sql: sql, parallelism: parallelism,
                                                              computePoolID: pool, labels: labels),
                         by: Principal(apiKeyID: "KEY1", owner: "u-1"))
    }
}

/// Runs `body` and returns the APIError it throws (nil when it does not throw one).
func apiError(_ body: () throws -> Void) -> APIError? {
    do {
        try body()
        return nil
    } catch let error as APIError {
        return error
    } catch {
        return nil
    }
}

import Dispatch
import Model
import Store

extension ControlPlane {
    /// Where live metrics come from: the installed source, else the executor when it provides them.
    public var metricsSource: any JobMetricsSource {
        if let s = metricsSourceBox.withLock({ $0 }) { return s }
        return (executor as? any JobMetricsSource) ?? NoJobMetrics()
    }

    /// Installs a metrics source (tests; by default the executor is asked).
    public func setMetricsSource(_ source: any JobMetricsSource) { metricsSourceBox.withLock { $0 = source } }

    /// Takes one sample of every RUNNING job (the sampler calls it every few seconds; tests call it).
    public func sampleMetrics() {
        guard let running = try? query({ tx in try tx.jobs(statuses: [.running]) }) else { return }
        let source = metricsSource
        let now = now()
        metricsRecorder.record(running.map { ($0, source.liveMetrics(jobID: $0.id)) }, now: now)
    }

    /// Starts sampling every `intervalMillis` on a background queue (until `stopMetricsSampler`).
    public func startMetricsSampler(intervalMillis: Int = 5000) {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "flinkcloud.metrics-sampler"))
        timer.schedule(deadline: .now() + .milliseconds(intervalMillis), repeating: .milliseconds(intervalMillis))
        timer.setEventHandler { [weak self] in self?.sampleMetrics() }
        let old = samplerBox.withLock { box -> (any DispatchSourceTimer)? in
            let old = box.timer
            box.timer = timer
            return old
        }
        old?.cancel()
        timer.resume()
    }

    public func stopMetricsSampler() {
        samplerBox.withLock { box -> (any DispatchSourceTimer)? in
            let t = box.timer
            box.timer = nil
            return t
        }?.cancel()
    }

    /// `GET …/jobs/{job}/metrics`: current values and, with `since` (epoch ms; 0 = the whole hour), the series.
    public func jobMetrics(environmentID: String, idOrName: String, since: Int64? = 0) throws(APIError) -> JobMetrics {
        let job = try self.job(environmentID: environmentID, idOrName: idOrName)
        return metrics(of: job, since: since)
    }

    /// `GET …/jobs/{job}/graph`: the job graph with per-vertex and per-subtask metrics (no series).
    public func jobGraph(environmentID: String, idOrName: String) throws(APIError) -> JobMetrics {
        try jobMetrics(environmentID: environmentID, idOrName: idOrName, since: nil)
    }

    /// Every job of every environment with its current metrics (Prometheus, Flink's job overview).
    public func allJobMetrics() throws(APIError) -> [JobMetrics] {
        let jobs = try query { tx in try tx.jobs(statuses: JobStatus.allCases) }
        return jobs.map { metrics(of: $0, since: nil) }
    }

    /// Every compute pool of every environment (CFU use).
    public func allComputePools() throws(APIError) -> [ComputePool] {
        try query { tx in
            var pools: [ComputePool] = []
            var token: String?
            repeat {
                let page = try tx.computePools(environmentID: nil, page: PageRequest(pageSize: 100, pageToken: token))
                pools += page.items
                token = page.nextPageToken
            } while token != nil
            return pools
        }
    }

    func metrics(of job: Job, since: Int64?) -> JobMetrics {
        let live = job.status == .running ? metricsSource.liveMetrics(jobID: job.id) : nil
        return metricsRecorder.metrics(job: job, live: live, now: now(), since: since)
    }
}

/// The sampler's timer (one owner: `ControlPlane.samplerBox`).
struct MetricsSamplerBox: @unchecked Sendable {
    var timer: (any DispatchSourceTimer)?
}

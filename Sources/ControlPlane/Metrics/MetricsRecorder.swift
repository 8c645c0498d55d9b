import Model
import Runtime
import Synchronization

/// Keeps every job's metrics time series (one point per sampling interval, the last hour) and turns
/// consecutive live reports into rates and latency percentiles. One owner: a mutex around the table.
final class MetricsRecorder: Sendable {
    /// One live reading of a job.
    struct Sample: Sendable {
        var live: LiveJobMetrics
        /// Epoch ms.
        var at: Int64
    }

    struct Series: Sendable {
        var points: [MetricsPoint] = []
        var last: Sample?
        var beforeLast: Sample?
        /// When the sampler first saw the current run (uptime fallback).
        var firstSeenRunning: Int64?
    }

    static let retentionMillis: Int64 = 3_600_000
    private let table = Mutex<[String: Series]>([:])

    /// Records one sample per running job (`live` nil: the job is not running here) and drops series
    /// older than the retention.
    func record(_ readings: [(job: Job, live: LiveJobMetrics?)], now: Int64) {
        table.withLock { t in
            for (job, live) in readings {
                var s = t[job.id] ?? Series()
                guard let live else {
                    s.firstSeenRunning = nil
                    t[job.id] = s
                    continue
                }
                if s.firstSeenRunning == nil { s.firstSeenRunning = now }
                let sample = Sample(live: live, at: now)
                let m = Self.compute(job: job, current: sample, previous: s.last, firstSeen: s.firstSeenRunning ?? now)
                s.points.append(Self.point(m))
                s.beforeLast = s.last
                s.last = sample
                let cutoff = now - Self.retentionMillis
                if let first = s.points.first, first.timestamp < cutoff { s.points.removeAll { $0.timestamp < cutoff } }
                t[job.id] = s
            }
            for (id, s) in t where (s.points.last?.timestamp ?? 0) < now - Self.retentionMillis && s.last == nil {
                t.removeValue(forKey: id)
            }
        }
    }

    /// The job's metrics now: from `live` when it runs (rates against the last sample), else from the last
    /// sample taken (rates 0). With `since`, the series points after it (nil: no series).
    func metrics(job: Job, live: LiveJobMetrics?, now: Int64, since: Int64?) -> JobMetrics {
        let s = table.withLock { $0[job.id] } ?? Series()
        var m: JobMetrics
        if let live {
            // Rates need some distance: compare with the sample before the last when the last is very recent.
            var previous = s.last
            if let p = previous, now - p.at < 500 { previous = s.beforeLast ?? p }
            m = Self.compute(job: job, current: Sample(live: live, at: now), previous: previous,
                             firstSeen: s.firstSeenRunning ?? now)
        } else if let last = s.last {
            m = Self.compute(job: job, current: last, previous: nil, firstSeen: last.at)
            m.timestamp = now
            m.uptimeMillis = 0
            m.recordsInPerSecond = 0
            m.recordsOutPerSecond = 0
            for i in m.vertices.indices {
                m.vertices[i].totals.recordsInPerSecond = 0
                m.vertices[i].totals.recordsOutPerSecond = 0
                for k in m.vertices[i].subtasks.indices {
                    m.vertices[i].subtasks[k].recordsInPerSecond = 0
                    m.vertices[i].subtasks[k].recordsOutPerSecond = 0
                }
            }
        } else {
            m = JobMetrics(job: job, timestamp: now, uptimeMillis: 0, restarts: 0, cfu: job.heldCFU)
        }
        if let since { m.series = s.points.filter { $0.timestamp > since } }
        return m
    }

    /// Forgets a job (deleted).
    func forget(jobID: String) { _ = table.withLock { $0.removeValue(forKey: jobID) } }

    // MARK: computing

    static func compute(job: Job, current: Sample, previous: Sample?, firstSeen: Int64) -> JobMetrics {
        let live = current.live
        let report = live.report
        var prev = previous?.live.report
        // A restarted run starts its counters again: rates against it would be negative.
        if let p = prev, p.subtasks.count != report.subtasks.count || p.graph != report.graph { prev = nil }
        let seconds = prev.map { Double(max(1, report.takenAtMicros - $0.takenAtMicros)) / 1e6 } ?? 0

        var m = JobMetrics(job: job, timestamp: current.at,
                           uptimeMillis: max(0, current.at - (live.runningSince ?? firstSeen)),
                           restarts: live.restarts, cfu: job.heldCFU)
        m.checkpoints = live.checkpoints ?? CheckpointSummary()
        m.edges = report.graph.edges.map {
            GraphEdge(source: $0.source, target: $0.target, input: $0.input,
                      shipStrategy: String($0.shipStrategy.prefix { $0 != "[" }).uppercased())
        }
        let hasInput = Set(report.graph.edges.map(\.target))
        let hasOutput = Set(report.graph.edges.map(\.source))
        var jobLatency = LatencyHistogram.Counts()
        for node in report.graph.nodes where node.id < report.subtasks.count {
            let subs = report.subtasks[node.id]
            let prevSubs = prev.flatMap { $0.subtasks.indices.contains(node.id) ? $0.subtasks[node.id] : nil }
            var counters: [OperatorCounters] = []
            var vertexLatency = LatencyHistogram.Counts()
            for (k, snap) in subs.enumerated() {
                let before = prevSubs.flatMap { k < $0.count ? $0[k] : nil }
                let delta = before.map { snap.latency.since($0.latency) } ?? snap.latency
                vertexLatency.add(delta)
                var c = Self.counters(snap, before: before, seconds: seconds, latency: delta)
                for p in snap.partitions {
                    m.consumerLag.append(PartitionLag(vertex: node.id, subtask: k, topic: p.topic, partition: p.partition,
                                                      endOffset: p.endOffset, position: p.position, committed: p.committed))
                    c.consumerLag += p.lag
                }
                counters.append(c)
            }
            var totals = OperatorCounters()
            for c in counters {
                totals.recordsIn += c.recordsIn
                totals.recordsOut += c.recordsOut
                totals.recordsInPerSecond += c.recordsInPerSecond
                totals.recordsOutPerSecond += c.recordsOutPerSecond
                totals.lateRecordsDropped += c.lateRecordsDropped
                totals.consumerLag += c.consumerLag
            }
            totals.inputWatermark = counters.compactMap(\.inputWatermark).min()
            totals.outputWatermark = counters.compactMap(\.outputWatermark).min()
            totals.latencyP50Millis = vertexLatency.quantile(0.5).map(millis)
            totals.latencyP99Millis = vertexLatency.quantile(0.99).map(millis)
            jobLatency.add(vertexLatency)
            m.vertices.append(VertexMetricsView(id: node.id, uid: node.uid, name: node.name, kind: node.kind,
                                                parallelism: node.parallelism, totals: totals, subtasks: counters))
            if !hasInput.contains(node.id) {
                m.recordsIn += totals.recordsOut
                m.recordsInPerSecond += totals.recordsOutPerSecond
            }
            if !hasOutput.contains(node.id) {
                m.recordsOut += totals.recordsIn
                m.recordsOutPerSecond += totals.recordsInPerSecond
            }
            m.lateRecordsDropped += totals.lateRecordsDropped
        }
        m.latencyP50Millis = jobLatency.quantile(0.5).map(millis)
        m.latencyP99Millis = jobLatency.quantile(0.99).map(millis)
        return m
    }

    static func counters(_ s: VertexMetricsSnapshot, before: VertexMetricsSnapshot?, seconds: Double,
                         latency: LatencyHistogram.Counts) -> OperatorCounters {
        var c = OperatorCounters()
        c.recordsIn = s.recordsIn
        c.recordsOut = s.recordsOut
        if let before, seconds > 0 {
            c.recordsInPerSecond = Double(max(0, s.recordsIn - before.recordsIn)) / seconds
            c.recordsOutPerSecond = Double(max(0, s.recordsOut - before.recordsOut)) / seconds
        }
        c.lateRecordsDropped = s.lateRecordsDropped
        c.inputWatermark = s.inputWatermark == Int64.min ? nil : s.inputWatermark
        c.outputWatermark = s.watermark == Int64.min ? nil : s.watermark
        c.latencyP50Millis = latency.quantile(0.5).map(millis)
        c.latencyP99Millis = latency.quantile(0.99).map(millis)
        return c
    }

    static func millis(_ micros: Int64) -> Double { Double(micros) / 1000 }

    static func point(_ m: JobMetrics) -> MetricsPoint {
        MetricsPoint(timestamp: m.timestamp, recordsIn: m.recordsIn, recordsOut: m.recordsOut,
                     recordsInPerSecond: m.recordsInPerSecond, recordsOutPerSecond: m.recordsOutPerSecond,
                     latencyP50Millis: m.latencyP50Millis, latencyP99Millis: m.latencyP99Millis,
                     consumerLag: m.totalConsumerLag, lateRecordsDropped: m.lateRecordsDropped,
                     checkpointDurationMillis: m.checkpoints.latestCompleted?.durationMillis,
                     completedCheckpoints: m.checkpoints.completed, failedCheckpoints: m.checkpoints.failed,
                     vertexRecordsOutPerSecond: m.vertices.map(\.totals.recordsOutPerSecond))
    }
}

import ControlPlane
import Model

/// Renders metrics in Prometheus' text exposition format 0.0.4: `flinkcloud_…` families, each with
/// `# HELP` and `# TYPE` followed by its samples, labelled by environment, job and vertex.
struct PrometheusText {
    private struct Family {
        let name: String
        let type: String
        let help: String
        var samples: [String] = []
    }
    private var families: [Family] = []
    private var index: [String: Int] = [:]

    static func render(jobs: [JobMetrics], pools: [ComputePool]) -> String {
        var p = PrometheusText()
        for j in jobs { p.add(job: j) }
        for pool in pools {
            let l = [("environment", pool.environmentID), ("compute_pool", pool.id), ("compute_pool_name", pool.displayName)]
            p.sample("flinkcloud_compute_pool_cfu_used", "gauge", "CFUs held by the pool's jobs.", l, Double(pool.currentCFU))
            p.sample("flinkcloud_compute_pool_cfu_max", "gauge", "The pool's CFU limit.", l, Double(pool.maxCFU))
        }
        return p.text
    }

    mutating func add(job m: JobMetrics) {
        let j = [("environment", m.job.environmentID), ("job", m.job.id), ("job_name", m.job.name)]
        sample("flinkcloud_job_up", "gauge", "1 while the job is RUNNING, else 0.", j, m.job.status == .running ? 1 : 0)
        sample("flinkcloud_job_status", "gauge", "1 for the job's current status.", j + [("status", m.job.status.rawValue)], 1)
        sample("flinkcloud_job_uptime_seconds", "gauge", "Time since the current run started.", j, Double(m.uptimeMillis) / 1000)
        sample("flinkcloud_job_restarts_total", "counter", "Restarts of the job.", j, Double(m.restarts))
        sample("flinkcloud_job_cfu", "gauge", "CFUs the job holds in its compute pool.", j, Double(m.cfu))
        sample("flinkcloud_job_records_in_total", "counter", "Records read by the job's sources.", j, Double(m.recordsIn))
        sample("flinkcloud_job_records_out_total", "counter", "Records written to the job's sinks.", j, Double(m.recordsOut))
        sample("flinkcloud_job_records_in_per_second", "gauge", "Source records per second.", j, m.recordsInPerSecond)
        sample("flinkcloud_job_records_out_per_second", "gauge", "Sink records per second.", j, m.recordsOutPerSecond)
        if let p50 = m.latencyP50Millis {
            sample("flinkcloud_job_latency_seconds", "gauge", "End-to-end latency (ingestion to sink) quantiles over the last interval.",
                   j + [("quantile", "0.5")], p50 / 1000)
        }
        if let p99 = m.latencyP99Millis {
            sample("flinkcloud_job_latency_seconds", "gauge", "End-to-end latency (ingestion to sink) quantiles over the last interval.",
                   j + [("quantile", "0.99")], p99 / 1000)
        }
        sample("flinkcloud_job_late_records_dropped_total", "counter", "Records dropped as late by window operators.", j,
               Double(m.lateRecordsDropped))
        let c = m.checkpoints
        sample("flinkcloud_job_checkpoints_total", "counter", "Checkpoints by result.", j + [("result", "completed")], Double(c.completed))
        sample("flinkcloud_job_checkpoints_total", "counter", "Checkpoints by result.", j + [("result", "failed")], Double(c.failed))
        if let rate = c.successRate {
            sample("flinkcloud_job_checkpoint_success_ratio", "gauge", "Completed / (completed + failed) checkpoints.", j, rate)
        }
        if let last = c.latestCompleted {
            if let d = last.durationMillis {
                sample("flinkcloud_job_last_checkpoint_duration_seconds", "gauge", "Duration of the last completed checkpoint.", j,
                       Double(d) / 1000)
            }
            sample("flinkcloud_job_last_checkpoint_size_bytes", "gauge", "Size of the last completed checkpoint.", j, Double(last.sizeBytes))
        }
        for p in m.consumerLag {
            sample("flinkcloud_job_consumer_lag_records", "gauge", "End offset minus the committed offset (committed when a checkpoint completes), per topic partition.",
                   j + [("topic", p.topic), ("partition", String(p.partition))], Double(p.lag))
        }
        for v in m.vertices {
            let l = j + [("vertex", v.uid), ("vertex_name", v.name)]
            sample("flinkcloud_vertex_parallelism", "gauge", "Subtasks of the vertex.", l, Double(v.parallelism))
            sample("flinkcloud_vertex_records_in_total", "counter", "Records received by the vertex.", l, Double(v.totals.recordsIn))
            sample("flinkcloud_vertex_records_out_total", "counter", "Records emitted by the vertex.", l, Double(v.totals.recordsOut))
            sample("flinkcloud_vertex_records_in_per_second", "gauge", "Records received per second.", l, v.totals.recordsInPerSecond)
            sample("flinkcloud_vertex_records_out_per_second", "gauge", "Records emitted per second.", l, v.totals.recordsOutPerSecond)
            sample("flinkcloud_vertex_late_records_dropped_total", "counter", "Late records dropped by the vertex.", l,
                   Double(v.totals.lateRecordsDropped))
            if let wm = v.totals.inputWatermark, wm != Int64.max {
                sample("flinkcloud_vertex_input_watermark_milliseconds", "gauge", "Current input watermark (epoch ms).", l, Double(wm))
            }
            if let wm = v.totals.outputWatermark, wm != Int64.max {
                sample("flinkcloud_vertex_output_watermark_milliseconds", "gauge", "Current output watermark (epoch ms).", l, Double(wm))
            }
        }
    }

    mutating func sample(_ name: String, _ type: String, _ help: String, _ labels: [(String, String)], _ value: Double) {
        let i: Int
        if let k = index[name] {
            i = k
        } else {
            i = families.count
            index[name] = i
            families.append(Family(name: name, type: type, help: help))
        }
        var line = name
        if !labels.isEmpty {
            line += "{" + labels.map { $0.0 + "=\"" + Self.escape($0.1) + "\"" }.joined(separator: ",") + "}"
        }
        line += " " + Self.format(value)
        families[i].samples.append(line)
    }

    var text: String {
        var out = ""
        for f in families {
            out += "# HELP \(f.name) \(f.help)\n# TYPE \(f.name) \(f.type)\n"
            for s in f.samples { out += s + "\n" }
        }
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    static func format(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}

import ControlPlane
import HTTP
import Model

/// A read-only subset of Apache Flink's JobManager REST API under `Endpoint.flinkREST`, for Flink
/// tooling: Flink's field names, 32-hex job and vertex ids (`FlinkIDs`), Flink's `{"errors":[…]}` bodies.
extension APIService {
    func flinkJobs(_ c: Call) throws -> HTTPResponse {
        let jobs = try controlPlane.allJobMetrics()
        return json(200, capacity: 64 + 80 * jobs.count) { w in
            w.beginObject()
            w.key("jobs")
            w.beginArray()
            for m in jobs {
                w.beginObject()
                w.member("id", FlinkIDs.job(m.job.id))
                w.member("status", FlinkRESTJSON.state(m.job.status))
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
    }

    func flinkJobsOverview(_ c: Call) throws -> HTTPResponse {
        let jobs = try controlPlane.allJobMetrics()
        return json(200, capacity: 64 + 400 * jobs.count) { w in
            w.beginObject()
            w.key("jobs")
            w.beginArray()
            for m in jobs { FlinkRESTJSON.jobDetails(m, into: &w) }
            w.endArray()
            w.endObject()
        }
    }

    func flinkJob(_ c: Call) throws -> HTTPResponse {
        try flinkCall(c) { m in json(200, capacity: 4096) { FlinkRESTJSON.jobDetailsInfo(m, into: &$0) } }
    }

    func flinkJobPlan(_ c: Call) throws -> HTTPResponse {
        try flinkCall(c) { m in
            json(200, capacity: 2048) { w in
                w.beginObject()
                w.key("plan"); FlinkRESTJSON.plan(m, into: &w)
                w.endObject()
            }
        }
    }

    func flinkJobCheckpoints(_ c: Call) throws -> HTTPResponse {
        try flinkCall(c) { m in json(200, capacity: 2048) { FlinkRESTJSON.checkpoints(m, into: &$0) } }
    }

    func flinkJobExceptions(_ c: Call) throws -> HTTPResponse {
        try flinkCall(c) { m in
            // Inside flinkCall, so a bad value is answered in Flink's error shape too.
            let limit = try intParameter(c, "maxExceptions", default: 20, range: 1...1000)
            let entries = try controlPlane.jobExceptions(jobID: m.job.id, limit: limit)
            return json(200, capacity: 1024) { FlinkRESTJSON.exceptions(m, entries, into: &$0) }
        }
    }

    /// Resolves `{jobid}` and answers errors as Flink does (`{"errors":["…"]}`).
    private func flinkCall(_ c: Call, _ body: (JobMetrics) throws -> HTTPResponse) throws -> HTTPResponse {
        do {
            let id = try c.path("jobid")
            guard id.utf8.count == 32, id.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) }) else {
                throw APIError.badParameter("Invalid JobID '\(id)': expected 32 hexadecimal characters.", parameter: "jobid")
            }
            return try body(try controlPlane.flinkJob(flinkID: id))
        } catch let e as APIError {
            return json(e.status) { w in
                w.beginObject()
                w.key("errors"); w.beginArray(); w.string(e.detail); w.endArray()
                w.endObject()
            }
        }
    }
}

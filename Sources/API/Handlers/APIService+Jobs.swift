import ControlPlane
import HTTP
import Model

extension APIService {
    func listJobs(_ c: Call) throws -> HTTPResponse {
        try cachedGET(c) { try encodeJobList(c) }
    }

    private func encodeJobList(_ c: Call) throws -> HTTPResponse {
        let envID = try c.path("env")
        let page = try c.page()
        var status: JobStatus?
        if let s = c.query["status"], !s.isEmpty {
            guard let parsed = JobStatus(rawValue: s.uppercased()) else {
                throw APIError.badParameter("Unknown status '\(s)'; expected one of \(JobStatus.allCases.map(\.rawValue).joined(separator: ", "))",
                                            parameter: "status", code: "invalid_filter")
            }
            status = parsed
        }
        let pool = c.query["compute_pool_id"] ?? c.query["spec.compute_pool_id"]
        let filter = JobFilter(status: status, label: c.query["label"] ?? c.query["label_selector"],
                               computePoolID: pool?.isEmpty == false ? pool : nil)
        let result = try controlPlane.jobs(environmentID: envID, filter: filter, page: page)
        let env = ListEnvelope(apiVersion: "flink/v1", kind: "JobList",
                               collectionURL: ResourceJSON.jobsURL(env: envID, base: c.base), query: c.query)
        return json(200, capacity: 1024 + 1000 * result.items.count) { w in
            env.write(result, request: page, into: &w) { ResourceJSON.job($0, base: c.base, into: &$1) }
        }
    }

    func createJob(_ c: Call) throws -> HTTPResponse {
        let envID = try c.path("env")
        let body = try c.body()
        let request = CreateJobRequest(name: try body.string("name"), sql: try body.string("sql"),
                                       parallelism: try body.int("parallelism"),
                                       checkpointInterval: try body.int("checkpoint_interval").map(Int64.init),
                                       checkpointMode: try body.string("checkpoint_mode"),
                                       computePoolID: try body.string("compute_pool_id"),
                                       labels: try labels(body), stopped: try body.bool("stopped") ?? false,
                                       autoRollback: try body.bool("auto_rollback"),
                                       rollbackProbation: try body.int("rollback_probation").map(Int64.init))
        let job = try controlPlane.createJob(environmentID: envID, request, by: c.principal)
        var h = HTTPHeaders()
        h.set("Location", ResourceJSON.jobsURL(env: envID, base: c.base) + "/" + job.id)
        return json(201, headers: h, capacity: 1024) { ResourceJSON.job(job, base: c.base, into: &$0) }
    }

    func validateJob(_ c: Call) throws -> HTTPResponse {
        let body = try c.body()
        let request = ValidateJobRequest(sql: try body.string("sql"), parallelism: try body.int("parallelism"),
                                         computePoolID: try body.string("compute_pool_id"))
        let report = try controlPlane.validateJob(environmentID: try c.path("env"), request)
        let parallelism = request.parallelism ?? JobConfig.defaultParallelism
        return json(200, capacity: 2048) { ResourceJSON.validation(report, parallelism: parallelism, into: &$0) }
    }

    func getJob(_ c: Call) throws -> HTTPResponse {
        try cachedGET(c) {
            let job = try controlPlane.job(environmentID: try c.path("env"), idOrName: try c.path("job"))
            return json(200, capacity: 1024) { ResourceJSON.job(job, base: c.base, into: &$0) }
        }
    }

    func updateJob(_ c: Call) throws -> HTTPResponse {
        let body = try c.body()
        let request = UpdateJobRequest(sql: try body.string("sql"), parallelism: try body.int("parallelism"),
                                       checkpointInterval: try body.int("checkpoint_interval").map(Int64.init),
                                       checkpointMode: try body.string("checkpoint_mode"),
                                       computePoolID: try body.string("compute_pool_id"),
                                       labels: try labels(body), resourceVersion: try expectedVersion(c, body),
                                       autoRollback: try body.bool("auto_rollback"),
                                       rollbackProbation: try body.int("rollback_probation").map(Int64.init))
        let job = try controlPlane.updateJob(environmentID: try c.path("env"), idOrName: try c.path("job"), request,
                                             by: c.principal)
        return json(200, capacity: 1024) { ResourceJSON.job(job, base: c.base, into: &$0) }
    }

    func deleteJob(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteJob(environmentID: try c.path("env"), idOrName: try c.path("job"))
        return noContent()
    }

    /// `POST …/stop[?drain=true]`, or a body `{"drain": true}`: Flink's `stop --drain`.
    func stopJob(_ c: Call) throws -> HTTPResponse {
        var drain = try c.body(allowEmpty: true).bool("drain") ?? false
        if let text = c.query["drain"] {
            guard let flag = Bool(text.lowercased()) else {
                throw APIError.badParameter("drain must be true or false, not '\(text)'", parameter: "drain")
            }
            drain = flag
        }
        let job = try controlPlane.stopJob(environmentID: try c.path("env"), idOrName: try c.path("job"), drain: drain)
        return json(200, capacity: 1024) { ResourceJSON.job(job, base: c.base, into: &$0) }
    }

    func resumeJob(_ c: Call) throws -> HTTPResponse {
        let job = try controlPlane.resumeJob(environmentID: try c.path("env"), idOrName: try c.path("job"))
        return json(200, capacity: 1024) { ResourceJSON.job(job, base: c.base, into: &$0) }
    }

    func listJobVersions(_ c: Call) throws -> HTTPResponse {
        let envID = try c.path("env")
        let jobRef = try c.path("job")
        let page = try c.page()
        let result = try controlPlane.jobVersions(environmentID: envID, idOrName: jobRef, page: page)
        let env = ListEnvelope(apiVersion: "flink/v1", kind: "JobVersionList",
                               collectionURL: ResourceJSON.jobsURL(env: envID, base: c.base) + "/" + jobRef + "/versions",
                               query: c.query)
        return json(200, capacity: 4096) { w in
            env.write(result, request: page, into: &w) { ResourceJSON.jobVersion($0, env: envID, base: c.base, into: &$1) }
        }
    }

    func getJobVersion(_ c: Call) throws -> HTTPResponse {
        let raw = try c.path("version")
        if raw == "compare" { return try compareJobVersions(c) }   // in case the router matched the parameter first
        guard let n = Int(raw), n >= 1 else {
            throw APIError.badParameter("Version must be a positive integer, got '\(raw)'", parameter: "version")
        }
        let envID = try c.path("env")
        let v = try controlPlane.jobVersion(environmentID: envID, idOrName: try c.path("job"), number: n)
        return json(200, capacity: 1024) { ResourceJSON.jobVersion(v, env: envID, base: c.base, into: &$0) }
    }

    func compareJobVersions(_ c: Call) throws -> HTTPResponse {
        func version(_ name: String) throws(APIError) -> Int {
            guard let s = c.query[name], !s.isEmpty else {
                throw .badParameter("Query parameter '\(name)' is required", parameter: name)
            }
            guard let n = Int(s), n >= 1 else {
                throw .badParameter("Query parameter '\(name)' must be a positive integer, got '\(s)'", parameter: name)
            }
            return n
        }
        let result = try controlPlane.compareJobVersions(environmentID: try c.path("env"), idOrName: try c.path("job"),
                                                         from: try version("from"), to: try version("to"))
        return json(200, capacity: 2048) { ResourceJSON.comparison(result, into: &$0) }
    }

    func rollbackJob(_ c: Call) throws -> HTTPResponse {
        let body = try c.body()
        let n = try body.requiredInt("version")
        guard n >= 1 else { throw body.invalid("version", "Field '/version' must be a positive integer") }
        let job = try controlPlane.rollbackJob(environmentID: try c.path("env"), idOrName: try c.path("job"), toVersion: n,
                                               resourceVersion: try expectedVersion(c, body), by: c.principal)
        return json(200, capacity: 1024) { ResourceJSON.job(job, base: c.base, into: &$0) }
    }

    // MARK: body helpers

    private func labels(_ body: JSONFields) throws -> [String: String]? {
        guard let pairs = try body.stringMap("labels") else { return nil }
        var out: [String: String] = [:]
        for (k, v) in pairs { out[k] = v }
        return out
    }
}

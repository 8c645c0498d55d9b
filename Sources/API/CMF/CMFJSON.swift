import Model

/// Encoders from CMF views to CMF's wire shapes (camelCase, RFC 3339 times with milliseconds).
enum CMFJSON {
    static let apiVersion = "cmf.confluent.io/v1"
    static let maskedSecret = "********"

    static func time(_ w: inout JSONWriter, _ key: String, _ millis: Int64) {
        w.key(key)
        w.timestamp(epochMillis: millis, fractional: true)
    }

    /// `metadata`: the user's members, then name, uid and timestamps; `labels`/`annotations` always present.
    static func metadata(_ r: CMFResource, extraAnnotations: [(String, String)] = [], into w: inout JSONWriter) {
        var meta = r.metadata
        if meta["labels"]?.objectValue == nil { meta["labels"] = .object(JSONObject()) }
        var annotations = meta["annotations"]?.objectValue ?? JSONObject()
        for (k, v) in extraAnnotations { annotations[k] = .string(v) }
        meta["annotations"] = .object(annotations)
        w.key("metadata")
        w.beginObject()
        w.member("name", r.name)
        w.member("uid", r.uid)
        time(&w, "creationTimestamp", r.createdAt)
        time(&w, "updateTimestamp", r.updatedAt)
        for (k, v) in meta.members { w.key(k); w.value(v) }
        w.endObject()
    }

    static func header(_ kind: String, into w: inout JSONWriter, apiVersion: String = apiVersion) {
        w.member("apiVersion", apiVersion)
        w.member("kind", kind)
    }

    // MARK: environments

    static func environment(_ e: CMFEnvironment, into w: inout JSONWriter) {
        w.beginObject()
        w.member("name", e.name)
        w.member("kubernetesNamespace", e.kubernetesNamespace)
        time(&w, "created_time", e.createdAt)
        time(&w, "updated_time", e.updatedAt)
        w.key("flinkApplicationDefaults"); w.value(e.applicationDefaults ?? .null)
        w.key("computePoolDefaults"); w.value(e.computePoolDefaults ?? .null)
        w.key("statementDefaults"); w.value(e.statementDefaults ?? .null)
        w.key("secrets"); w.value(.object(e.secrets))
        w.key("metadata")
        w.beginObject()
        w.member("name", e.name)
        w.key("labels"); w.value(.object(e.labels))
        var annotations = e.annotations
        annotations["flinkcloud.io/environment-id"] = .string(e.environmentID)
        if let pool = e.defaultPoolID { annotations["flinkcloud.io/default-compute-pool-id"] = .string(pool) }
        w.key("annotations"); w.value(.object(annotations))
        w.endObject()
        w.endObject()
    }

    // MARK: applications

    static func application(_ a: CMFApplication, into w: inout JSONWriter) {
        let r = a.resource
        w.beginObject()
        header("FlinkApplication", into: &w)
        var extra: [(String, String)] = []
        if let job = a.job {
            extra = [("flinkcloud.io/job-id", job.id), ("flinkcloud.io/job-version", String(job.currentVersion))]
        }
        metadata(r, extraAnnotations: extra, into: &w)
        w.key("spec"); w.value(.object(r.spec))
        w.key("status")
        w.beginObject()
        w.key("jobStatus")
        w.beginObject()
        w.member("jobName", a.job?.name ?? r.name)
        w.member("jobId", a.job?.id ?? "")
        w.member("state", a.jobState)
        if let job = a.job {
            w.member("startTime", String(job.createdAt))
            w.member("updateTime", String(job.updatedAt))
        }
        w.endObject()
        w.member("lifecycleState", a.lifecycleState)
        w.member("jobManagerDeploymentStatus", a.job == nil ? "MISSING" : "READY")
        w.key("error")
        if let error = a.error { w.string(error) } else { w.null() }
        w.key("currentDeployedInstanceName")
        if let i = a.currentInstance { w.string(i) } else { w.null() }
        if let job = a.job {
            w.key("taskManager")
            w.beginObject()
            w.member("replicas", 1)
            w.endObject()
            w.key("clusterInfo")
            w.beginObject()
            w.member("flink-version", "flinkcloud")
            w.member("parallelism", String(job.parallelism))
            w.endObject()
        }
        w.endObject()
        w.endObject()
    }

    static func instance(_ i: CMFApplicationInstance, into w: inout JSONWriter) {
        w.beginObject()
        header("FlinkApplicationInstance", into: &w)
        w.key("metadata")
        w.beginObject()
        w.member("name", i.uid)
        w.member("uid", i.uid)
        time(&w, "creationTimestamp", i.createdAt)
        time(&w, "updateTimestamp", i.updatedAt)
        w.key("labels"); w.beginObject(); w.endObject()
        w.key("annotations")
        w.beginObject()
        if let job = i.jobID { w.member("flinkcloud.io/job-id", job) }
        if let v = i.jobVersion { w.member("flinkcloud.io/job-version", String(v)) }
        w.endObject()
        w.endObject()
        w.key("status")
        w.beginObject()
        w.key("spec"); w.value(.object(i.spec))
        w.key("jobStatus")
        w.beginObject()
        w.member("jobId", i.jobID ?? "")
        w.member("state", i.jobState)
        w.endObject()
        w.endObject()
        w.endObject()
    }

    static func event(_ e: CMFApplicationEvent, into w: inout JSONWriter) {
        w.beginObject()
        header("FlinkApplicationEvent", into: &w, apiVersion: "cmf.confluent.io/v1alpha1")
        w.key("metadata")
        w.beginObject()
        w.member("name", e.uid)
        w.member("uid", e.uid)
        time(&w, "creationTimestamp", e.createdAt)
        w.key("flinkApplicationInstance")
        if let i = e.instance { w.string(i) } else { w.null() }
        w.key("labels"); w.null()
        w.key("annotations"); w.null()
        w.endObject()
        w.key("status")
        w.beginObject()
        w.member("message", e.message)
        w.member("type", e.type.rawValue)
        w.key("data")
        switch e.data {
        case .none: w.null()
        case .newStatus(let s): w.beginObject(); w.member("newStatus", s); w.endObject()
        case .exceptionString(let s): w.beginObject(); w.member("exceptionString", s); w.endObject()
        }
        w.endObject()
        w.endObject()
    }

    // MARK: statements

    static func statement(_ s: CMFStatement, into w: inout JSONWriter) {
        let r = s.resource
        w.beginObject()
        header("Statement", into: &w)
        var extra: [(String, String)] = [("flinkcloud.io/environment-id", s.statement.environmentID)]
        if let job = s.job {
            extra += [("flinkcloud.io/job-id", job.id), ("flinkcloud.io/job-version", String(job.currentVersion))]
        }
        metadata(r, extraAnnotations: extra, into: &w)
        var spec = r.spec
        if spec["parallelism"] == nil || spec["parallelism"] == .null {
            spec["parallelism"] = .int(Int64(s.job?.parallelism ?? 1))
        }
        spec["stopped"] = .bool(s.statement.stopped)
        w.key("spec"); w.value(.object(spec))
        w.key("status")
        w.beginObject()
        w.member("phase", s.phase)
        w.member("detail", s.detail)
        w.key("traits")
        w.beginObject()
        w.member("sqlKind", s.sqlKind)
        w.member("isBounded", s.statement.traits?.isBounded ?? false)
        w.member("isAppendOnly", s.statement.traits?.isAppendOnly ?? true)
        if let upsert = s.statement.traits?.upsertColumns {
            w.key("upsertColumns"); w.value(.array(upsert.map { .int(Int64($0)) }))
        }
        w.key("schema")
        w.beginObject()
        w.key("columns")
        w.beginArray()
        for column in s.statement.traits?.schema ?? [] {
            w.beginObject()
            w.member("name", column.name)
            w.key("type"); w.value(camelCase(column.type))
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endObject()
        w.endObject()
        if let result = s.result {
            w.key("result")
            statementResults(result, into: &w, now: s.statement.updatedAt)
        }
        w.endObject()
    }

    /// Confluent Cloud's snake_case data type members (`key_type`) as CMF's camelCase (`keyType`).
    static func camelCase(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o):
            var out = JSONObject()
            for (k, value) in o.members {
                var key = ""
                var upper = false
                for c in k {
                    if c == "_" { upper = true; continue }
                    key.append(upper ? Character(c.uppercased()) : c)
                    upper = false
                }
                out[key] = camelCase(value)
            }
            return .object(out)
        case .array(let a): return .array(a.map(camelCase))
        default: return v
        }
    }

    static func statementResults(_ r: StatementResultPage, into w: inout JSONWriter, now: Int64) {
        w.beginObject()
        header("StatementResult", into: &w)
        w.key("metadata")
        w.beginObject()
        time(&w, "creationTimestamp", now)
        w.key("annotations")
        w.beginObject()
        w.member("nextPageToken", r.nextPageToken ?? "")
        w.endObject()
        w.endObject()
        w.key("results")
        w.beginObject()
        w.key("data")
        w.beginArray()
        for row in r.rows {
            w.beginObject()
            w.member("op", row.op)
            w.key("row"); w.value(row.row)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endObject()
    }

    static func exceptions(_ list: [StatementException], into w: inout JSONWriter) {
        w.beginObject()
        header("StatementExceptionList", into: &w)
        w.key("data")
        w.beginArray()
        for e in list {
            w.beginObject()
            header("StatementException", into: &w)
            w.member("name", e.name)
            w.member("message", e.message)
            time(&w, "timestamp", e.timestamp)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    // MARK: documents

    /// Compute pools, savepoints, secrets, mappings, catalogs, databases.
    static func resource(_ r: CMFResource, into w: inout JSONWriter) {
        w.beginObject()
        header(r.kind.wireKind, into: &w)
        var extra: [(String, String)] = []
        if r.kind == .computePool, let pool = r.ref { extra = [("flinkcloud.io/compute-pool-id", pool)] }
        metadata(r, extraAnnotations: extra, into: &w)
        var spec = r.spec
        if r.kind == .secret, case .object(var data)? = spec["data"] {
            for i in data.members.indices { data.members[i].value = .string(maskedSecret) }
            spec["data"] = .object(data)
        }
        w.key("spec"); w.value(.object(spec))
        var status = r.status
        switch r.kind {
        case .computePool: status["phase"] = .string("RUNNING")
        case .kafkaCatalog, .kafkaDatabase:
            if status["environmentsWithAccess"] == nil { status["environmentsWithAccess"] = .array([]) }
        default: break
        }
        w.key("status"); w.value(.object(status))
        w.endObject()
    }
}

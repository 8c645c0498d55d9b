import Model

/// Encoders from the Model's resource values to Confluent's wire shapes, written straight into a
/// `JSONWriter` (no intermediate dictionaries). `base` is the absolute origin, e.g. `http://127.0.0.1:8080`.
public enum ResourceJSON {
    static func crn(org: String) -> String { "crn://confluent.cloud/organization=" + org }

    static func metadata(_ w: inout JSONWriter, selfURL: String, resourceName: String?, createdAt: Int64,
                         updatedAt: Int64, resourceVersion: Int64?) {
        w.key("metadata")
        w.beginObject()
        w.member("self", selfURL)
        if let resourceName { w.member("resource_name", resourceName) }
        w.key("created_at"); w.timestamp(epochMillis: createdAt)
        w.key("updated_at"); w.timestamp(epochMillis: updatedAt)
        if let resourceVersion { w.key("resource_version"); w.intString(resourceVersion) }
        w.endObject()
    }

    static func labels(_ w: inout JSONWriter, _ labels: [String: String]) {
        w.beginObject()
        if labels.count == 1, let only = labels.first {
            w.member(only.key, only.value)
        } else if !labels.isEmpty {
            for key in labels.keys.sorted() { w.member(key, labels[key]!) }
        }
        w.endObject()
    }

    // MARK: org/v2

    public static func organization(_ o: Organization, base: String, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "org/v2")
        w.member("kind", "Organization")
        w.member("id", o.id)
        metadata(&w, selfURL: base + "/org/v2/organizations/" + o.id, resourceName: crn(org: o.id),
                 createdAt: o.createdAt, updatedAt: o.updatedAt, resourceVersion: o.resourceVersion)
        w.member("display_name", o.displayName)
        w.endObject()
    }

    public static func environmentURL(_ id: String, base: String) -> String { base + "/org/v2/environments/" + id }
    static func environmentCRN(org: String, env: String) -> String { crn(org: org) + "/environment=" + env }

    public static func environment(_ e: Environment, base: String, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "org/v2")
        w.member("kind", "Environment")
        w.member("id", e.id)
        metadata(&w, selfURL: environmentURL(e.id, base: base), resourceName: environmentCRN(org: e.organizationID, env: e.id),
                 createdAt: e.createdAt, updatedAt: e.updatedAt, resourceVersion: e.resourceVersion)
        w.member("display_name", e.displayName)
        w.key("stream_governance_config")
        w.beginObject()
        w.member("package", e.governancePackage)
        w.endObject()
        w.endObject()
    }

    // MARK: fcpm/v2

    public static func computePoolURL(_ id: String, base: String) -> String { base + "/fcpm/v2/compute-pools/" + id }

    public static func computePool(_ p: ComputePool, organizationID: String, base: String, into w: inout JSONWriter) {
        let envCRN = environmentCRN(org: organizationID, env: p.environmentID)
        w.beginObject()
        w.member("api_version", "fcpm/v2")
        w.member("kind", "ComputePool")
        w.member("id", p.id)
        metadata(&w, selfURL: computePoolURL(p.id, base: base),
                 resourceName: envCRN + "/flink-region=" + p.cloud.lowercased() + "." + p.region + "/compute-pool=" + p.id,
                 createdAt: p.createdAt, updatedAt: p.updatedAt, resourceVersion: p.resourceVersion)
        w.key("spec")
        w.beginObject()
        w.member("display_name", p.displayName)
        w.member("cloud", p.cloud)
        w.member("region", p.region)
        w.member("max_cfu", p.maxCFU)
        w.member("default_pool", p.isDefault)
        w.key("environment")
        w.beginObject()
        w.member("id", p.environmentID)
        w.member("related", environmentURL(p.environmentID, base: base))
        w.member("resource_name", envCRN)
        w.endObject()
        w.key("network"); w.null()
        w.endObject()
        w.key("status")
        w.beginObject()
        w.member("phase", p.phase.rawValue)
        w.member("current_cfu", p.currentCFU)
        w.endObject()
        w.endObject()
    }

    public static func region(_ r: Region, base: String, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "fcpm/v2")
        w.member("kind", "Region")
        w.member("id", r.id)
        w.key("metadata")
        w.beginObject()
        w.member("self", base + "/fcpm/v2/regions/" + r.id)
        w.endObject()
        w.member("display_name", r.displayName)
        w.member("cloud", r.cloud)
        w.member("region_name", r.regionName)
        w.member("http_endpoint", base)
        w.member("private_http_endpoint", base)
        w.endObject()
    }

    // MARK: flink/v1 jobs

    public static func jobsURL(env: String, base: String) -> String { base + "/flink/v1/environments/" + env + "/jobs" }

    static func config(_ c: JobConfig, into w: inout JSONWriter) {
        w.member("parallelism", c.parallelism)
        w.key("checkpoint_interval"); w.int64(c.checkpointIntervalMillis)
        w.member("checkpoint_mode", c.checkpointMode.rawValue)
        w.member("compute_pool_id", c.computePoolID)
        w.key("labels"); labels(&w, c.labels)
        w.key("auto_rollback"); w.bool(c.autoRollback)
        w.key("rollback_probation")
        if let p = c.rollbackProbationMillis { w.int64(p) } else { w.null() }
    }

    static func stateRestore(_ r: JobVersion.StateRestore?, into w: inout JSONWriter) {
        w.key("state_restore")
        guard let r else { w.null(); return }
        w.beginObject()
        w.member("mode", r.mode.rawValue)
        w.member("reason", r.reason)
        w.key("from_version")
        if let v = r.fromVersion { w.int(v) } else { w.null() }
        w.endObject()
    }

    public static func job(_ j: Job, base: String, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "flink/v1")
        w.member("kind", "Job")
        w.member("id", j.id)
        w.key("metadata")
        w.beginObject()
        w.key("self"); w.string(base, "/flink/v1/environments/", j.environmentID, "/jobs/", j.id)
        w.key("resource_name")
        w.string("crn://confluent.cloud/organization=", j.organizationID, "/environment=", j.environmentID, "/flink-job=", j.id)
        w.key("created_at"); w.timestamp(epochMillis: j.createdAt)
        w.key("updated_at"); w.timestamp(epochMillis: j.updatedAt)
        w.key("resource_version"); w.intString(j.resourceVersion)
        w.endObject()
        w.member("name", j.name)
        w.member("environment_id", j.environmentID)
        w.member("organization_id", j.organizationID)
        w.key("spec")
        w.beginObject()
        w.member("sql", j.sql)
        config(j.config, into: &w)
        w.endObject()
        w.key("status")
        w.beginObject()
        w.member("phase", j.status.rawValue)
        w.member("current_version", j.currentVersion)
        w.member("scaling_status", j.scalingStatus.rawValue)
        w.member("detail", j.failureMessage ?? "")
        w.member("created_by", j.createdBy)
        w.member("update_phase", j.updatePhase)
        stateRestore(j.stateRestore, into: &w)
        w.key("switch_gap_ms")
        if let g = j.switchGapMillis { w.int64(g) } else { w.null() }
        w.key("latest_offsets"); labels(&w, j.latestOffsets)
        w.key("latest_offsets_timestamp")
        if let at = j.latestOffsetsAt { w.timestamp(epochMillis: at) } else { w.null() }
        w.endObject()
        w.endObject()
    }

    public static func jobVersion(_ v: JobVersion, env: String, base: String, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "flink/v1")
        w.member("kind", "JobVersion")
        w.key("metadata")
        w.beginObject()
        w.member("self", jobsURL(env: env, base: base) + "/" + v.jobID + "/versions/" + String(v.number))
        w.endObject()
        w.member("job_id", v.jobID)
        w.member("version", v.number)
        w.member("sql", v.sql)
        w.key("config")
        w.beginObject()
        config(v.config, into: &w)
        w.endObject()
        w.key("created_at"); w.timestamp(epochMillis: v.createdAt)
        w.member("created_by", v.createdBy)
        w.member("state", v.state.rawValue)
        w.member("end_reason", v.endReason)
        w.key("ended_at")
        if let e = v.endedAt { w.timestamp(epochMillis: e) } else { w.null() }
        w.key("rolled_back_from")
        if let r = v.rolledBackFrom { w.int(r) } else { w.null() }
        w.member("cause", v.cause.rawValue)
        w.key("restore_from_version")
        if let r = v.restoreFromVersion { w.int(r) } else { w.null() }
        stateRestore(v.stateRestore, into: &w)
        w.key("switch_gap_ms")
        if let g = v.switchGapMillis { w.int64(g) } else { w.null() }
        w.endObject()
    }

    public static func comparison(_ c: JobVersionComparison, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "flink/v1")
        w.member("kind", "JobVersionComparison")
        w.member("job_id", c.jobID)
        w.member("from", c.fromVersion)
        w.member("to", c.toVersion)
        w.member("sql_diff", c.sqlDiff)
        w.key("state_compatible")
        if let b = c.stateCompatible { w.bool(b) } else { w.null() }
        w.member("state_compatibility_reason", c.stateCompatibilityReason)
        w.key("changed_config")
        w.beginArray()
        for change in c.configChanges {
            w.beginObject()
            w.member("key", change.key)
            w.member("from", change.from)
            w.member("to", change.to)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    // MARK: iam/v2

    public static func apiKey(_ k: ApiKey, organizationID: String, base: String, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "iam/v2")
        w.member("kind", "ApiKey")
        w.member("id", k.id)
        metadata(&w, selfURL: base + "/iam/v2/api-keys/" + k.id, resourceName: crn(org: organizationID) + "/api-key=" + k.id,
                 createdAt: k.createdAt, updatedAt: k.createdAt, resourceVersion: k.resourceVersion)
        w.key("spec")
        w.beginObject()
        if let secret = k.secret { w.member("secret", secret) }
        w.member("description", k.description)
        w.key("owner")
        w.beginObject()
        w.member("id", k.owner)
        w.endObject()
        w.endObject()
        w.endObject()
    }
}

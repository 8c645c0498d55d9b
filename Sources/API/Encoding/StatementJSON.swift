import Model

/// sql/v1 Statement, StatementResult and StatementExceptionList bodies (reference §2.2, §2.6, §2.7).
enum StatementJSON {
    static func collectionURL(base: String, org: String, env: String) -> String {
        base + "/sql/v1/organizations/" + org + "/environments/" + env + "/statements"
    }

    /// `resourceVersion` overrides `metadata.resource_version` (a PUT echoes the one it was sent).
    static func statement(_ s: FlinkStatement, base: String, org: String, resourceVersion: String? = nil,
                          into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "sql/v1")
        w.member("kind", "Statement")
        w.key("metadata")
        w.beginObject()
        w.member("self", collectionURL(base: base, org: org, env: s.environmentID) + "/" + s.name)
        w.key("created_at"); w.timestamp(epochMillis: s.createdAt)
        w.key("updated_at"); w.timestamp(epochMillis: s.updatedAt)
        w.member("uid", s.uid)
        w.member("resource_version", resourceVersion ?? String(s.resourceVersion))
        w.key("labels"); stringMap(s.labels, into: &w)
        w.endObject()
        w.member("name", s.name)
        w.member("organization_id", org)
        w.member("environment_id", s.environmentID)
        w.key("spec")
        w.beginObject()
        w.member("statement", s.sql)
        w.key("properties"); stringMap(s.properties, into: &w)
        w.member("compute_pool_id", s.computePoolID)
        w.member("principal", s.principal)
        w.member("stopped", s.stopped)
        w.endObject()
        w.key("status")
        w.beginObject()
        w.member("phase", s.phase.rawValue)
        w.member("detail", s.detail)
        if s.phase != .pending, let traits = s.traits {
            w.key("traits")
            w.value(traits.json)
        }
        w.member("network_kind", "PUBLIC")
        if !s.latestOffsets.isEmpty {
            w.key("latest_offsets"); stringMap(s.latestOffsets, into: &w)
            if let at = s.latestOffsetsAt { w.key("latest_offsets_timestamp"); w.timestamp(epochMillis: at) }
        }
        w.key("scaling_status")
        w.beginObject()
        w.member("scaling_state", s.scalingStatus.rawValue)
        w.key("last_updated"); w.timestamp(epochMillis: s.updatedAt)
        w.endObject()
        if let end = s.endTime { w.key("end_time"); w.timestamp(epochMillis: end) }
        w.endObject()
        w.endObject()
    }

    static func stringMap(_ map: [String: String], into w: inout JSONWriter) {
        w.beginObject()
        for k in map.keys.sorted() { w.member(k, map[k]!) }
        w.endObject()
    }

    static func results(_ page: StatementResultPage, selfURL: String, next: String, createdAt: Int64, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "sql/v1")
        w.member("kind", "StatementResult")
        w.key("metadata")
        w.beginObject()
        w.member("self", selfURL)
        w.key("created_at"); w.timestamp(epochMillis: createdAt)
        w.member("next", next)
        w.endObject()
        w.key("results")
        w.beginObject()
        w.key("data")
        w.beginArray()
        for r in page.rows {
            w.beginObject()
            w.member("op", r.op)
            w.key("row"); w.value(r.row)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endObject()
    }

    static func exceptions(_ list: [StatementException], selfURL: String, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "sql/v1")
        w.member("kind", "StatementExceptionList")
        w.key("metadata")
        w.beginObject()
        w.member("self", selfURL)
        w.endObject()
        w.key("data")
        w.beginArray()
        for e in list {
            w.beginObject()
            w.member("kind", "StatementException")
            w.member("name", e.name)
            w.member("message", e.message)
            w.key("timestamp"); w.timestamp(epochMillis: e.timestamp)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}

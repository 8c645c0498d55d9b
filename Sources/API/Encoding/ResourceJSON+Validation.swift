import ControlPlane
import Model

extension ResourceJSON {
    /// `POST …/jobs/validate`: `{"api_version","kind":"JobValidation","valid",…}` with the statements, the
    /// result schema, the changelog mode and the job graph; or `valid: false` with `errors` (the error
    /// envelope's objects, each with `source: {pointer: "/sql", line, column}`).
    public static func validation(_ r: SQLValidationReport, parallelism: Int, into w: inout JSONWriter) {
        w.beginObject()
        w.member("api_version", "flink/v1")
        w.member("kind", "JobValidation")
        w.member("valid", r.valid)
        w.member("parallelism", parallelism)
        if !r.valid {
            w.key("errors")
            w.beginArray()
            for e in r.errors { ErrorEnvelope.write(e, into: &w) }
            w.endArray()
            w.endObject()
            return
        }
        w.key("statements")
        w.beginArray()
        for s in r.statements {
            w.beginObject()
            w.member("kind", s.kind)
            if let table = s.table { w.member("table", table) }
            w.member("line", s.line)
            w.endObject()
        }
        w.endArray()
        w.key("schema")
        w.beginArray()
        for c in r.schema {
            w.beginObject()
            w.member("name", c.name)
            w.member("type", c.type)
            w.endObject()
        }
        w.endArray()
        w.member("changelog_mode", r.changelogMode)
        w.key("graph")
        if let g = r.graph { graph(g, into: &w) } else { w.null() }
        w.endObject()
    }

    /// A job graph: `{"nodes":[{id,uid,name,kind,parallelism}],"edges":[{source,target,input,ship_strategy}]}`.
    public static func graph(_ g: JobGraphInfo, into w: inout JSONWriter) {
        w.beginObject()
        w.key("nodes")
        w.beginArray()
        for n in g.nodes {
            w.beginObject()
            w.member("id", n.id)
            w.member("uid", n.uid)
            w.member("name", n.name)
            w.member("kind", n.kind)
            w.member("parallelism", n.parallelism)
            w.endObject()
        }
        w.endArray()
        w.key("edges"); edges(g.edges, into: &w)
        w.endObject()
    }

    /// Job graph edges: `[{source,target,input,ship_strategy}]` (validate report and the graph endpoint).
    static func edges(_ edges: [JobGraphInfo.Edge], into w: inout JSONWriter) {
        w.beginArray()
        for e in edges {
            w.beginObject()
            w.member("source", e.source)
            w.member("target", e.target)
            w.member("input", e.input)
            w.member("ship_strategy", e.shipStrategy)
            w.endObject()
        }
        w.endArray()
    }
}

import ControlPlane
import HTTP
import Model

/// CMF's resource information, license, Kubernetes clusters, and the Flink web UI forward
/// (`confluent flink application|statement web-ui-forward`): the CLI proxies a local port to
/// `…/{applications|statements}/{name}/flink-web-ui{path}`. FlinkCloud answers the page itself (the job's
/// status, with links) and the Flink REST calls a UI makes first (`jobs/overview`, `jobs/{jobid}`), from the
/// same data as its Flink REST API (`/flink-rest/v1`), limited to the resource's job.
extension APIService {
    func cmfResourceInformation() throws -> HTTPResponse {
        let n = try controlPlane.cmfResourceCounts()
        return json(200) { w in
            w.beginObject()
            w.member("apiVersion", CMFJSON.apiVersion)
            w.member("kind", "ResourceInformation")
            w.key("status")
            w.beginObject()
            w.member("environments", n.environments)
            w.member("applications", n.applications)
            w.member("statements", n.statements)
            w.member("computePools", n.computePools)
            w.member("secrets", n.secrets)
            w.member("catalogs", n.catalogs)
            w.member("runningJobs", n.runningJobs)
            w.endObject()
            w.endObject()
        }
    }

    /// FlinkCloud needs no license: reported VALID, type FREE_TIER, no expiration.
    func cmfLicense() -> HTTPResponse {
        json(200) { w in
            w.beginObject()
            w.member("kind", "C3LicenseInformation")
            w.key("status")
            w.beginObject()
            w.member("status", "VALID")
            w.member("licenseType", "FREE_TIER")
            w.key("expiration"); w.null()
            w.endObject()
            w.endObject()
        }
    }

    func cmfWebUI(_ c: Call, owner: CMFKind) throws -> HTTPResponse {
        let name = try c.path(owner == .application ? "app" : "stmt")
        let m = try controlPlane.cmfWebUIJob(environment: try c.path("env"), owner: owner, name: name)
        let id = FlinkIDs.job(m.job.id)
        let esc = FlinkRESTJSON.htmlEscape
        let html = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Flink job \(esc(m.job.name))</title></head>
        <body>
        <h1>\(esc(owner.wireKind)) \(esc(name))</h1>
        <p>Flink job <code>\(id)</code> (\(esc(m.job.name))), status <b>\(esc(FlinkRESTJSON.state(m.job.status)))</b>,
        parallelism \(m.job.parallelism), version \(m.job.currentVersion).</p>
        <ul>
        <li><a href="flink-web-ui/jobs/overview">jobs/overview</a></li>
        <li><a href="flink-web-ui/jobs/\(id)">jobs/\(id)</a></li>
        <li><a href="/#/jobs/\(esc(m.job.id))">FlinkCloud dashboard: metrics, checkpoints, graph, logs</a></li>
        </ul>
        </body></html>
        """
        var h = HTTPHeaders()
        h.set("Content-Type", "text/html; charset=utf-8")
        return HTTPResponse(status: 200, headers: h, body: Array(html.utf8))
    }

    func cmfWebUIJobs(_ c: Call, owner: CMFKind) throws -> HTTPResponse {
        let m = try controlPlane.cmfWebUIJob(environment: try c.path("env"), owner: owner,
                                             name: try c.path(owner == .application ? "app" : "stmt"))
        return json(200, capacity: 1024) { w in
            w.beginObject()
            w.key("jobs")
            w.beginArray()
            FlinkRESTJSON.jobDetails(m, into: &w)
            w.endArray()
            w.endObject()
        }
    }

    func cmfWebUIJob(_ c: Call, owner: CMFKind) throws -> HTTPResponse {
        let m = try controlPlane.cmfWebUIJob(environment: try c.path("env"), owner: owner,
                                             name: try c.path(owner == .application ? "app" : "stmt"))
        guard try c.path("jobid").lowercased() == FlinkIDs.job(m.job.id) else {
            throw APIError.notFound("Job \(try c.path("jobid")) is not the job of \(owner.noun) '\(m.job.name)'.")
        }
        return json(200, capacity: 4096) { FlinkRESTJSON.jobDetailsInfo(m, into: &$0) }
    }
}

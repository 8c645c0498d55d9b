import ControlPlane
import HTTP
import Model

extension APIService {
    func listStatements(_ c: Call) throws -> HTTPResponse {
        let org = try c.path("org"), envID = try c.path("env")
        let page = try c.page()
        let pool = c.query["spec.compute_pool_id"] ?? c.query["compute_pool_id"]
        let filter = StatementFilter(computePoolID: pool?.isEmpty == false ? pool : nil, labelSelector: c.query["label_selector"])
        let result = try controlPlane.statements(environmentID: envID, filter: filter, page: page)
        let env = ListEnvelope(apiVersion: "sql/v1", kind: "StatementList",
                               collectionURL: StatementJSON.collectionURL(base: c.base, org: org, env: envID), query: c.query)
        return json(200, capacity: 1024 + 1500 * result.items.count) { w in
            env.write(result, request: page, into: &w) { StatementJSON.statement($0, base: c.base, org: org, into: &$1) }
        }
    }

    func createStatement(_ c: Call) throws -> HTTPResponse {
        let org = try c.path("org"), envID = try c.path("env")
        let body = try c.body()
        let spec = try body.object("spec")
        let metadata = try body.object("metadata")
        let request = CreateStatementRequest(
            name: try body.string("name"), sql: try spec?.string("statement"),
            properties: Dictionary(try spec?.stringMap("properties") ?? [], uniquingKeysWith: { $1 }),
            computePoolID: try spec?.string("compute_pool_id"), principal: try spec?.string("principal"),
            stopped: try spec?.bool("stopped") ?? false,
            labels: Dictionary(try metadata?.stringMap("labels") ?? [], uniquingKeysWith: { $1 }))
        let s: FlinkStatement
        switch Result(catching: { () throws(APIError) -> FlinkStatement in
            try controlPlane.createStatement(environmentID: envID, request, by: c.principal)
        }) {
        case .success(let created): s = created
        case .failure(let e) where e.status == 409:
            // Confluent's 409 for a taken name carries the existing statement's Location.
            var h = HTTPHeaders()
            h.set("Location", StatementJSON.collectionURL(base: c.base, org: org, env: envID) + "/" + (request.name ?? ""))
            return ErrorEnvelope.response(e, requestID: c.request.requestID, headers: h)
        case .failure(let e): throw e
        }
        var h = HTTPHeaders()
        h.set("Location", StatementJSON.collectionURL(base: c.base, org: org, env: envID) + "/" + s.name)
        return json(201, headers: h, capacity: 2048) { StatementJSON.statement(s, base: c.base, org: org, into: &$0) }
    }

    func getStatement(_ c: Call) throws -> HTTPResponse {
        let org = try c.path("org")
        let s = try controlPlane.statement(environmentID: try c.path("env"), name: try c.path("name"))
        return json(200, capacity: 2048) { StatementJSON.statement(s, base: c.base, org: org, into: &$0) }
    }

    /// PUT: the whole statement back (read-only fields ignored); 202 with the statement, echoing the
    /// `resource_version` it was sent (cc-clients-python-lib compares them).
    func updateStatement(_ c: Call) throws -> HTTPResponse {
        let org = try c.path("org")
        let body = try c.body()
        let spec = try body.object("spec")
        let metadata = try body.object("metadata")
        let version = try expectedVersion(c, body)
        let request = UpdateStatementRequest(
            stopped: try spec?.bool("stopped"), principal: try spec?.string("principal"),
            computePoolID: try spec?.string("compute_pool_id"),
            labels: try metadata?.stringMap("labels").map { Dictionary($0, uniquingKeysWith: { $1 }) },
            resourceVersion: version)
        let s = try controlPlane.updateStatement(environmentID: try c.path("env"), name: try c.path("name"), request)
        return json(202, capacity: 2048) { StatementJSON.statement(s, base: c.base, org: org, resourceVersion: version, into: &$0) }
    }

    /// PATCH: a JSON Patch array (any content type; `op` case-insensitive); 200 with the statement.
    func patchStatement(_ c: Call) throws -> HTTPResponse {
        let org = try c.path("org")
        let parsed: JSONValue
        do { parsed = try JSONParser.parse(c.request.body) } catch {
            throw APIError.badRequest("The request body is not valid JSON: \(error)", code: "invalid_json")
        }
        let items: [JSONValue]
        switch parsed {
        case .array(let a): items = a
        case .object: items = [parsed]
        default: throw APIError.badRequest("A JSON Patch body is an array of operations.", code: "invalid_patch")
        }
        let ops = try items.enumerated().map { (i, v) throws(APIError) -> StatementPatchOperation in
            guard let op = v["op"]?.stringValue, let path = v["path"]?.stringValue else {
                throw APIError.badRequest("Patch operation \(i) needs 'op' and 'path'.", code: "invalid_patch", pointer: "/\(i)")
            }
            return StatementPatchOperation(op: op, path: path, value: v["value"])
        }
        let s = try controlPlane.patchStatement(environmentID: try c.path("env"), name: try c.path("name"), ops)
        return json(200, capacity: 2048) { StatementJSON.statement(s, base: c.base, org: org, into: &$0) }
    }

    func deleteStatement(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteStatement(environmentID: try c.path("env"), name: try c.path("name"))
        return HTTPResponse(status: 202)
    }

    func getStatementResults(_ c: Call) throws -> HTTPResponse {
        let org = try c.path("org"), envID = try c.path("env"), name = try c.path("name")
        let page = try controlPlane.statementResults(environmentID: envID, name: name, pageToken: c.query["page_token"])
        let selfURL = StatementJSON.collectionURL(base: c.base, org: org, env: envID) + "/" + name + "/results"
        let next = page.nextPageToken.map { selfURL + "?page_token=" + QueryParameters.encode($0) } ?? ""
        return json(200, capacity: 256 + 64 * page.rows.count) { w in
            StatementJSON.results(page, selfURL: selfURL, next: next, createdAt: controlPlane.clock.nowMillis(), into: &w)
        }
    }

    func listStatementExceptions(_ c: Call) throws -> HTTPResponse {
        let org = try c.path("org"), envID = try c.path("env"), name = try c.path("name")
        let list = try controlPlane.statementExceptions(environmentID: envID, name: name)
        let selfURL = StatementJSON.collectionURL(base: c.base, org: org, env: envID) + "/" + name + "/exceptions"
        return json(200, capacity: 1024) { StatementJSON.exceptions(list, selfURL: selfURL, into: &$0) }
    }
}


import ControlPlane
import HTTP
import Model

/// The CMF API (`/cmf/api/v1…`): same auth rule as every route (none with `--auth off`), CMF's error body,
/// JSON responses.
extension APIService {
    /// The handler to register for a CMF endpoint.
    public func cmfHandler(for endpoint: CMFEndpoint) -> HTTPHandler {
        { [self] request in handleCMF(endpoint, request) }
    }

    public func handleCMF(_ endpoint: CMFEndpoint, _ request: HTTPRequest) -> HTTPResponse {
        var principal = Principal.system
        if endpoint.requiresAuth && authRequired {
            guard let p = authenticate(request) else {
                return CMFErrorBody.response(.unauthenticated("Authentication required: send HTTP Basic credentials "
                                                                  + "(an API key), or start the server with --auth off."))
            }
            principal = p
        }
        let call = Call(request: request, query: QueryParameters(request.query), base: links.resolve(request),
                        principal: principal)
        do {
            return Self.cmfNegotiate(request, try dispatchCMF(endpoint, call))
        } catch let e as APIError {
            if e.status >= 500 { logger.error("request \(request.requestID) \(request.method) \(request.path): \(e.detail)") }
            return CMFErrorBody.response(e)
        } catch let e as JSONFieldError {
            return CMFErrorBody.response(APIError(e))
        } catch {
            logger.error("request \(request.requestID) \(request.method) \(request.path) failed unexpectedly: \(String(reflecting: error))")
            return CMFErrorBody.response(.internalError("An unexpected error occurred (request id \(request.requestID))."))
        }
    }

    func dispatchCMF(_ endpoint: CMFEndpoint, _ c: Call) throws -> HTTPResponse {
        switch endpoint {
        case .listEnvironments: return try cmfListEnvironments(c)
        case .upsertEnvironment: return try cmfUpsertEnvironment(c)
        case .getEnvironment: return try cmfGetEnvironment(c)
        case .deleteEnvironment: return try cmfDeleteEnvironment(c)
        case .listApplications: return try cmfListApplications(c)
        case .upsertApplication: return try cmfUpsertApplication(c)
        case .getApplication: return try cmfGetApplication(c)
        case .deleteApplication: return try cmfDeleteApplication(c)
        case .startApplication: return try cmfSetApplicationState(c, running: true)
        case .suspendApplication: return try cmfSetApplicationState(c, running: false)
        case .listApplicationInstances: return try cmfListInstances(c)
        case .getApplicationInstance: return try cmfGetInstance(c)
        case .listApplicationEvents: return try cmfListEvents(c)
        case .listApplicationSavepoints: return try cmfListSavepoints(c, owner: .application)
        case .createApplicationSavepoint: return try cmfCreateSavepoint(c, owner: .application)
        case .getApplicationSavepoint: return try cmfGetSavepoint(c, owner: .application)
        case .deleteApplicationSavepoint: return try cmfDeleteSavepoint(c, owner: .application)
        case .detachApplicationSavepoint: return try cmfDetachSavepoint(c)
        case .listStatements: return try cmfListStatements(c)
        case .createStatement: return try cmfCreateStatement(c)
        case .getStatement: return try cmfGetStatement(c)
        case .updateStatement: return try cmfUpdateStatement(c)
        case .deleteStatement: return try cmfDeleteStatement(c)
        case .getStatementResults: return try cmfStatementResults(c)
        case .getStatementExceptions: return try cmfStatementExceptions(c)
        case .listStatementSavepoints: return try cmfListSavepoints(c, owner: .statement)
        case .createStatementSavepoint: return try cmfCreateSavepoint(c, owner: .statement)
        case .getStatementSavepoint: return try cmfGetSavepoint(c, owner: .statement)
        case .deleteStatementSavepoint: return try cmfDeleteSavepoint(c, owner: .statement)
        case .listComputePools: return try cmfListComputePools(c)
        case .createComputePool: return try cmfCreateComputePool(c)
        case .getComputePool: return try cmfGetComputePool(c)
        case .updateComputePool: return try cmfUpdateComputePool(c)
        case .deleteComputePool: return try cmfDeleteComputePool(c)
        case .listSecretMappings: return try cmfListDocuments(c, .secretMapping, try envScope(c))
        case .createSecretMapping: return try cmfCreateDocument(c, .secretMapping, try envScope(c))
        case .getSecretMapping: return try cmfGetDocument(c, .secretMapping, try envScope(c), "mapping")
        case .updateSecretMapping: return try cmfUpdateDocument(c, .secretMapping, try envScope(c), "mapping")
        case .deleteSecretMapping: return try cmfDeleteDocument(c, .secretMapping, try envScope(c), "mapping")
        case .listSecrets: return try cmfListDocuments(c, .secret, .global)
        case .createSecret: return try cmfCreateDocument(c, .secret, .global)
        case .getSecret: return try cmfGetDocument(c, .secret, .global, "secret")
        case .updateSecret: return try cmfUpdateDocument(c, .secret, .global, "secret")
        case .deleteSecret: return try cmfDeleteDocument(c, .secret, .global, "secret")
        case .listKafkaCatalogs: return try cmfListDocuments(c, .kafkaCatalog, .global)
        case .createKafkaCatalog: return try cmfCreateDocument(c, .kafkaCatalog, .global)
        case .getKafkaCatalog: return try cmfGetDocument(c, .kafkaCatalog, .global, "catalog")
        case .updateKafkaCatalog: return try cmfUpdateDocument(c, .kafkaCatalog, .global, "catalog", emptyReply: true)
        case .deleteKafkaCatalog: return try cmfDeleteDocument(c, .kafkaCatalog, .global, "catalog")
        case .listKafkaDatabases: return try cmfListDocuments(c, .kafkaDatabase, .catalog(try c.path("catalog")))
        case .createKafkaDatabase: return try cmfCreateDocument(c, .kafkaDatabase, .catalog(try c.path("catalog")))
        case .getKafkaDatabase: return try cmfGetDocument(c, .kafkaDatabase, .catalog(try c.path("catalog")), "database")
        case .updateKafkaDatabase:
            return try cmfUpdateDocument(c, .kafkaDatabase, .catalog(try c.path("catalog")), "database", emptyReply: true)
        case .deleteKafkaDatabase: return try cmfDeleteDocument(c, .kafkaDatabase, .catalog(try c.path("catalog")), "database")
        case .listDetachedSavepoints: return try cmfListDetachedSavepoints(c)
        case .createDetachedSavepoint: return try cmfCreateDetachedSavepoint(c)
        case .getDetachedSavepoint: return try cmfGetDetachedSavepoint(c)
        case .deleteDetachedSavepoint: return try cmfDeleteDetachedSavepoint(c)
        case .getSystemInformation: return cmfSystemInformation()
        case .getResourceInformation: return try cmfResourceInformation()
        case .getLicense: return cmfLicense()
        case .listKubernetesClusters:
            let page = try controlPlane.cmfKubernetesClusters(page: try cmfPage(c))
            return try cmfList(page, c) { CMFJSON.resource($0, into: &$1) }
        case .getKubernetesCluster:
            let r = try controlPlane.cmfKubernetesCluster(name: try c.path("cluster"))
            return json(200) { CMFJSON.resource(r, into: &$0) }
        case .updateKubernetesCluster:
            let r = try controlPlane.updateCMFKubernetesCluster(name: try c.path("cluster"), try cmfBody(c))
            return json(200) { CMFJSON.resource(r, into: &$0) }
        case .applicationWebUI: return try cmfWebUI(c, owner: .application)
        case .applicationWebUIJobs: return try cmfWebUIJobs(c, owner: .application)
        case .applicationWebUIJob: return try cmfWebUIJob(c, owner: .application)
        case .statementWebUI: return try cmfWebUI(c, owner: .statement)
        case .statementWebUIJobs: return try cmfWebUIJobs(c, owner: .statement)
        case .statementWebUIJob: return try cmfWebUIJob(c, owner: .statement)
        }
    }

    // MARK: shared

    /// The request body as a JSON object; `Content-Type: application/yaml` (or `text/yaml`, `application/x-yaml`)
    /// bodies are read as YAML (`YAMLReader`), like CMF's `curl --data-binary @app.yaml`.
    func cmfBody(_ c: Call) throws -> JSONObject {
        if let type = c.request.headers["Content-Type"]?.lowercased(), type.contains("yaml") {
            let value: JSONValue
            do {
                value = try YAMLReader.parse(String(decoding: c.request.body, as: UTF8.self))
            } catch {
                throw APIError.badRequest("The YAML body could not be read: \(error.description)", code: "malformed_yaml")
            }
            guard case .object(let object) = value else {
                throw APIError.badRequest("The request body must be a YAML mapping (an object).", code: "malformed_yaml")
            }
            return object
        }
        return try c.body().object
    }

    /// A JSON answer rewritten as YAML when the client asks for YAML only (`Accept: application/yaml`).
    static func cmfNegotiate(_ request: HTTPRequest, _ response: HTTPResponse) -> HTTPResponse {
        guard let accept = request.headers["Accept"]?.lowercased(), accept.contains("yaml"), !accept.contains("json"),
              case .bytes(let bytes) = response.body, !bytes.isEmpty,
              response.headers["Content-Type"]?.contains("json") == true,
              let value = try? JSONParser.parse(bytes) else { return response }
        var out = response
        out.body = .bytes(Array(YAMLWriter.render(value).utf8))
        out.headers.set("Content-Type", "application/yaml")
        out.headers.remove("Content-Length")
        return out
    }

    func envScope(_ c: Call) throws -> ControlPlane.CMFScope { .environment(try c.path("env")) }

    /// The page to ask the control plane for: the requested one, or — with `filter`/`search`/`sort`, applied
    /// here to the documents — the first `CMFPageRequest.maxSize` items.
    func cmfPage(_ c: Call) throws -> CMFPageRequest {
        let request = try CMFList.request(c.query)
        return try CMFListQuery(c.query).isActive ? CMFPageRequest(page: 0, size: CMFPageRequest.maxSize) : request
    }

    func cmfList<Item>(_ page: CMFPage<Item>, _ c: Call, pageable: Bool = true,
                       item: (Item, inout JSONWriter) -> Void) throws -> HTTPResponse {
        let query = try CMFListQuery(c.query)
        guard query.isActive else {
            return json(200, capacity: 512 + 1024 * page.items.count) { w in CMFList.write(page, pageable: pageable, into: &w, item: item) }
        }
        let docs = page.items.compactMap { i -> JSONValue? in
            var w = JSONWriter(capacity: 1024)
            item(i, &w)
            return try? JSONParser.parse(w.bytes)
        }
        let matched = query.apply(docs)
        let request = try CMFList.request(c.query)
        let slice = Array(matched.dropFirst(min(request.offset, matched.count)).prefix(request.size))
        let out = CMFPage(items: slice, request: request, total: matched.count)
        return json(200, capacity: 512 + 1024 * slice.count) { w in
            CMFList.write(out, pageable: pageable, sorted: !query.sort.isEmpty, into: &w) { v, w in w.value(v) }
        }
    }

    /// An empty 200 with a JSON content type would make the CLI's SDK try to decode it; send none.
    func cmfEmpty(_ status: Int = 200) -> HTTPResponse { HTTPResponse(status: status) }

    // MARK: environments

    func cmfListEnvironments(_ c: Call) throws -> HTTPResponse {
        let page = try controlPlane.cmfEnvironments(page: try cmfPage(c))
        return try cmfList(page, c) { CMFJSON.environment($0, into: &$1) }
    }

    func cmfUpsertEnvironment(_ c: Call) throws -> HTTPResponse {
        let env = try controlPlane.upsertCMFEnvironment(try cmfBody(c))
        return json(200) { CMFJSON.environment(env, into: &$0) }
    }

    func cmfGetEnvironment(_ c: Call) throws -> HTTPResponse {
        let env = try controlPlane.cmfEnvironment(name: try c.path("env"))
        return json(200) { CMFJSON.environment(env, into: &$0) }
    }

    func cmfDeleteEnvironment(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteCMFEnvironment(name: try c.path("env"))
        return noContent()
    }

    // MARK: system information

    func cmfSystemInformation() -> HTTPResponse {
        json(200) { w in
            w.beginObject()
            w.key("status")
            w.beginObject()
            w.member("version", CMFSystemInformation.version)
            w.member("revision", CMFSystemInformation.revision)
            w.endObject()
            w.endObject()
        }
    }
}

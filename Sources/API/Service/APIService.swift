import ControlPlane
import HTTP
import Model

/// Answers every `Endpoint`: authenticates, decodes, makes one control-plane call, encodes.
/// Every failure leaves as Confluent's error envelope; unexpected errors are logged with the request id
/// and answered 500 in the envelope.
public final class APIService: Sendable {
    let controlPlane: ControlPlane
    let authRequired: Bool
    let links: BaseURL
    let logger: Logger
    /// Encoded answers of hot GETs (see `cachedGET`).
    let responseCache = EncodedResponseCache()

    /// With `authRequired`, every endpoint but /health and /ready needs HTTP Basic with a key the
    /// control plane knows (the server registers its admin key there at start).
    public init(controlPlane: ControlPlane, authRequired: Bool, links: BaseURL, logger: Logger) {
        self.controlPlane = controlPlane
        self.authRequired = authRequired
        self.links = links
        self.logger = logger
    }

    /// The handler to register for `endpoint`.
    public func handler(for endpoint: Endpoint) -> HTTPHandler {
        { [self] request in handle(endpoint, request) }
    }

    public func handle(_ endpoint: Endpoint, _ request: HTTPRequest) -> HTTPResponse {
        let requestID = request.requestID
        var principal = Principal.system
        if endpoint.requiresAuth && authRequired {
            guard let p = authenticate(request) else {
                if endpoint.isKafkaREST { return KafkaErrorBody.response(.kafka(401, 40101, "Authentication failed")) }
                var response = ErrorEnvelope.response(.unauthenticated(), requestID: requestID)
                // A script's request (the dashboard's): no Basic challenge, or the browser would prompt.
                if request.headers["X-Requested-With"] == "XMLHttpRequest" { response.headers.remove("WWW-Authenticate") }
                return response
            }
            principal = p
        }
        let call = Call(request: request, query: QueryParameters(request.query), base: links.resolve(request),
                        principal: principal)
        do {
            return try dispatch(endpoint, call)
        } catch let e as APIError {
            if e.status >= 500 { logger.error("request \(requestID) \(request.method) \(request.path): \(e.detail)") }
            return errorResponse(e, endpoint, requestID: requestID)
        } catch let e as JSONFieldError {
            return errorResponse(APIError(e), endpoint, requestID: requestID)
        } catch {
            logger.error("request \(requestID) \(request.method) \(request.path) failed unexpectedly: \(String(reflecting: error))")
            return errorResponse(.internalError("An unexpected error occurred (request id \(requestID))."), endpoint,
                                 requestID: requestID)
        }
    }

    /// Confluent's envelope, or Kafka REST's `{"error_code","message"}` on the Kafka routes.
    func errorResponse(_ e: APIError, _ endpoint: Endpoint, requestID: String) -> HTTPResponse {
        endpoint.isKafkaREST ? KafkaErrorBody.response(KafkaErrorBody.kafkaShaped(e))
            : ErrorEnvelope.response(e, requestID: requestID)
    }

    /// HTTP Basic with an API key, or `Bearer <JWT>` this server issued (verified: signature, expiry, key).
    func authenticate(_ request: HTTPRequest) -> Principal? {
        let header = request.headers["Authorization"]
        if let header, header.utf8.count > 7, header.prefix(7).lowercased() == "bearer " {
            return controlPlane.verifyToken(String(header.dropFirst(7).drop { $0 == " " }))
        }
        guard let creds = BasicCredentials(authorization: header) else { return nil }
        return controlPlane.verifyApiKey(id: creds.key, secret: creds.secret)
    }

    func dispatch(_ endpoint: Endpoint, _ c: Call) throws -> HTTPResponse {
        switch endpoint {
        case .health: return health()
        case .ready: return ready()
        case .listOrganizations: return try listOrganizations(c)
        case .getOrganization: return try getOrganization(c)
        case .listEnvironments: return try listEnvironments(c)
        case .createEnvironment: return try createEnvironment(c)
        case .getEnvironment: return try getEnvironment(c)
        case .updateEnvironment: return try updateEnvironment(c)
        case .deleteEnvironment: return try deleteEnvironment(c)
        case .listComputePools: return try listComputePools(c)
        case .createComputePool: return try createComputePool(c)
        case .getComputePool: return try getComputePool(c)
        case .updateComputePool: return try updateComputePool(c)
        case .deleteComputePool: return try deleteComputePool(c)
        case .listRegions: return try listRegions(c)
        case .listJobs: return try listJobs(c)
        case .createJob: return try createJob(c)
        case .validateJob: return try validateJob(c)
        case .getJob: return try getJob(c)
        case .updateJob: return try updateJob(c)
        case .deleteJob: return try deleteJob(c)
        case .stopJob: return try stopJob(c)
        case .resumeJob: return try resumeJob(c)
        case .listJobVersions: return try listJobVersions(c)
        case .getJobVersion: return try getJobVersion(c)
        case .compareJobVersions: return try compareJobVersions(c)
        case .rollbackJob: return try rollbackJob(c)
        case .getJobCheckpoints: return try getJobCheckpoints(c)
        case .getJobCheckpointConfig: return try getJobCheckpointConfig(c)
        case .triggerJobSavepoint: return try triggerJobSavepoint(c)
        case .listJobSavepoints: return try listJobSavepoints(c)
        case .getJobSavepoint: return try getJobSavepoint(c)
        case .listApiKeys: return try listApiKeys(c)
        case .createApiKey: return try createApiKey(c)
        case .getApiKey: return try getApiKey(c)
        case .deleteApiKey: return try deleteApiKey(c)
        case .listKafkaClusters: return try listKafkaClusters(c)
        case .getKafkaCluster: return try getKafkaCluster(c)
        case .listTopics: return try listTopics(c)
        case .createTopic: return try createTopic(c)
        case .getTopic: return try getTopic(c)
        case .deleteTopic: return try deleteTopic(c)
        case .listPartitions: return try listPartitions(c)
        case .getPartition: return try getPartition(c)
        case .produceRecords: return try produceRecords(c)
        case .readTopicRecords: return try readTopicRecords(c)
        case .readPartitionRecords: return try readPartitionRecords(c)
        case .listStatements: return try listStatements(c)
        case .createStatement: return try createStatement(c)
        case .getStatement: return try getStatement(c)
        case .updateStatement: return try updateStatement(c)
        case .patchStatement: return try patchStatement(c)
        case .deleteStatement: return try deleteStatement(c)
        case .getStatementResults: return try getStatementResults(c)
        case .listStatementExceptions: return try listStatementExceptions(c)
        case .loginRealm: return try loginRealm(c)
        case .createSession: return try createSession(c)
        case .getMe: return try getMe(c)
        case .createAccessToken: return try createAccessToken(c)
        case .listEndpoints: return try listEndpoints(c)
        case .listCmkClusters: return try listCmkClusters(c)
        case .getCmkCluster: return try getCmkCluster(c)
        case .jobLogs: return try jobLogs(c)
        case .jobMetrics: return try jobMetrics(c)
        case .jobGraph: return try jobGraph(c)
        case .prometheusMetrics: return try prometheusMetrics(c)
        case .flinkJobs: return try flinkJobs(c)
        case .flinkJobsOverview: return try flinkJobsOverview(c)
        case .flinkJob: return try flinkJob(c)
        case .flinkJobPlan: return try flinkJobPlan(c)
        case .flinkJobCheckpoints: return try flinkJobCheckpoints(c)
        case .flinkJobExceptions: return try flinkJobExceptions(c)
        case .dashboard: return DashboardAssets.response(.html)
        case .dashboardScript: return DashboardAssets.response(.script)
        case .dashboardStyle: return DashboardAssets.response(.style)
        }
    }

    // MARK: health

    func health() -> HTTPResponse {
        json(200) { w in w.beginObject(); w.member("status", "UP"); w.endObject() }
    }

    func ready() -> HTTPResponse {
        let ok = controlPlane.isReady
        return json(ok ? 200 : 503) { w in w.beginObject(); w.member("status", ok ? "READY" : "STARTING"); w.endObject() }
    }
}

/// One request as handlers see it.
struct Call {
    let request: HTTPRequest
    let query: QueryParameters
    /// Absolute origin for links, e.g. `http://127.0.0.1:8080`.
    let base: String
    let principal: Principal

    func path(_ name: String) throws(APIError) -> String {
        guard let v = request.pathParameters[name], !v.isEmpty else {
            throw .badParameter("Missing path parameter '\(name)'", parameter: name)
        }
        return v
    }

    func body(allowEmpty: Bool = false) throws(APIError) -> JSONFields {
        do {
            return try JSONFields.decode(body: request.body, allowEmpty: allowEmpty)
        } catch {
            throw APIError(error)
        }
    }

    func page() throws(APIError) -> PageRequest { try PageRequest(query: query) }
}

/// Builds a JSON response with the writer.
func json(_ status: Int, headers: HTTPHeaders = HTTPHeaders(), capacity: Int = 512,
          _ build: (inout JSONWriter) -> Void) -> HTTPResponse {
    var w = JSONWriter(capacity: capacity)
    build(&w)
    var h = headers
    h.set("Content-Type", "application/json")
    return HTTPResponse(status: status, headers: h, body: w.bytes)
}

func noContent() -> HTTPResponse { HTTPResponse(status: 204) }

import ControlPlane
import HTTP
import Model

/// The "console" endpoints the real Confluent CLI logs in through (reference §6.4).
extension APIService {
    /// `GET /api/login/realm`: never SSO.
    func loginRealm(_ c: Call) throws -> HTTPResponse {
        json(200) { w in
            w.beginObject()
            w.member("realm", "")
            w.member("is_sso", false)
            w.member("mfa_required", false)
            w.endObject()
        }
    }

    /// `POST /api/sessions`: `{"email": API key, "password": secret}` or `{"refreshToken": …}` → exactly 200.
    func createSession(_ c: Call) throws -> HTTPResponse {
        let body = try c.body()
        let session: AuthSession
        if let refresh = try body.string("refreshToken") ?? body.string("refresh_token"), !refresh.isEmpty {
            session = try controlPlane.refreshSession(refreshToken: refresh)
        } else {
            guard let email = try body.string("email"), let password = try body.string("password") else {
                throw APIError.badRequest("Send {\"email\": <API key>, \"password\": <API secret>}.", code: "missing_field",
                                          pointer: "/email")
            }
            session = try controlPlane.createSession(apiKey: email, secret: password)
        }
        return json(200, capacity: 2048) { w in
            w.beginObject()
            w.member("token", session.token)
            w.member("refresh_token", session.refreshToken)
            w.key("user"); Self.user(session.me, into: &w)
            w.key("organization"); Self.organization(session.me, into: &w)
            w.endObject()
        }
    }

    /// `GET /api/me` (Bearer session token): user, organization, environments as accounts.
    func getMe(_ c: Call) throws -> HTTPResponse {
        let me = try controlPlane.identity(of: c.principal)
        return json(200, capacity: 2048) { w in
            w.beginObject()
            w.key("user"); Self.user(me, into: &w)
            w.key("organization"); Self.organization(me, into: &w)
            w.key("accounts")
            w.beginArray()
            for env in me.environments {
                w.beginObject()
                w.member("id", env.id)
                w.member("name", env.displayName)
                w.member("org_resource_id", env.organizationID)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
    }

    /// `POST …/api/access_tokens` (Bearer session token): the data-plane JWT for sql/v1.
    func createAccessToken(_ c: Call) throws -> HTTPResponse {
        let token = controlPlane.dataPlaneToken(for: c.principal)
        return json(200) { w in
            w.beginObject()
            w.member("token", token)
            w.member("error", "")
            w.endObject()
        }
    }

    static func user(_ me: AuthIdentity, into w: inout JSONWriter) {
        w.beginObject()
        w.member("id", 1)
        w.member("email", me.apiKeyID)
        w.member("first_name", "FlinkCloud")
        w.member("last_name", "User")
        w.member("resource_id", me.userResourceID)
        w.member("organization_id", 1)
        w.member("auth_type", "AUTH_TYPE_LOCAL")
        w.endObject()
    }

    static func organization(_ me: AuthIdentity, into w: inout JSONWriter) {
        w.beginObject()
        w.member("id", 1)
        w.member("name", me.organization.displayName)
        w.member("resource_id", me.organization.id)
        w.endObject()
    }

    // MARK: directory endpoints the CLI resolves URLs with

    /// `GET /endpoint/v1/endpoints`: this server is the Flink REST endpoint of every environment.
    func listEndpoints(_ c: Call) throws -> HTTPResponse {
        let page = try c.page()
        if let service = c.query["service"], !service.isEmpty, service.uppercased() != "FLINK" {
            let env = ListEnvelope(apiVersion: "endpoint/v1", kind: "EndpointList", collectionURL: c.base + "/endpoint/v1/endpoints",
                                   query: c.query)
            return json(200) { w in env.write(Page<Int>(items: [], nextPageToken: nil, totalSize: 0), request: page, into: &w) { _, _ in } }
        }
        var envIDs = try controlPlane.environments(page: PageRequest(pageSize: PageRequest.maxSize)).items.map(\.id)
        if let e = c.query["environment"], !e.isEmpty { envIDs = envIDs.filter { $0 == e } }
        let regions = controlPlane.regions(cloud: c.query["cloud"].map { $0.uppercased() }, regionName: c.query["region"])
        var items: [(env: String, region: Region)] = []
        for e in envIDs { for r in regions { items.append((e, r)) } }
        let env = ListEnvelope(apiVersion: "endpoint/v1", kind: "EndpointList", collectionURL: c.base + "/endpoint/v1/endpoints",
                               query: c.query)
        let result = Page(items: items, nextPageToken: nil, totalSize: items.count)
        return json(200, capacity: 512 + 400 * items.count) { w in
            env.write(result, request: page, into: &w) { item, w in
                w.beginObject()
                w.member("api_version", "endpoint/v1")
                w.member("kind", "Endpoint")
                w.member("id", "flink-" + item.env + "-" + item.region.id)
                w.member("service", "FLINK")
                w.member("cloud", item.region.cloud)
                w.member("region", item.region.regionName)
                w.member("endpoint", c.base)
                w.member("endpoint_type", "REST")
                w.member("is_private", false)
                w.member("connection_type", "PUBLIC")
                w.key("environment")
                w.beginObject()
                w.member("id", item.env)
                w.endObject()
                w.endObject()
            }
        }
    }

    /// `GET /cmk/v2/clusters?environment=`: the environment's embedded Kafka cluster, http_endpoint = this server.
    func listCmkClusters(_ c: Call) throws -> HTTPResponse {
        let page = try c.page()
        var clusters: [KafkaCluster]
        if let e = c.query["environment"], !e.isEmpty {
            clusters = try controlPlane.kafkaClusters(environmentID: e)
        } else {
            clusters = try controlPlane.allKafkaClusters()
        }
        if let name = c.query["spec.display_name"], !name.isEmpty { clusters = clusters.filter { $0.displayName == name } }
        let env = ListEnvelope(apiVersion: "cmk/v2", kind: "ClusterList", collectionURL: c.base + "/cmk/v2/clusters", query: c.query)
        let result = Page(items: clusters, nextPageToken: nil, totalSize: clusters.count)
        let org = controlPlane.defaults.organizationID
        return json(200, capacity: 512 + 900 * clusters.count) { w in
            env.write(result, request: page, into: &w) { Self.cmkCluster($0, org: org, base: c.base, into: &$1) }
        }
    }

    func getCmkCluster(_ c: Call) throws -> HTTPResponse {
        let cluster = try controlPlane.kafkaCluster(id: try c.path("id"))
        if let e = c.query["environment"], !e.isEmpty, e != cluster.environmentID {
            throw APIError.notFound("Kafka cluster '\(cluster.id)' was not found in environment '\(e)'.")
        }
        return json(200, capacity: 1024) { Self.cmkCluster(cluster, org: controlPlane.defaults.organizationID, base: c.base, into: &$0) }
    }

    static func cmkCluster(_ k: KafkaCluster, org: String, base: String, into w: inout JSONWriter) {
        let envCRN = "crn://confluent.cloud/organization=" + org + "/environment=" + k.environmentID
        w.beginObject()
        w.member("api_version", "cmk/v2")
        w.member("kind", "Cluster")
        w.member("id", k.id)
        w.key("metadata")
        w.beginObject()
        w.member("self", base + "/cmk/v2/clusters/" + k.id)
        w.member("resource_name", envCRN + "/cloud-cluster=" + k.id + "/kafka=" + k.id)
        w.key("created_at"); w.timestamp(epochMillis: k.createdAt)
        w.key("updated_at"); w.timestamp(epochMillis: k.updatedAt)
        w.endObject()
        w.key("spec")
        w.beginObject()
        w.member("display_name", k.displayName)
        w.member("availability", "SINGLE_ZONE")
        w.member("cloud", k.cloud)
        w.member("region", k.region)
        w.key("config"); w.beginObject(); w.member("kind", "Basic"); w.endObject()
        w.member("kafka_bootstrap_endpoint", "SASL_SSL://" + (base.split(separator: "/").last.map(String.init) ?? "127.0.0.1:9092"))
        w.member("http_endpoint", base)
        w.member("api_endpoint", base)
        w.key("environment")
        w.beginObject()
        w.member("id", k.environmentID)
        w.member("related", base + "/org/v2/environments/" + k.environmentID)
        w.member("resource_name", envCRN)
        w.endObject()
        w.endObject()
        w.key("status"); w.beginObject(); w.member("phase", "PROVISIONED"); w.endObject()
        w.endObject()
    }
}

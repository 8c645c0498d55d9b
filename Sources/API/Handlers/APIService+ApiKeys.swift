import ControlPlane
import HTTP
import Model

extension APIService {
    func listApiKeys(_ c: Call) throws -> HTTPResponse {
        let page = try c.page()
        let result = try controlPlane.apiKeys(page: page)
        let org = controlPlane.defaults.organizationID
        let env = ListEnvelope(apiVersion: "iam/v2", kind: "ApiKeyList", collectionURL: c.base + "/iam/v2/api-keys", query: c.query)
        return json(200, capacity: 2048) { w in
            env.write(result, request: page, into: &w) { ResourceJSON.apiKey($0, organizationID: org, base: c.base, into: &$1) }
        }
    }

    func createApiKey(_ c: Call) throws -> HTTPResponse {
        let body = try c.body(allowEmpty: true)
        let spec = try body.object("spec")
        let description = try spec?.string("description") ?? spec?.string("display_name") ?? ""
        let owner = try spec?.object("owner")?.string("id")
        let key = try controlPlane.createApiKey(CreateApiKeyRequest(owner: owner, description: description))
        let org = controlPlane.defaults.organizationID
        return json(202) { ResourceJSON.apiKey(key, organizationID: org, base: c.base, into: &$0) }
    }

    func getApiKey(_ c: Call) throws -> HTTPResponse {
        let key = try controlPlane.apiKey(id: try c.path("id"))
        let org = controlPlane.defaults.organizationID
        return json(200) { ResourceJSON.apiKey(key, organizationID: org, base: c.base, into: &$0) }
    }

    func deleteApiKey(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteApiKey(id: try c.path("id"))
        return noContent()
    }
}

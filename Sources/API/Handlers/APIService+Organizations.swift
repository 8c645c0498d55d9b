import ControlPlane
import HTTP
import Model

extension APIService {
    func listOrganizations(_ c: Call) throws -> HTTPResponse {
        let page = try c.page()
        let all = try controlPlane.organizations()
        let result = Page(items: all, nextPageToken: nil, totalSize: all.count)
        let env = ListEnvelope(apiVersion: "org/v2", kind: "OrganizationList",
                               collectionURL: c.base + "/org/v2/organizations", query: c.query, tokenFirst: true)
        return json(200) { w in env.write(result, request: page, into: &w) { ResourceJSON.organization($0, base: c.base, into: &$1) } }
    }

    func getOrganization(_ c: Call) throws -> HTTPResponse {
        let id = try c.path("id")
        guard let org = try controlPlane.organizations().first(where: { $0.id == id }) else {
            throw APIError.notFound("Organization '\(id)' was not found.")
        }
        return json(200) { ResourceJSON.organization(org, base: c.base, into: &$0) }
    }
}

import HTTP
import Model

extension APIService {
    /// The `environment` query parameter Confluent requires on list/get/delete.
    func requiredEnvironment(_ c: Call) throws(APIError) -> String {
        guard let env = c.query["environment"], !env.isEmpty else {
            throw .badParameter("Query parameter 'environment' is required", parameter: "environment")
        }
        return env
    }

    func listComputePools(_ c: Call) throws -> HTTPResponse {
        let page = try c.page()
        let result = try controlPlane.listComputePools(environmentID: try requiredEnvironment(c), page: page)
        let org = controlPlane.organizationID()
        let env = ListEnvelope(apiVersion: "fcpm/v2", kind: "ComputePoolList",
                               collectionURL: c.base + "/fcpm/v2/compute-pools", query: c.query)
        return json(200, capacity: 4096) { w in
            env.write(result, request: page, into: &w) { ResourceJSON.computePool($0, organizationID: org, base: c.base, into: &$1) }
        }
    }

    func createComputePool(_ c: Call) throws -> HTTPResponse {
        let body = try c.body()
        let spec = try body.requiredObject("spec")
        let envRef = try spec.requiredObject("environment")
        let input = ComputePoolInput(environmentID: try envRef.requiredString("id"),
                                     displayName: try spec.requiredString("display_name"),
                                     cloud: try spec.string("cloud"), region: try spec.string("region"),
                                     maxCFU: try spec.requiredInt("max_cfu"))
        let pool = try controlPlane.createComputePool(input, by: c.principal)
        var h = HTTPHeaders()
        h.set("Location", ResourceJSON.computePoolURL(pool.id, base: c.base))
        let org = controlPlane.organizationID()
        return json(202, headers: h) { ResourceJSON.computePool(pool, organizationID: org, base: c.base, into: &$0) }
    }

    func getComputePool(_ c: Call) throws -> HTTPResponse {
        let pool = try controlPlane.computePool(id: try c.path("id"), environmentID: try requiredEnvironment(c))
        let org = controlPlane.organizationID()
        return json(200) { ResourceJSON.computePool(pool, organizationID: org, base: c.base, into: &$0) }
    }

    func updateComputePool(_ c: Call) throws -> HTTPResponse {
        let body = try c.body()
        let spec = try body.requiredObject("spec")
        let envID = try spec.object("environment")?.string("id") ?? c.query["environment"]
        let pool = try controlPlane.updateComputePool(id: try c.path("id"), environmentID: envID,
                                                      displayName: try spec.string("display_name"),
                                                      maxCFU: try spec.int("max_cfu"),
                                                      expectedResourceVersion: try expectedVersion(c, body),
                                                      by: c.principal)
        let org = controlPlane.organizationID()
        return json(200) { ResourceJSON.computePool(pool, organizationID: org, base: c.base, into: &$0) }
    }

    func deleteComputePool(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteComputePool(id: try c.path("id"), environmentID: try requiredEnvironment(c), by: c.principal)
        return noContent()
    }

    func listRegions(_ c: Call) throws -> HTTPResponse {
        let page = try c.page()
        let all = try controlPlane.listRegions(cloud: c.query["cloud"], regionName: c.query["region_name"])
        let result = Page(items: all, nextPageToken: nil, totalSize: all.count)
        let env = ListEnvelope(apiVersion: "fcpm/v2", kind: "RegionList", collectionURL: c.base + "/fcpm/v2/regions", query: c.query)
        return json(200) { w in env.write(result, request: page, into: &w) { ResourceJSON.region($0, base: c.base, into: &$1) } }
    }
}

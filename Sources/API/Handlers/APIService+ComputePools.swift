import ControlPlane
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
        let result = try controlPlane.computePools(environmentID: try requiredEnvironment(c), page: page)
        let org = controlPlane.defaults.organizationID
        let env = ListEnvelope(apiVersion: "fcpm/v2", kind: "ComputePoolList",
                               collectionURL: c.base + "/fcpm/v2/compute-pools", query: c.query)
        return json(200, capacity: 4096) { w in
            env.write(result, request: page, into: &w) { ResourceJSON.computePool($0, organizationID: org, base: c.base, into: &$1) }
        }
    }

    func createComputePool(_ c: Call) throws -> HTTPResponse {
        let body = try c.body()
        let spec = try body.requiredObject("spec")
        let request = CreateComputePoolRequest(environmentID: try spec.object("environment")?.string("id"),
                                               displayName: try spec.string("display_name"),
                                               cloud: try spec.string("cloud"), region: try spec.string("region"),
                                               maxCFU: try spec.int("max_cfu"), isDefault: try spec.bool("default_pool"))
        let pool = try controlPlane.createComputePool(request)
        var h = HTTPHeaders()
        h.set("Location", ResourceJSON.computePoolURL(pool.id, base: c.base))
        let org = controlPlane.defaults.organizationID
        return json(202, headers: h) { ResourceJSON.computePool(pool, organizationID: org, base: c.base, into: &$0) }
    }

    func getComputePool(_ c: Call) throws -> HTTPResponse {
        let pool = try controlPlane.computePool(id: try c.path("id"), environmentID: try requiredEnvironment(c))
        let org = controlPlane.defaults.organizationID
        return json(200) { ResourceJSON.computePool(pool, organizationID: org, base: c.base, into: &$0) }
    }

    func updateComputePool(_ c: Call) throws -> HTTPResponse {
        let body = try c.body()
        let spec = try body.requiredObject("spec")
        let envID = try spec.object("environment")?.string("id") ?? c.query["environment"]
        let request = UpdateComputePoolRequest(displayName: try spec.string("display_name"), maxCFU: try spec.int("max_cfu"),
                                               resourceVersion: try expectedVersion(c, body))
        let pool = try controlPlane.updateComputePool(id: try c.path("id"), environmentID: envID, request)
        let org = controlPlane.defaults.organizationID
        return json(200) { ResourceJSON.computePool(pool, organizationID: org, base: c.base, into: &$0) }
    }

    func deleteComputePool(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteComputePool(id: try c.path("id"), environmentID: try requiredEnvironment(c))
        return noContent()
    }

    func listRegions(_ c: Call) throws -> HTTPResponse {
        let page = try c.page()
        let all = controlPlane.regions(cloud: c.query["cloud"], regionName: c.query["region_name"])
        let result = Page(items: all, nextPageToken: nil, totalSize: all.count)
        let env = ListEnvelope(apiVersion: "fcpm/v2", kind: "RegionList", collectionURL: c.base + "/fcpm/v2/regions", query: c.query)
        return json(200) { w in env.write(result, request: page, into: &w) { ResourceJSON.region($0, base: c.base, into: &$1) } }
    }
}

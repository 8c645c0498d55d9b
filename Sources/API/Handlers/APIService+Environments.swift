import ControlPlane
import HTTP
import Model

extension APIService {
    func listEnvironments(_ c: Call) throws -> HTTPResponse {
        let page = try c.page()
        let result = try controlPlane.environments(page: page)
        let env = ListEnvelope(apiVersion: "org/v2", kind: "EnvironmentList",
                               collectionURL: c.base + "/org/v2/environments", query: c.query, tokenFirst: true)
        return json(200, capacity: 4096) { w in
            env.write(result, request: page, into: &w) { ResourceJSON.environment($0, base: c.base, into: &$1) }
        }
    }

    func createEnvironment(_ c: Call) throws -> HTTPResponse {
        let body = try c.body()
        let request = CreateEnvironmentRequest(displayName: try body.string("display_name"),
                                               governancePackage: try body.object("stream_governance_config")?.string("package"))
        let created = try controlPlane.createEnvironment(request)
        var h = HTTPHeaders()
        h.set("Location", ResourceJSON.environmentURL(created.id, base: c.base))
        return json(201, headers: h) { ResourceJSON.environment(created, base: c.base, into: &$0) }
    }

    func getEnvironment(_ c: Call) throws -> HTTPResponse {
        let e = try controlPlane.environment(id: try c.path("id"))
        return json(200) { ResourceJSON.environment(e, base: c.base, into: &$0) }
    }

    func updateEnvironment(_ c: Call) throws -> HTTPResponse {
        let body = try c.body()
        let request = UpdateEnvironmentRequest(displayName: try body.string("display_name"),
                                               governancePackage: try body.object("stream_governance_config")?.string("package"),
                                               resourceVersion: try expectedVersion(c, body))
        let updated = try controlPlane.updateEnvironment(id: try c.path("id"), request)
        return json(200) { ResourceJSON.environment(updated, base: c.base, into: &$0) }
    }

    func deleteEnvironment(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteEnvironment(id: try c.path("id"))
        return noContent()
    }

    /// `If-Match` header, else body `resource_version` or `metadata.resource_version`.
    func expectedVersion(_ c: Call, _ body: JSONFields) throws -> String? {
        if let h = c.request.headers["If-Match"], !h.isEmpty {
            return h.trimmingQuotes()
        }
        if let v = try versionField(body, "resource_version") { return v }
        if let meta = try body.object("metadata"), let v = try versionField(meta, "resource_version") { return v }
        return nil
    }

    private func versionField(_ f: JSONFields, _ key: String) throws -> String? {
        guard let v = f.value(key) else { return nil }
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        default: throw JSONFieldError(.wrongType, pointer: f.path(key), detail: "Field '\(f.path(key))' must be a string")
        }
    }
}

extension String {
    func trimmingQuotes() -> String {
        var s = Substring(self)
        if s.hasPrefix("W/") { s = s.dropFirst(2) }
        if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") { s = s.dropFirst().dropLast() }
        return String(s)
    }
}

import Model

/// The saved login context: where the server is, the credentials, and the current environment / pool.
struct CLIConfig: Sendable, Equatable {
    var url: String?
    var apiKey: String?
    var apiSecret: String?
    var organizationID: String?
    var environmentID: String?
    var computePoolID: String?

    init(url: String? = nil, apiKey: String? = nil, apiSecret: String? = nil, organizationID: String? = nil,
         environmentID: String? = nil, computePoolID: String? = nil) {
        self.url = url
        self.apiKey = apiKey
        self.apiSecret = apiSecret
        self.organizationID = organizationID
        self.environmentID = environmentID
        self.computePoolID = computePoolID
    }

    private static var keys: [(String, WritableKeyPath<CLIConfig, String?>)] { [
        ("url", \.url), ("api_key", \.apiKey), ("api_secret", \.apiSecret), ("organization_id", \.organizationID),
        ("environment_id", \.environmentID), ("compute_pool_id", \.computePoolID),
    ] }

    init(json: JSONValue) {
        self.init()
        for (key, path) in Self.keys {
            if let s = json[key]?.stringValue, !s.isEmpty { self[keyPath: path] = s }
        }
    }

    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        for (key, path) in Self.keys {
            if let s = self[keyPath: path] { members.append((key, .string(s))) }
        }
        return .object(JSONObject(members))
    }

    var isLoggedIn: Bool { url != nil }
}

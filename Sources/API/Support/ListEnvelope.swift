import Model

/// Writes Confluent's list envelope
/// `{"api_version","kind","metadata":{"first","next","total_size"},"data":[…]}`.
/// `next` is an absolute URL that keeps the request's other query parameters, or `""` on the last page.
public struct ListEnvelope {
    public let apiVersion: String
    public let kind: String
    /// Absolute URL of the collection without a query, e.g. `http://h:1/org/v2/environments`.
    public let collectionURL: String
    /// Query parameters carried into links (filters), without page_size/page_token.
    public let carried: [(name: String, value: String)]
    /// Environments want `page_token` first in `next` (cc-clients-python-lib); pools/jobs want it last.
    public let tokenFirst: Bool

    public init(apiVersion: String, kind: String, collectionURL: String, query: QueryParameters, tokenFirst: Bool = false) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.collectionURL = collectionURL
        self.carried = query.pairs.filter { $0.name != "page_size" && $0.name != "page_token" }
        self.tokenFirst = tokenFirst
    }

    public func write<Item>(_ page: Page<Item>, request: PageRequest, into w: inout JSONWriter,
                            item: (Item, inout JSONWriter) -> Void) {
        w.beginObject()
        w.member("api_version", apiVersion)
        w.member("kind", kind)
        w.key("metadata")
        w.beginObject()
        w.member("first", link(size: request.pageSize, token: nil))
        w.member("next", page.nextPageToken.map { link(size: request.pageSize, token: $0) } ?? "")
        w.member("total_size", page.totalSize)
        w.endObject()
        w.key("data")
        w.beginArray()
        for i in page.items { item(i, &w) }
        w.endArray()
        w.endObject()
    }

    func link(size: Int, token: String?) -> String {
        var params: [String] = []
        let tokenParam = token.map { "page_token=" + QueryParameters.encode($0) }
        if tokenFirst, let tokenParam { params.append(tokenParam) }
        for (n, v) in carried { params.append(QueryParameters.encode(n) + "=" + QueryParameters.encode(v)) }
        if size != PageRequest.defaultSize || token != nil { params.append("page_size=\(size)") }
        if !tokenFirst, let tokenParam { params.append(tokenParam) }
        return params.isEmpty ? collectionURL : collectionURL + "?" + params.joined(separator: "&")
    }
}

extension PageRequest {
    /// `page_size` (1…, capped at 100) and `page_token` from the query; bad values → 400 naming the parameter.
    public init(query: QueryParameters) throws(APIError) {
        self.init()
        if let s = query["page_size"], !s.isEmpty {
            guard let n = Int(s), n >= 1 else {
                throw .badParameter("page_size must be an integer between 1 and \(Self.maxSize), got '\(s)'",
                                    parameter: "page_size")
            }
            pageSize = min(n, Self.maxSize)
        }
        if let t = query["page_token"], !t.isEmpty {
            guard t.utf8.count <= 255 else { throw .badParameter("page_token is too long", parameter: "page_token") }
            pageToken = t
        }
    }
}

import HTTP

extension APIService {
    /// Serves a GET from the encoded-response cache while no write happened since it was encoded;
    /// otherwise runs `encode` (the handler's one control-plane call and its encoding) and caches a 200.
    /// The generation is read before the data, so an entry is never labelled newer than what it holds.
    func cachedGET(_ c: Call, _ encode: () throws -> HTTPResponse) throws -> HTTPResponse {
        let key = EncodedResponseCache.key(c.request, base: c.base)
        let generation = controlPlane.readGeneration
        if let hit = responseCache.lookup(key, generation: generation) { return hit }
        let response = try encode()
        if response.status == 200 { responseCache.store(key, response, generation: generation) }
        return response
    }

    /// Whether `request` (routed, not yet authenticated) has a current cached answer: then it costs a
    /// lookup and can run on the event loop.
    func hasCachedAnswer(_ request: HTTPRequest) -> Bool {
        request.method == "GET"
            && responseCache.contains(EncodedResponseCache.key(request, base: links.resolve(request)),
                                      generation: controlPlane.readGeneration)
    }
}

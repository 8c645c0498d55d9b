import Model

/// CMF's Spring-style list envelope:
/// `{"pageable":{"page","size","sort":{…}},"metadata":{"size":total},"items":[…]}` — `items` is empty past
/// the end (the real CLI pages until it is).
enum CMFList {
    /// `page` (zero-based) and `size` from the query; bad values → 400.
    static func request(_ query: QueryParameters) throws(APIError) -> CMFPageRequest {
        func int(_ name: String, min: Int) throws(APIError) -> Int? {
            guard let s = query[name], !s.isEmpty else { return nil }
            guard let n = Int(s), n >= min else {
                throw .badParameter("\(name): must be an integer of at least \(min), got '\(s.prefix(32))'", parameter: name)
            }
            return n
        }
        let page = try int("page", min: 0) ?? 0
        let size = try int("size", min: 1) ?? CMFPageRequest.defaultSize
        guard page <= 10_000_000 else { throw .badParameter("page: too large", parameter: "page") }
        return CMFPageRequest(page: page, size: size)
    }

    static func write<Item>(_ page: CMFPage<Item>, pageable: Bool = true, sorted: Bool = false, into w: inout JSONWriter,
                            item: (Item, inout JSONWriter) -> Void) {
        w.beginObject()
        w.key("pageable")
        if pageable {
            w.beginObject()
            w.member("page", page.request.page)
            w.member("size", page.request.size)
            w.key("sort")
            w.beginObject()
            w.member("sorted", sorted)
            w.member("unsorted", !sorted)
            w.member("empty", !sorted)
            w.endObject()
            w.endObject()
        } else {
            w.null()
        }
        w.key("metadata")
        w.beginObject()
        w.member("size", page.total)
        w.endObject()
        w.key("items")
        w.beginArray()
        for i in page.items { item(i, &w) }
        w.endArray()
        w.endObject()
    }
}

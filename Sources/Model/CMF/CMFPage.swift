/// CMF's Spring-style paging: zero-based `page` and `size`; a page past the end has no items.
public struct CMFPageRequest: Sendable, Equatable {
    public static let defaultSize = 20
    public static let maxSize = 1000

    public var page: Int
    public var size: Int

    public init(page: Int = 0, size: Int = CMFPageRequest.defaultSize) {
        self.page = max(0, page)
        self.size = min(max(1, size), Self.maxSize)
    }

    public var offset: Int { page * size }
}

/// One CMF page and the total number of items (`metadata.size`).
public struct CMFPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var request: CMFPageRequest
    public var total: Int

    public init(items: [Item], request: CMFPageRequest, total: Int) {
        self.items = items
        self.request = request
        self.total = total
    }

    public func map<T: Sendable>(_ f: (Item) throws -> T) rethrows -> CMFPage<T> {
        CMFPage<T>(items: try items.map(f), request: request, total: total)
    }
}

/// One page of a list. `nextPageToken` is nil on the last page; `totalSize` counts every item matching the
/// filter (all pages).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextPageToken: String?
    public var totalSize: Int

    public init(items: [Item], nextPageToken: String?, totalSize: Int) {
        self.items = items
        self.nextPageToken = nextPageToken
        self.totalSize = totalSize
    }
}

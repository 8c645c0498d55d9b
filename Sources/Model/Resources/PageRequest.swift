/// What a list call asks for: `pageSize` (1…100, default 10) and the opaque token from a previous page.
public struct PageRequest: Sendable, Hashable {
    public static let defaultSize = 10
    public static let maxSize = 100

    public var pageSize: Int
    public var pageToken: String?

    public init(pageSize: Int = PageRequest.defaultSize, pageToken: String? = nil) {
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// A Flink region (`fcpm/v2` Region), e.g. id `aws.us-east-1`.
public struct Region: Sendable, Equatable {
    public var id: String
    public var displayName: String
    public var cloud: String
    public var regionName: String

    public init(id: String, displayName: String, cloud: String, regionName: String) {
        self.id = id
        self.displayName = displayName
        self.cloud = cloud
        self.regionName = regionName
    }
}

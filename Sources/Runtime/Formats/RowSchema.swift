/// Column names and types of rows a format reads or writes.
public struct RowSchema: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        public var name: String
        public var type: DataType
        public init(_ name: String, _ type: DataType) { self.name = name; self.type = type }
    }
    public var columns: [Column]
    public init(_ columns: [Column]) { self.columns = columns }
    public var count: Int { columns.count }
}

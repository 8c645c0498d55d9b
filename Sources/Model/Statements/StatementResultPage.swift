/// One page of `…/statements/{name}/results`: rows as `{op, row}` (every scalar already encoded as a
/// string, `null` for SQL NULL) and the token of the next page (nil: the result is exhausted).
public struct StatementResultPage: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// 0 +I, 1 -U, 2 +U, 3 -D.
        public var op: Int
        /// A JSON array: strings, nulls, nested arrays.
        public var row: JSONValue
        public init(op: Int, row: JSONValue) {
            self.op = op
            self.row = row
        }
    }

    public var rows: [Row]
    public var nextPageToken: String?

    public init(rows: [Row], nextPageToken: String?) {
        self.rows = rows
        self.nextPageToken = nextPageToken
    }
}

/// One entry of a CMF statement's exception list (`GET …/statements/{name}/exceptions`).
public struct CMFStatementException: Sendable, Equatable {
    public var name: String
    public var message: String
    public var timestamp: Int64

    public init(name: String, message: String, timestamp: Int64) {
        self.name = name
        self.message = message
        self.timestamp = timestamp
    }
}

/// A page of a CMF statement's results (`GET …/statements/{name}/results`): rows as string cells with
/// their change op (0 insert, 1 update-before, 2 update-after, 3 delete), and the token of the next page
/// (`""` when there is none yet).
public struct CMFStatementResults: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var op: Int
        public var cells: [String?]
        public init(op: Int, cells: [String?]) {
            self.op = op
            self.cells = cells
        }
    }

    public var rows: [Row]
    public var nextPageToken: String

    public init(rows: [Row], nextPageToken: String) {
        self.rows = rows
        self.nextPageToken = nextPageToken
    }
}

import Synchronization
import Model
import Store

extension ControlPlane {
    static let resultPageRows = 1000

    /// `…/statements/{name}/results?page_token=T`: the rows from position `T` (the CollectSink offset; rows
    /// before it count as read and an unbounded query may drop them). `nextPageToken` is nil once a
    /// finished statement's rows are exhausted; a running one always gets a token (maybe with no rows).
    public func statementResults(environmentID: String, name: String, pageToken: String?) throws(APIError) -> StatementResultPage {
        var position: Int64 = 0
        if let t = pageToken, !t.isEmpty {
            guard let p = Int64(t), p >= 0 else {
                throw APIError.badParameter("The page_token '\(t.prefix(64))' is not valid.", parameter: "page_token",
                                            code: "invalid_page_token")
            }
            position = p
        }
        if let running = statementRuntime.query(environmentID: environmentID, name: name), !running.bounded {
            _ = running.acknowledged.fetchMax(position)
        }
        let (s, rows) = try query { tx in
            let s = try Self.resolveStatement(tx, environmentID: environmentID, name: name)
            return (s, try tx.statementResults(environmentID: environmentID, name: name, from: position, limit: Self.resultPageRows))
        }
        let page = rows.map { r in
            StatementResultPage.Row(op: r.op, row: (try? JSONParser.parse(r.row)) ?? .array([]))
        }
        let next = position + Int64(rows.count)
        let finished = s.phase == .completed || s.phase == .failed || s.phase == .stopped
        if finished && rows.count < Self.resultPageRows {
            return StatementResultPage(rows: page, nextPageToken: nil)
        }
        return StatementResultPage(rows: page, nextPageToken: String(next))
    }
}

extension Atomic where Value == Int64 {
    func fetchMax(_ v: Int64) -> Int64 {
        var cur = load(ordering: .acquiring)
        while v > cur {
            let (exchanged, original) = compareExchange(expected: cur, desired: v, ordering: .acquiringAndReleasing)
            if exchanged { return v }
            cur = original
        }
        return cur
    }
}

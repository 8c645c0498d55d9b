import Testing
@testable import SQL

/// parse → print → parse must give an equal tree, and printing is stable.
func roundTrip(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let first = try SQLParser.parseStatement(sql)
        let printed = SQLPrinter.print(first)
        do {
            let second = try SQLParser.parseStatement(printed)
            #expect(first == second, "tree changed after printing:\n\(printed)", sourceLocation: sourceLocation)
            #expect(SQLPrinter.print(second) == printed, sourceLocation: sourceLocation)
        } catch {
            Issue.record("printed SQL does not parse: \(error)\n\(printed)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("does not parse: \(error)\n\(sql)", sourceLocation: sourceLocation)
    }
}

func parseError(_ sql: String) -> SQLParseError? {
    do {
        _ = try SQLParser.parseScript(sql)
        return nil
    } catch {
        return error
    }
}

import Foundation
import Testing
@testable import SQL

/// Every `case.sql` of the conformance corpus parses (or fails exactly as Flink's parser did), and each of
/// its statements survives parse → print → parse.
struct ConformanceCorpusParseTests {
    static let casesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ConformanceTests/cases")

    static var caseNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesDir.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: casesDir.appendingPathComponent("\($0)/case.sql").path) }
            .sorted()
    }

    static func script(_ name: String) throws -> String {
        try String(contentsOf: casesDir.appendingPathComponent("\(name)/case.sql"), encoding: .utf8)
    }

    /// `(line, column, encountered)` from a parse-phase expected_error.json, nil otherwise.
    static func expectedParseError(_ name: String) throws -> (Int, Int, String)? {
        let url = casesDir.appendingPathComponent("\(name)/expected_error.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        guard obj["phase"] as? String == "parse" else { return nil }
        let message = try #require(obj["flink_message"] as? String)
        let afterQuote = try #require(message.range(of: "Encountered \""))
        let rest = message[afterQuote.upperBound...]
        let endQuote = try #require(rest.range(of: "\" at line"))
        return (try #require(obj["line"] as? Int), try #require(obj["column"] as? Int),
                String(rest[..<endQuote.lowerBound]))
    }

    @Test func corpusIsPresent() {
        #expect(Self.caseNames.count >= 33)
    }

    @Test(arguments: caseNames)
    func caseParses(_ name: String) throws {
        let sql = try Self.script(name)
        if let (line, column, token) = try Self.expectedParseError(name) {
            let err = try #require(parseError(sql))
            #expect(err.line == line)
            #expect(err.column == column)
            #expect(err.encountered == token)
            #expect(err.summary == "SQL parse failed. Encountered \"\(token)\" at line \(line), column \(column).")
            return
        }
        let statements = try SQLParser.parseScript(sql)
        #expect(statements.count >= 2)
        guard case .query = statements.last?.statement else {
            Issue.record("last statement is not a query")
            return
        }
        for s in statements {
            roundTrip(s.text)
            #expect(try SQLParser.parseStatement(s.text) == s.statement)
        }
    }
}

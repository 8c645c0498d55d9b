import Foundation

/// One folder of the conformance corpus, loaded: the script (with `${CASE_DIR}` replaced), the
/// expectations and meta.json's parallelisms.
public struct ConformanceCase: Sendable {
    public struct ExpectedError: Sendable, Hashable {
        public var phase: String
        public var message: String
        public var line: Int?
        public var column: Int?
    }

    public var name: String
    public var directory: String
    public var script: String
    public var parallelisms: [Int]
    public var changelog: Bool
    /// `name: TYPE` per result column, as schema.json spells them.
    public var schema: [String]
    public var expectedRows: [JSONLite]
    public var expectedError: ExpectedError?

    public init(directory: String) throws {
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.directory = dir
        self.name = (dir as NSString).lastPathComponent
        func read(_ file: String) throws -> String {
            try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
        }
        func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: dir + "/" + file) }
        script = try read("case.sql").replacingOccurrences(of: "${CASE_DIR}", with: dir)
        let meta = try JSONLite.parse(try read("meta.json"))
        parallelisms = meta["parallelism_checked"]?.arrayValue?.compactMap(\.intValue) ?? [1]
        changelog = meta["changelog"]?.boolValue ?? false
        if exists("expected_error.json") {
            let e = try JSONLite.parse(try read("expected_error.json"))
            expectedError = ExpectedError(phase: e["phase"]?.stringValue ?? "", message: e["flink_message"]?.stringValue ?? "",
                                          line: e["line"]?.intValue, column: e["column"]?.intValue)
            schema = []
            expectedRows = []
        } else {
            expectedError = nil
            let s = try JSONLite.parse(try read("schema.json"))
            schema = (s.arrayValue ?? []).map { ($0["name"]?.stringValue ?? "?") + ": " + ($0["type"]?.stringValue ?? "?") }
            expectedRows = try MultisetComparator.parseLines(try read("expected.jsonl"))
        }
    }

    /// The case folders under `root` (those holding a case.sql), sorted by name.
    public static func list(root: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().filter { FileManager.default.fileExists(atPath: root + "/" + $0 + "/case.sql") }
    }
}

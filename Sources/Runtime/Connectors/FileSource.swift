import Glibc

/// Bounded filesystem source (Flink's `filesystem` connector): `path` is a file or a directory (its
/// regular files, sorted by name, not starting with `.` or `_`). Each file is a split; splits are assigned
/// round-robin to subtasks. Lines are decoded with the `json` or `csv` format; blank lines are skipped.
public final class FileSource: SourceReader {
    public enum Format: Sendable {
        case json(JSONRowDecoder)
        case csv(CSVRowDecoder)
    }

    let files: [String]
    let format: Format
    var reader: LineReader?
    var next = 0

    public init(path: String, format: Format, subtask: Int, parallelism: Int) throws {
        let all = try FileSource.listFiles(path)
        files = assignedSplits(count: all.count, subtask: subtask, parallelism: parallelism).map { all[$0] }
        self.format = format
    }

    /// Options as in Flink SQL: `format` = json | csv, `json.ignore-parse-errors`, `csv.field-delimiter`,
    /// `csv.quote-character`, `csv.null-literal`, `csv.ignore-parse-errors`.
    public static func format(options: [String: String], schema: RowSchema) throws -> Format {
        switch options["format"] ?? options["value.format"] ?? "" {
        case "json":
            return .json(JSONRowDecoder(schema: schema, ignoreParseErrors: options["json.ignore-parse-errors"] == "true"))
        case "csv":
            var d = CSVRowDecoder(schema: schema)
            if let s = options["csv.field-delimiter"] {
                let u = s == "\\t" ? [UInt8(9)] : Array(s.utf8)
                if u.count == 1 { d.delimiter = u[0] }
            }
            if let q = options["csv.quote-character"], let u = q.utf8.first { d.quote = u }
            if let n = options["csv.null-literal"] { d.nullLiteral = Array(n.utf8) }
            d.ignoreParseErrors = options["csv.ignore-parse-errors"] == "true"
            return .csv(d)
        case let other:
            throw RuntimeError(code: "unsupported_format", detail: "Could not find any format factory for identifier '\(other)'.")
        }
    }

    static func listFiles(_ path: String) throws -> [String] {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw RuntimeError(code: "file_not_found", detail: "File \(path) does not exist or the user running Flink ('flinkcloud') has insufficient permissions to access it.")
        }
        if (st.st_mode & S_IFMT) != S_IFDIR { return [path] }
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") || name.hasPrefix("_") { continue }
            var fst = stat()
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            if stat(full, &fst) == 0 && (fst.st_mode & S_IFMT) == S_IFREG { names.append(full) }
        }
        return names.sorted()
    }

    public func poll(output: Output) throws -> SourceStatus {
        var emitted = 0
        while emitted < 1024 {
            if reader == nil {
                guard next < files.count else { return .finished }
                reader = try LineReader(path: files[next])
                next += 1
            }
            let more = try reader!.nextLine { line in
                if line.allSatisfy({ $0 == 32 || $0 == 9 }) { return }
                switch format {
                case let .json(d): output.emit(try d.decode(line))
                case let .csv(d): output.emit(try d.decode(line))
                }
                emitted += 1
            }
            if !more { reader = nil }
        }
        return .more
    }
}

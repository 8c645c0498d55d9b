/// What the parser found on the command line for one leaf command.
struct Invocation: Sendable {
    /// Command names from the root, e.g. ["confluent", "flink", "job", "create"].
    var path: [String]
    var positionals: [String]
    /// Flag values by long name, in order of appearance (booleans hold "true"/"false").
    var values: [String: [String]]

    init(path: [String], positionals: [String] = [], values: [String: [String]] = [:]) {
        self.path = path
        self.positionals = positionals
        self.values = values
    }

    var commandLine: String { path.joined(separator: " ") }

    func string(_ name: String) -> String? { values[name]?.last }
    func strings(_ name: String) -> [String] { values[name] ?? [] }
    func has(_ name: String) -> Bool { values[name] != nil }

    func bool(_ name: String) -> Bool {
        guard let v = values[name]?.last else { return false }
        return v == "true"
    }

    /// A boolean switch that was given (`--flag`, `--flag=false`), else nil (so the server's default applies).
    func optionalBool(_ name: String) -> Bool? { values[name]?.last.map { $0 == "true" } }

    func int(_ name: String) throws(UsageError) -> Int? {
        guard let v = string(name) else { return nil }
        guard let n = Int(v) else { throw UsageError("invalid argument \"\(v)\" for \"--\(name)\" flag: expected an integer") }
        return n
    }

    func positional(_ i: Int) -> String? { i < positionals.count ? positionals[i] : nil }
}

import Runtime

/// Everything `flinkcloud` can be told at start: each flag has an environment twin
/// (`--data-dir` ↔ `FLINKCLOUD_DATA_DIR`); a flag wins over its environment variable.
struct ServerConfig: Sendable, Equatable {
    enum LogLevel: String, Sendable, CaseIterable { case debug, info, warn, error }

    var host = "127.0.0.1"
    var port = 8080
    var dataDir = "./flinkcloud-data"
    var inMemory = false
    var apiKey: String?
    var apiSecret: String?
    var auth = true
    var logLevel = LogLevel.info
    var seed: UInt64?
    var externalURL: String?
    /// How long after a rolling update a failure of the new version rolls it back automatically (ms).
    var rollbackProbationMillis: Int64 = 60_000
    var showHelp = false

    /// One row per option; the single source for parsing, `--help` and the README table.
    struct Option: Sendable {
        let flag: String
        let value: String?      // placeholder shown in help; nil for switches
        let defaultText: String
        let help: String
        var env: String { "FLINKCLOUD_" + flag.dropFirst(2).uppercased().replacing("-", with: "_") }
    }

    static let options: [Option] = [
        Option(flag: "--host", value: "ADDR", defaultText: "127.0.0.1", help: "address to bind (0.0.0.0 for all interfaces)"),
        Option(flag: "--port", value: "N", defaultText: "8080", help: "port to listen on (0 picks a free port)"),
        Option(flag: "--data-dir", value: "DIR", defaultText: "./flinkcloud-data", help: "where the database and topics live"),
        Option(flag: "--in-memory", value: nil, defaultText: "off", help: "keep everything in memory (nothing persisted)"),
        Option(flag: "--api-key", value: "KEY", defaultText: "generated", help: "admin API key (generated and saved on first start)"),
        Option(flag: "--api-secret", value: "SECRET", defaultText: "generated", help: "admin API secret"),
        Option(flag: "--auth", value: "on|off", defaultText: "on", help: "require HTTP Basic auth on every route but /health and /ready"),
        Option(flag: "--log-level", value: "LEVEL", defaultText: "info", help: "debug, info, warn or error"),
        Option(flag: "--seed", value: "N", defaultText: "random", help: "seed for deterministic resource IDs"),
        Option(flag: "--external-url", value: "URL", defaultText: "from Host", help: "base URL used in links (metadata.self, next)"),
        Option(flag: "--rollback-probation", value: "DUR", defaultText: "60 s",
               help: "after a rolling update, a failure within this window rolls back (e.g. 30s, 500 ms)"),
    ]

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses `arguments` (without the program name) over the `environment`.
    static func parse(arguments: [String], environment: [String: String]) throws(ParseError) -> ServerConfig {
        var config = ServerConfig()
        for option in options {
            if let value = environment[option.env] {
                try config.apply(option, value: value, source: option.env)
            }
        }
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if arg == "--help" || arg == "-h" { config.showHelp = true; continue }
            var name = arg
            var inline: String?
            if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            guard let option = options.first(where: { $0.flag == name }) else {
                throw ParseError(description: "unknown option '\(arg)' (see --help)")
            }
            var value = inline
            if option.value != nil, value == nil {
                guard i < arguments.count else { throw ParseError(description: "\(name) needs a value (\(option.value!))") }
                value = arguments[i]
                i += 1
            }
            try config.apply(option, value: value ?? "true", source: name)
        }
        if (config.apiKey == nil) != (config.apiSecret == nil) {
            throw ParseError(description: "--api-key and --api-secret must be given together")
        }
        return config
    }

    private mutating func apply(_ option: Option, value: String, source: String) throws(ParseError) {
        func bad(_ why: String) -> ParseError { ParseError(description: "invalid \(source) '\(value)': \(why)") }
        switch option.flag {
        case "--host":
            guard !value.isEmpty else { throw bad("empty") }
            host = value
        case "--port":
            guard let p = Int(value), (0...65535).contains(p) else { throw bad("expected 0–65535") }
            port = p
        case "--data-dir":
            guard !value.isEmpty else { throw bad("empty") }
            dataDir = value
        case "--in-memory":
            guard let b = Self.bool(value) else { throw bad("expected true or false") }
            inMemory = b
        case "--api-key":
            guard !value.isEmpty, !value.contains(":") else { throw bad("must be non-empty without ':'") }
            apiKey = value
        case "--api-secret":
            guard !value.isEmpty else { throw bad("empty") }
            apiSecret = value
        case "--auth":
            guard let b = Self.bool(value) else { throw bad("expected on or off") }
            auth = b
        case "--log-level":
            guard let l = LogLevel(rawValue: value.lowercased()) else { throw bad("expected debug, info, warn or error") }
            logLevel = l
        case "--seed":
            guard let s = UInt64(value) else { throw bad("expected a non-negative integer") }
            seed = s
        case "--external-url":
            guard value.hasPrefix("http://") || value.hasPrefix("https://") else { throw bad("expected http(s)://host[:port]") }
            externalURL = value.hasSuffix("/") ? String(value.dropLast()) : value
        case "--rollback-probation":
            guard let ms = RestartStrategy.parseDuration(value), ms >= 0 else { throw bad("expected a duration such as 60s or 500 ms") }
            rollbackProbationMillis = ms
        default:
            break
        }
    }

    private static func bool(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "1", "true", "on", "yes": true
        case "0", "false", "off", "no": false
        default: nil
        }
    }

    static var helpText: String {
        var lines = ["usage: flinkcloud [options]", "",
                     "Confluent Cloud for Apache Flink on one machine. Every option has an environment twin.", ""]
        for o in options {
            let left = o.flag + (o.value.map { " " + $0 } ?? "")
            let pad = String(repeating: " ", count: max(1, 22 - left.count))
            lines.append("  \(left)\(pad)\(o.help) [default: \(o.defaultText); env \(o.env)]")
        }
        lines.append("  -h, --help            show this help")
        return lines.joined(separator: "\n")
    }
}

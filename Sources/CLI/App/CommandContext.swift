import Model

/// What a command handler gets: its parsed invocation, the terminal, the environment variables, and the
/// saved context. Settings resolve as flag > environment variable > saved context.
struct CommandContext: Sendable {
    let invocation: Invocation
    let terminal: Terminal
    let environment: [String: String]
    let store: ConfigStore
    let format: OutputFormat

    init(invocation: Invocation, terminal: Terminal, environment: [String: String], store: ConfigStore) throws(UsageError) {
        self.invocation = invocation
        self.terminal = terminal
        self.environment = environment
        self.store = store
        self.format = try OutputFormat.parse(invocation.string("output"))
    }

    var printer: Printer { Printer(format: format, terminal: terminal) }

    func config() throws(CLIFailure) -> CLIConfig { try store.load() }

    func env(_ names: String...) -> String? {
        for n in names { if let v = environment[n], !v.isEmpty { return v } }
        return nil
    }

    /// A client for the logged-in server (or `CONFLUENT_URL` / `CONFLUENT_API_KEY` / `CONFLUENT_API_SECRET`).
    func client(timeoutSeconds: Double = 30) throws(CLIFailure) -> RESTClient {
        let saved = try config()
        guard let url = env("CONFLUENT_URL", "FLINKCLOUD_URL") ?? saved.url else {
            throw CLIFailure("you must log in to run that command",
                             resolution: "Run \"confluent login --url http://127.0.0.1:8080 --api-key KEY --api-secret SECRET\".")
        }
        let key = env("CONFLUENT_API_KEY", "FLINKCLOUD_API_KEY") ?? saved.apiKey
        let secret = env("CONFLUENT_API_SECRET", "FLINKCLOUD_API_SECRET") ?? saved.apiSecret
        return try RESTClient(url: url, apiKey: key, apiSecret: secret, timeoutSeconds: timeoutSeconds)
    }

    /// `--environment`, else `CONFLUENT_ENVIRONMENT`, else the one chosen with `environment use` / at login.
    func environmentID() throws(CLIFailure) -> String {
        if let e = invocation.string("environment"), !e.isEmpty { return e }
        if let e = env("CONFLUENT_ENVIRONMENT") { return e }
        if let e = try config().environmentID { return e }
        throw CLIFailure("no environment selected",
                         resolution: "Run \"confluent environment use <environment-id>\" or pass \"--environment\".")
    }

    /// `--compute-pool`, else `CONFLUENT_COMPUTE_POOL`, else the one chosen with `flink compute-pool use`; nil means
    /// the environment's default pool.
    func computePoolID() throws(CLIFailure) -> String? {
        if let p = invocation.string("compute-pool"), !p.isEmpty { return p }
        if let p = env("CONFLUENT_COMPUTE_POOL") { return p }
        return try config().computePoolID
    }

    /// The organization id for `/sql/v1/organizations/{org}`: saved at login, else asked from the server.
    func organizationID(_ client: RESTClient) throws(CLIFailure) -> String {
        if let o = env("CONFLUENT_ORGANIZATION_ID") { return o }
        if let o = try config().organizationID { return o }
        let orgs = try client.listAll("/org/v2/organizations")
        guard let id = orgs.first?["id"]?.stringValue else { throw CLIFailure("the server lists no organization") }
        return id
    }

    func save(_ update: (inout CLIConfig) -> Void) throws(CLIFailure) {
        var c = try config()
        update(&c)
        try store.save(c)
    }

    // MARK: Flag helpers

    func required(_ flag: String) throws(UsageError) -> String {
        guard let v = invocation.string(flag), !v.isEmpty else {
            throw UsageError("required flag \"--\(flag)\" not set", suggestion: "Run \"\(invocation.commandLine) --help\" for usage.")
        }
        return v
    }

    func argument(_ i: Int) throws(UsageError) -> String {
        guard let v = invocation.positional(i) else {
            throw UsageError("missing argument", suggestion: "Run \"\(invocation.commandLine) --help\" for usage.")
        }
        return v
    }
}

/// The start-up text. The `listening on <url>` line is machine-readable: tests and scripts parse it.
struct Banner {
    let baseURL: String
    let credentials: Credentials
    let config: ServerConfig
    let readyMillis: Double

    var lines: [String] {
        var out = ["flinkcloud: Confluent Cloud for Apache Flink, locally",
                   "listening on \(baseURL)"]
        out.append("  storage:    " + (config.inMemory ? "in memory (nothing persisted)" : config.dataDir))
        if config.auth {
            out.append("  API key:    \(credentials.key)" + (credentials.generated ? "   (generated, saved in the data dir)" : ""))
            out.append("  API secret: \(credentials.secret)")
            out.append("  try:        curl -u \(credentials.key):\(credentials.secret) \(baseURL)/org/v2/environments")
        } else {
            out.append("  auth:       off (no credentials needed)")
            out.append("  try:        curl \(baseURL)/org/v2/environments")
        }
        out.append("ready in \(Int(readyMillis.rounded())) ms")
        return out
    }
}

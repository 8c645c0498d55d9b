import Foundation

// flinkcloud: parse the configuration, open the store, start the HTTP server, wait for a signal.
let startedAt = ContinuousClock.now

let config: ServerConfig
do {
    config = try ServerConfig.parse(arguments: Array(CommandLine.arguments.dropFirst()),
                                    environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("flinkcloud: \(error.description)\n".utf8))
    exit(2)
}
if config.showHelp {
    FileHandle.standardOutput.write(Data((ServerConfig.helpText + "\n").utf8))
    exit(0)
}

let credentials: Credentials
do {
    credentials = try Credentials.resolve(config: config)
} catch {
    FileHandle.standardError.write(Data("flinkcloud: cannot prepare \(config.dataDir): \(error)\n".utf8))
    exit(1)
}

FileHandle.standardError.write(Data("flinkcloud: HTTP server not wired yet\n".utf8))
exit(1)

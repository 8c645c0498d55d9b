import Runtime
import SQLite
import API
import ControlPlane
import Foundation
import HTTP

// flinkcloud: parse the configuration, open the control plane, start the HTTP server, wait for a signal.
let startedAt = ContinuousClock.now
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "conformance" {
    exit(ConformanceCommand.run(Array(CommandLine.arguments.dropFirst(2))))
}

func fail(_ message: String, code: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("flinkcloud: \(message)\n".utf8))
    exit(code)
}

let config: ServerConfig
do {
    config = try ServerConfig.parse(arguments: Array(CommandLine.arguments.dropFirst()),
                                    environment: ProcessInfo.processInfo.environment)
} catch {
    fail(error.description, code: 2)
}
if config.showHelp {
    FileHandle.standardOutput.write(Data((ServerConfig.helpText + "\n").utf8))
    exit(0)
}

let signals = ShutdownSignals()
let logger = Logger(level: Logger.Level(name: config.logLevel.rawValue) ?? .info)
let credentials: Credentials
let controlPlane: ControlPlane
let executor: RuntimeJobExecutor
do {
    credentials = try Credentials.resolve(config: config)
    if config.inMemory {
        controlPlane = try ControlPlane.inMemory(seed: config.seed)
    } else {
        controlPlane = try ControlPlane.open(path: config.dataDir + "/flinkcloud.sqlite", seed: config.seed,
                                             log: { logger.warn($0) })
    }
    try controlPlane.ensureApiKey(id: credentials.key, secret: credentials.secret)
    // Jobs run in the embedded runtime with checkpoints (state files under <data-dir>/checkpoints, records
    // in <data-dir>/checkpoints.sqlite); those running before a restart resume from their latest
    // completed checkpoint (recovery begins before the server listens, so /ready follows it).
    if config.inMemory {
        executor = RuntimeJobExecutor(controlPlane: controlPlane, rollbackProbationMillis: config.rollbackProbationMillis)
    } else {
        let checkpointDB = try Database(path: config.dataDir + "/checkpoints.sqlite")
        executor = RuntimeJobExecutor(controlPlane: controlPlane, checkpointDirectory: config.dataDir + "/checkpoints",
                                      checkpointStore: try SQLiteCheckpointStore(database: checkpointDB),
                                      rollbackProbationMillis: config.rollbackProbationMillis)
    }
    controlPlane.setExecutor(executor)
    _ = try controlPlane.recover()
    controlPlane.recoverStatements()
    controlPlane.startMetricsSampler(intervalMillis: 5000)
} catch {
    fail("cannot start with data dir \(config.dataDir): \(error)")
}

let server = try ServerRunner.start(config: config, controlPlane: controlPlane, logger: logger)
let elapsed = ContinuousClock.now - startedAt
let banner = Banner(baseURL: server.baseURL, credentials: credentials, config: config,
                    readyMillis: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
FileHandle.standardOutput.write(Data((banner.lines.joined(separator: "\n") + "\n").utf8))
server.waitForShutdown(signals)
executor.shutdown()
controlPlane.close()
exit(0)

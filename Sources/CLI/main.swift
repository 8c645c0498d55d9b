import Foundation

// confluent: a Confluent-CLI-compatible command line for FlinkCloud; talks to the server over REST only.
let app = CLIApp(terminal: .standard, environment: ProcessInfo.processInfo.environment)
exit(app.run(Array(CommandLine.arguments.dropFirst())))

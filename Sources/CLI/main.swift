import Foundation

// confluent: a Confluent-CLI-compatible command line for FlinkCloud; talks to the server only over REST.
// A parent may have ignored or blocked SIGINT/SIGTERM (both are inherited across exec); restore the defaults
// so Ctrl-C and `kill` end `logs --follow` and `--wait`.
for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, SIG_DFL) }
var unblock = sigset_t()
sigemptyset(&unblock)
for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&unblock, sig) }
pthread_sigmask(SIG_UNBLOCK, &unblock, nil)

let app = CLIApp(terminal: .standard, environment: ProcessInfo.processInfo.environment)
exit(app.run(Array(CommandLine.arguments.dropFirst())))

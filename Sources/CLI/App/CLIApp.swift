/// Entry point: parse, run the command, map failures to messages and exit codes
/// (0 ok, 1 any error — usage mistakes and server errors alike, as the real CLI does).
struct CLIApp: Sendable {
    let terminal: Terminal
    let environment: [String: String]

    func run(_ arguments: [String]) -> Int32 {
        let root = RootCommand.spec()
        let parser = ArgumentParser(root: root)
        do {
            switch try parser.parse(arguments) {
            case .help(let path):
                terminal.out(HelpText.render(path))
                return 0
            case .run(let command, let invocation):
                let context = try CommandContext(invocation: invocation, terminal: terminal, environment: environment,
                                                 store: ConfigStore(environment: environment))
                try command.run!(context)
                return 0
            }
        } catch let e as UsageError {
            report("Error: " + e.message, suggestion: e.suggestion)
        } catch let e as CLIFailure {
            report("Error: " + e.message, suggestion: e.resolution)
        } catch {
            report("Error: \(error)", suggestion: nil)
        }
        return 1
    }

    private func report(_ message: String, suggestion: String?) {
        var text = message + "\n"
        if let suggestion, !suggestion.isEmpty {
            text += "\nSuggestions:\n    " + suggestion.split(separator: "\n").joined(separator: "\n    ") + "\n"
        }
        terminal.err(text)
    }
}

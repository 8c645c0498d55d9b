/// A tiny command-line parser over a `CommandSpec` tree: subcommands first, then `--flag value`,
/// `--flag=value`, `-o value`, boolean switches, positionals, and `--` to end flags.
struct ArgumentParser: Sendable {
    enum Outcome: Sendable {
        case run(CommandSpec, Invocation)
        case help([CommandSpec])
    }

    let root: CommandSpec

    func parse(_ args: [String]) throws(UsageError) -> Outcome {
        var node = root
        var path = [root]
        var rest: [String] = []
        var i = 0
        var sawPositional = false
        while i < args.count {
            let token = args[i]
            if token == "--" {
                rest.append(contentsOf: args[i...])
                break
            }
            if isFlag(token) {
                rest.append(token)
                if !token.contains("="), let f = lookup(token, in: node), f.takesValue, i + 1 < args.count {
                    rest.append(args[i + 1])
                    i += 1
                }
                i += 1
                continue
            }
            if !sawPositional && !node.subcommands.isEmpty {
                if let sub = node.subcommand(named: token) {
                    node = sub
                    path.append(sub)
                    i += 1
                    continue
                }
                if node.run == nil { throw unknownCommand(token, path: path) }
            }
            sawPositional = true
            rest.append(token)
            i += 1
        }
        if rest.contains(where: { $0 == "--help" || $0 == "-h" || $0 == "--help=true" }) { return .help(path) }
        if node.run == nil { return .help(path) }
        return .run(node, try bind(rest, to: node, path: path.map(\.name)))
    }

    // MARK: Internals

    private func isFlag(_ token: String) -> Bool {
        token.count > 1 && token.hasPrefix("-") && Int(token) == nil
    }

    private func lookup(_ token: String, in node: CommandSpec) -> FlagSpec? {
        if token.hasPrefix("--") { return node.flag(named: String(token.dropFirst(2).split(separator: "=", maxSplits: 1).first ?? "")) }
        if token.count == 2, let c = token.dropFirst().first { return node.flag(short: c) }
        return nil
    }

    private func unknownCommand(_ token: String, path: [CommandSpec]) -> UsageError {
        let node = path.last!
        let names = node.subcommands.flatMap { [$0.name] + $0.aliases }
        let line = path.map(\.name).joined(separator: " ")
        let hint = EditDistance.closest(to: token, in: names).map { "Did you mean \"\($0)\"?" }
        return UsageError("unknown command \"\(token)\" for \"\(line)\"", suggestion: hint ?? "Run \"\(line) --help\" for the available commands.")
    }

    private func unknownFlag(_ spelled: String, node: CommandSpec, path: [String]) -> UsageError {
        let name = spelled.drop { $0 == "-" }
        let hint = EditDistance.closest(to: String(name), in: node.allFlags.map(\.name)).map { "Did you mean \"--\($0)\"?" }
        return UsageError("unknown flag: \(spelled)",
                          suggestion: hint ?? "Run \"\(path.joined(separator: " ")) --help\" for the accepted flags.")
    }

    private func bind(_ tokens: [String], to node: CommandSpec, path: [String]) throws(UsageError) -> Invocation {
        var inv = Invocation(path: path)
        var i = 0
        var flagsEnded = false
        while i < tokens.count {
            let token = tokens[i]
            i += 1
            if token == "--" && !flagsEnded {
                flagsEnded = true
                continue
            }
            if flagsEnded || !isFlag(token) {
                inv.positionals.append(token)
                continue
            }
            var name: String
            var inline: String?
            if token.hasPrefix("--") {
                let body = token.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    name = String(body[..<eq])
                    inline = String(body[body.index(after: eq)...])
                } else {
                    name = String(body)
                }
                guard node.flag(named: name) != nil else { throw unknownFlag("--" + name, node: node, path: path) }
            } else {
                let body = token.dropFirst()
                guard let c = body.first, let f = node.flag(short: c) else {
                    throw unknownFlag(String(token.prefix(2)), node: node, path: path)
                }
                name = f.name
                let after = body.dropFirst()
                if !after.isEmpty { inline = after.hasPrefix("=") ? String(after.dropFirst()) : String(after) }
            }
            let spec = node.flag(named: name)!
            let value: String
            if spec.takesValue {
                if let inline {
                    value = inline
                } else if i < tokens.count {
                    value = tokens[i]
                    i += 1
                } else {
                    throw UsageError("flag needs an argument: --\(name)")
                }
            } else {
                switch inline?.lowercased() {
                case nil, "true", "1", "yes": value = "true"
                case "false", "0", "no": value = "false"
                default: throw UsageError("invalid argument \"\(inline!)\" for \"--\(name)\" flag: expected true or false")
                }
            }
            if spec.repeatable { inv.values[name, default: []].append(value) } else { inv.values[name] = [value] }
        }
        for f in node.allFlags where inv.values[f.name] == nil {
            if let d = f.defaultValue { inv.values[f.name] = [d] }
        }
        try checkPositionals(inv.positionals, node: node, path: path)
        return inv
    }

    private func checkPositionals(_ given: [String], node: CommandSpec, path: [String]) throws(UsageError) {
        let specs = node.arguments
        let line = path.joined(separator: " ")
        let variadic = specs.last?.variadic == true
        if !variadic && given.count > specs.count {
            let what = specs.isEmpty ? "accepts no arguments" : "accepts at most \(specs.count) argument\(specs.count == 1 ? "" : "s")"
            throw UsageError("\"\(line)\" \(what), received \(given.count): \(given.joined(separator: " "))",
                             suggestion: "Run \"\(line) --help\" for usage.")
        }
        for (index, spec) in specs.enumerated() where spec.required && index >= given.count {
            throw UsageError("missing required argument \(spec.spelling) for \"\(line)\"",
                             suggestion: "Run \"\(line) --help\" for usage.")
        }
    }
}

/// The `--help` page of a command, in the real CLI's layout.
enum HelpText {
    static func render(_ path: [CommandSpec]) -> String {
        let node = path.last!
        let line = path.map(\.name).joined(separator: " ")
        var out = node.summary + "\n\nUsage:\n"
        if node.run != nil {
            var usage = "  " + line
            for a in node.arguments { usage += " " + a.spelling }
            if !node.allFlags.isEmpty { usage += " [flags]" }
            out += usage + "\n"
        }
        if !node.subcommands.isEmpty {
            out += "  \(line) [command]\n"
            out += "\nAvailable Commands:\n"
            let width = node.subcommands.map(\.name.count).max() ?? 0
            for s in node.subcommands {
                out += "  " + s.name.padding(width + 2) + s.summary + "\n"
            }
        }
        if !node.aliases.isEmpty { out += "\nAliases:\n  " + ([node.name] + node.aliases).joined(separator: ", ") + "\n" }
        if !node.flags.isEmpty { out += "\nFlags:\n" + flagLines(node.flags) }
        out += "\nGlobal Flags:\n" + flagLines(CommandSpec.globalFlags)
        if !node.examples.isEmpty {
            out += "\nExamples:\n" + node.examples.map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        if !node.subcommands.isEmpty {
            out += "\nUse \"\(line) [command] --help\" for more information about a command.\n"
        }
        return out
    }

    private static func flagLines(_ flags: [FlagSpec]) -> String {
        let width = flags.map(\.spelling.count).max() ?? 0
        return flags.map { f in
            var help = f.help
            if let d = f.defaultValue { help += " (default \(d))" }
            return "  " + f.spelling.padding(width + 3) + help
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// Pads with spaces to at least `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

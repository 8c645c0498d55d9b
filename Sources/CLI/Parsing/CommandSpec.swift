/// A node of the command tree: a group (with subcommands) or a leaf that runs.
struct CommandSpec: Sendable {
    typealias Handler = @Sendable (CommandContext) throws -> Void

    var name: String
    var summary: String
    var aliases: [String]
    var arguments: [ArgumentSpec]
    var flags: [FlagSpec]
    var subcommands: [CommandSpec]
    var examples: [String]
    var run: Handler?

    init(_ name: String, _ summary: String, aliases: [String] = [], arguments: [ArgumentSpec] = [],
         flags: [FlagSpec] = [], examples: [String] = [], subcommands: [CommandSpec] = [], run: Handler? = nil) {
        self.name = name
        self.summary = summary
        self.aliases = aliases
        self.arguments = arguments
        self.flags = flags
        self.subcommands = subcommands
        self.examples = examples
        self.run = run
    }

    func subcommand(named token: String) -> CommandSpec? {
        subcommands.first { $0.name == token || $0.aliases.contains(token) }
    }

    /// Flags accepted here: the command's own plus the global ones.
    var allFlags: [FlagSpec] { flags + CommandSpec.globalFlags }

    func flag(named name: String) -> FlagSpec? { allFlags.first { $0.name == name } }
    func flag(short: Character) -> FlagSpec? { allFlags.first { $0.short == short } }

    /// Accepted by every command.
    static let globalFlags: [FlagSpec] = [
        FlagSpec("output", short: "o", value: "FORMAT", help: "Output format: human, json or yaml.", default: "human"),
        FlagSpec("help", short: "h", help: "Show help for this command."),
    ]
}

/// One `--flag` a command accepts: boolean when `value` is nil, else it takes a value (`--flag v`, `--flag=v`).
struct FlagSpec: Sendable {
    var name: String
    var short: Character?
    /// Placeholder shown in help (e.g. "FILE"); nil for a boolean switch.
    var value: String?
    var help: String
    var defaultValue: String?
    var repeatable: Bool

    init(_ name: String, short: Character? = nil, value: String? = nil, help: String,
         default defaultValue: String? = nil, repeatable: Bool = false) {
        self.name = name
        self.short = short
        self.value = value
        self.help = help
        self.defaultValue = defaultValue
        self.repeatable = repeatable
    }

    var takesValue: Bool { value != nil }

    /// `-o, --output string` style spelling for help.
    var spelling: String {
        var s = short.map { "-\($0), " } ?? "    "
        s += "--" + name
        if let value { s += " " + value }
        return s
    }
}

/// One positional argument in a command's usage line.
struct ArgumentSpec: Sendable {
    var name: String
    var required: Bool
    var variadic: Bool

    init(_ name: String, required: Bool = true, variadic: Bool = false) {
        self.name = name
        self.required = required
        self.variadic = variadic
    }

    var spelling: String {
        let core = variadic ? "\(name)-1 [\(name)-2] ..." : name
        return required ? "<\(core)>" : "[\(core)]"
    }
}

/// A command-line mistake (unknown command or flag, missing argument): printed with a hint, exit 1.
struct UsageError: Error, Sendable, Equatable {
    var message: String
    var suggestion: String?

    init(_ message: String, suggestion: String? = nil) {
        self.message = message
        self.suggestion = suggestion
    }
}

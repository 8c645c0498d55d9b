/// A failure to report to the user: the message (for server errors, the envelope's `detail`), an optional
/// resolution printed as a suggestion, and the HTTP status when it came from the server.
struct CLIFailure: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    var resolution: String?
    var status: Int?
    var code: String?

    init(_ message: String, resolution: String? = nil, status: Int? = nil, code: String? = nil) {
        self.message = message
        self.resolution = resolution
        self.status = status
        self.code = code
    }

    var description: String { message }
}

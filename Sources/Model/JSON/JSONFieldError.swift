/// A request body that cannot be used: malformed JSON, a missing field or a field of the wrong type.
/// `pointer` is an RFC 6901 JSON pointer to the offending field ("" for the whole body).
public struct JSONFieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case malformed = "malformed_json"
        case missing = "missing_field"
        case wrongType = "invalid_type"
        case invalidValue = "invalid_value"
    }

    public var kind: Kind
    public var pointer: String
    public var detail: String

    public init(_ kind: Kind, pointer: String, detail: String) {
        self.kind = kind
        self.pointer = pointer
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue) at '\(pointer)': \(detail)" }
}

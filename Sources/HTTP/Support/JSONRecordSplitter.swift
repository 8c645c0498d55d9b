/// Splits a streamed request body of concatenated (or newline-delimited) JSON values into one record
/// per top-level value, as the bytes arrive, without parsing them (Kafka REST produce streams).
/// A record longer than `maxRecordBytes` is an error; whitespace between records is skipped.
public struct JSONRecordSplitter: Sendable {
    public struct RecordTooLarge: Error, Sendable { public let limit: Int }
    public struct Malformed: Error, Sendable { public let detail: String }

    public let maxRecordBytes: Int
    private var current: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var scalar = false   // a top-level number/literal/string

    public init(maxRecordBytes: Int) { self.maxRecordBytes = maxRecordBytes }

    /// Feeds bytes; returns the records completed by them.
    public mutating func feed(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        for b in bytes {
            if current.isEmpty {
                if b == 32 || b == 9 || b == 10 || b == 13 || b == 44 { continue }  // whitespace or ',' between records
                if b == 93 || b == 125 { throw Malformed(detail: "Unexpected '\(Character(Unicode.Scalar(b)))' between records.") }
                scalar = b != 123 && b != 91
            } else if scalar && depth == 0 && !inString && (b == 32 || b == 9 || b == 10 || b == 13 || b == 44) {
                out.append(current)
                current = []
                continue
            }
            current.append(b)
            if current.count > maxRecordBytes { throw RecordTooLarge(limit: maxRecordBytes) }
            if inString {
                if escaped { escaped = false } else if b == 92 { escaped = true } else if b == 34 {
                    inString = false
                    if scalar && depth == 0 { out.append(current); current = [] }
                }
                continue
            }
            switch b {
            case 34: inString = true
            case 123, 91: depth += 1
            case 125, 93:
                depth -= 1
                if depth < 0 { throw Malformed(detail: "Unbalanced brackets.") }
                if depth == 0 && !scalar { out.append(current); current = [] }
            default: break
            }
        }
        return out
    }

    /// Call at the end of the body: the last scalar record, or an error for a truncated value.
    public mutating func finish() throws -> [UInt8]? {
        if current.isEmpty { return nil }
        if scalar && depth == 0 && !inString { defer { current = [] }; return current }
        throw Malformed(detail: "The body ended inside a JSON value.")
    }
}

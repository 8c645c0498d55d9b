#if canImport(Glibc)
import Glibc
#endif

/// Sinks for the access-log middleware.
public enum AccessLog {
    /// Writes the line plus a newline to stderr in one `write` call (lines do not interleave).
    public static let standardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        bytes.append(10)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}

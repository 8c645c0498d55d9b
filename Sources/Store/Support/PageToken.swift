import Model

/// Opaque page tokens: keyset positions (the last row's `seq`) wrapped so clients do not rely on them.
public enum PageToken {
    private static let prefix = "p1."

    public static func encode(afterSeq seq: Int64) -> String {
        prefix + String(UInt64(bitPattern: seq) ^ 0x5A5A_5A5A, radix: 36)
    }

    /// The `seq` after which the page starts; 0 for no token. Throws 400 (`page_token`) for a malformed token.
    public static func decode(_ token: String?) throws(APIError) -> Int64 {
        guard let token, !token.isEmpty else { return 0 }
        guard token.hasPrefix(prefix), let raw = UInt64(token.dropFirst(prefix.count), radix: 36) else {
            throw APIError.badParameter("The page_token '\(token.prefix(64))' is not valid.", parameter: "page_token",
                                        code: "invalid_page_token")
        }
        return Int64(bitPattern: raw ^ 0x5A5A_5A5A)
    }

    /// Clamps a requested page size to 1…100 (0 or less means the default), as Confluent caps silently.
    public static func clampedSize(_ size: Int) -> Int {
        size <= 0 ? PageRequest.defaultSize : min(size, PageRequest.maxSize)
    }
}

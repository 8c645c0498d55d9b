import Model

/// A time query parameter: epoch milliseconds (`1700000000000`) or RFC 3339 (`2026-01-02T03:04:05Z`,
/// fractional seconds and `±hh:mm` offsets allowed).
enum TimeParameter {
    static func parse(_ raw: String?, name: String) throws(APIError) -> Int64? {
        guard let raw, !raw.isEmpty else { return nil }
        if let ms = Int64(raw) { return ms }
        if let ms = RFC3339.epochMillis(raw) { return ms }
        throw APIError.badParameter("Query parameter '\(name)' must be epoch milliseconds or an RFC 3339 timestamp, got '\(raw)'",
                                    parameter: name)
    }
}

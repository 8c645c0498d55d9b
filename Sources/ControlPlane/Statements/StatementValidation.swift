import Foundation
import Model

/// Checks on a submitted statement before it is stored: name pattern, SQL size, property values.
enum StatementValidation {
    static let maxNameLength = 100
    static let maxSQLLength = 131_072

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`, at most 100 characters.
    static func name(_ name: String?) throws(APIError) -> String {
        guard let name, !name.isEmpty else {
            throw APIError(status: 422, code: "invalid_configuration", title: "Validation Failed",
                           detail: "The statement name is required.", source: .pointer("/name"))
        }
        let bytes = Array(name.utf8)
        func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        var valid = bytes.count <= maxNameLength
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) where valid {
            valid = !label.isEmpty && alnum(label.first!) && alnum(label.last!) && label.allSatisfy { alnum($0) || $0 == 0x2D }
        }
        guard valid else {
            throw APIError(status: 422, code: "invalid_configuration", title: "Validation Failed",
                           detail: "The statement name '\(name.prefix(120))' is invalid: it must match "
                               + "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)* and be at most 100 characters.",
                           source: .pointer("/name"))
        }
        return name
    }

    static func sql(_ sql: String?) throws(APIError) -> String {
        guard let sql, !sql.allSatisfy({ $0.isWhitespace || $0 == ";" }) else {
            throw APIError(status: 422, code: "invalid_configuration", title: "Validation Failed",
                           detail: "The statement text (spec.statement) is required.", source: .pointer("/spec/statement"))
        }
        guard sql.utf8.count <= maxSQLLength else {
            throw APIError(status: 422, code: "invalid_configuration", title: "Validation Failed",
                           detail: "The statement is \(sql.utf8.count) bytes long; the maximum is \(maxSQLLength).",
                           source: .pointer("/spec/statement"))
        }
        return sql
    }

    static let startupModes: Set = ["earliest-offset", "latest-offset", "timestamp", "specific-offsets", "group-offsets"]

    /// Values of the properties this server interprets; other keys are kept and ignored.
    static func properties(_ p: [String: String]) throws(APIError) {
        func bad(_ key: String, _ detail: String) -> APIError {
            APIError(status: 400, code: "invalid_property", title: "Bad Request", detail: detail,
                     source: .pointer("/spec/properties/" + key))
        }
        if let zone = p["sql.local-time-zone"], timeZone(zone) == nil {
            throw bad("sql.local-time-zone", "Invalid time zone '\(zone)' for sql.local-time-zone.")
        }
        if let mode = p["sql.snapshot.mode"], mode != "now", mode != "off" {
            throw bad("sql.snapshot.mode", "Invalid value '\(mode)' for sql.snapshot.mode; expected 'now' or 'off'.")
        }
        if let dry = p["sql.dry-run"], dry != "true", dry != "false" {
            throw bad("sql.dry-run", "Invalid value '\(dry)' for sql.dry-run; expected 'true' or 'false'.")
        }
        if let mode = p["sql.tables.scan.startup.mode"], !startupModes.contains(mode) {
            throw bad("sql.tables.scan.startup.mode", "Invalid value '\(mode)' for sql.tables.scan.startup.mode; expected one of "
                          + startupModes.sorted().joined(separator: ", ") + ".")
        }
        if let mode = p["sql.tables.scan.bounded.mode"], !["unbounded", "latest-offset", "timestamp", "specific-offsets"].contains(mode) {
            throw bad("sql.tables.scan.bounded.mode", "Invalid value '\(mode)' for sql.tables.scan.bounded.mode.")
        }
        for key in ["sql.tables.scan.startup.timestamp-millis", "sql.tables.scan.bounded.timestamp-millis"] {
            if let v = p[key], Int64(v) == nil { throw bad(key, "Invalid value '\(v)' for \(key); expected milliseconds.") }
        }
        if let ttl = p["sql.state-ttl"], durationMillis(ttl) == nil {
            throw bad("sql.state-ttl", "Invalid duration '\(ttl)' for sql.state-ttl (e.g. '0', '1 h', '7 d', '3600000 ms').")
        }
    }

    static func timeZone(_ name: String) -> TimeZone? {
        if name == "UTC" || name == "Z" { return TimeZone(secondsFromGMT: 0) }
        if name.hasPrefix("GMT") || name.hasPrefix("UTC"), name.count > 3 {
            let rest = name.dropFirst(3)
            let sign: Int = rest.first == "-" ? -1 : 1
            let parts = rest.dropFirst().split(separator: ":")
            if let h = Int(parts.first ?? ""), h <= 18 {
                let m = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
                return TimeZone(secondsFromGMT: sign * (h * 3600 + m * 60))
            }
            return nil
        }
        return TimeZone(identifier: name)
    }

    /// `'1 h'`, `'7 d'`, `'3600000'`, `'30 min'`, `'10 s'`, `'0'` → milliseconds.
    static func durationMillis(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let digits = t.prefix { $0.isNumber }
        guard let n = Int64(digits) else { return nil }
        switch t.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased() {
        case "", "ms", "milli", "millis", "milliseconds": return n
        case "s", "sec", "secs", "second", "seconds": return n * 1000
        case "min", "mins", "minute", "minutes": return n * 60_000
        case "h", "hour", "hours": return n * 3_600_000
        case "d", "day", "days": return n * 86_400_000
        default: return nil
        }
    }
}

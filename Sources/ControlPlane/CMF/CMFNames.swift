import Model

/// CMF's naming rules: lower-case DNS-1123 subdomain names (`[a-z0-9]([-a-z0-9]*[a-z0-9])?` parts joined by
/// `.`), 4–253 characters; and how a CMF name becomes a FlinkCloud job name.
enum CMFNames {
    static let minLength = 4
    static let maxLength = 253

    static func validate(_ name: String?, what: String) throws(APIError) -> String {
        guard let name, !name.isEmpty else {
            throw APIError.badRequest("\(what) name: must not be empty", code: "missing_field", pointer: "/metadata/name")
        }
        let bytes = Array(name.utf8)
        guard bytes.count >= minLength && bytes.count <= maxLength else {
            throw APIError.badRequest("\(what) name: size must be between \(minLength) and \(maxLength)",
                                      code: "invalid_name", pointer: "/metadata/name")
        }
        guard isDNSSubdomain(bytes) else {
            throw APIError.badRequest("\(what) name '\(name)': must match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
                                      code: "invalid_name", pointer: "/metadata/name")
        }
        return name
    }

    static func isDNSSubdomain(_ bytes: [UInt8]) -> Bool {
        func isAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        for part in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard let first = part.first, let last = part.last, isAlnum(first), isAlnum(last),
                  part.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: "-") }) else { return false }
        }
        return true
    }

    /// The FlinkCloud job name for a CMF application or statement: the name with `.` as `-`, at most 100
    /// characters (job names are `[a-z0-9]([-a-z0-9]*[a-z0-9])?`).
    static func jobName(_ name: String) -> String {
        var s = String(name.map { $0 == "." ? "-" : $0 }.prefix(100))
        while s.hasSuffix("-") { s.removeLast() }
        return s
    }
}

/// RFC 3339 UTC timestamps (`2025-06-01T10:00:03Z`, or with `.123` milliseconds) from Unix epoch
/// milliseconds, computed without Foundation (Howard Hinnant's civil-from-days).
public enum RFC3339 {
    public static func string(epochMillis: Int64, fractional: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        append(epochMillis: epochMillis, fractional: fractional, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func append(epochMillis: Int64, fractional: Bool = false, to out: inout [UInt8]) {
        let ms = floorMod(epochMillis, 1000)
        let secs = floorDiv(epochMillis, 1000)
        let days = floorDiv(secs, 86_400)
        let sod = secs - days * 86_400
        let (y, m, d) = civil(days)
        digits(y, 4, &out); out.append(UInt8(ascii: "-"))
        digits(m, 2, &out); out.append(UInt8(ascii: "-"))
        digits(d, 2, &out); out.append(UInt8(ascii: "T"))
        digits(sod / 3600, 2, &out); out.append(UInt8(ascii: ":"))
        digits(sod % 3600 / 60, 2, &out); out.append(UInt8(ascii: ":"))
        digits(sod % 60, 2, &out)
        if fractional { out.append(UInt8(ascii: ".")); digits(ms, 3, &out) }
        out.append(UInt8(ascii: "Z"))
    }

    private static func civil(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
    private static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }

    private static func digits(_ v: Int64, _ width: Int, _ out: inout [UInt8]) {
        let v = max(0, v)
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: v / divisor % 10) &+ UInt8(ascii: "0"))
            divisor /= 10
        }
    }
}

extension JSONWriter {
    /// Writes an RFC 3339 UTC timestamp string.
    public mutating func timestamp(epochMillis: Int64, fractional: Bool = false) {
        beginRaw()
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(epochMillis: epochMillis, fractional: fractional, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }
}

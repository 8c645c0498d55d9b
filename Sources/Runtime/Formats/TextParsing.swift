/// Conversions of text (as UTF-8 bytes) into values of a given type, as Flink's json/csv formats do.
public enum TextParsing {
    /// Days since 1970-01-01 of a civil date (proleptic Gregorian).
    @inlinable public static func epochDays(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Civil date of days since epoch.
    public static func civil(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    @inline(__always) static func digits(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ n: Int) -> Int? {
        guard from + n <= b.count else { return nil }
        var v = 0
        for i in from..<(from + n) {
            let c = b[i]
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    /// `yyyy-MM-dd`.
    public static func parseDate(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard b.count == 10, b[4] == 45, b[7] == 45,
              let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return Int32(epochDays(year: y, month: m, day: d))
    }

    /// `yyyy-MM-dd[ T]HH:mm[:ss[.fffffffff]][Z]` (also a date alone) → microseconds since epoch. The `Z`
    /// is how Flink's JSON format writes TIMESTAMP_LTZ.
    public static func parseTimestamp(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let b = text.count > 10 && text[text.count - 1] == 90 ? UnsafeBufferPointer(rebasing: text[0..<(text.count - 1)]) : text
        guard b.count >= 10, b[4] == 45, b[7] == 45,
              let y = digits(b, 0, 4), let mo = digits(b, 5, 2), let d = digits(b, 8, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var micros = epochDays(year: y, month: mo, day: d) * 86_400_000_000
        if b.count == 10 { return micros }
        guard b[10] == 32 || b[10] == 84, let h = digits(b, 11, 2), b.count >= 16, b[13] == 58,
              let mi = digits(b, 14, 2), h < 24, mi < 60 else { return nil }
        var sec = 0
        var i = 16
        if i < b.count {
            guard b[i] == 58, let s = digits(b, 17, 2), s < 60 else { return nil }
            sec = s
            i = 19
        }
        micros += Int64(h * 3600 + mi * 60 + sec) * 1_000_000
        if i < b.count {
            guard b[i] == 46, i + 1 < b.count else { return nil }
            var frac: Int64 = 0
            var n = 0
            i += 1
            while i < b.count {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                if n < 6 { frac = frac * 10 + Int64(c - 48) }
                n += 1
                i += 1
            }
            while n < 6 { frac *= 10; n += 1 }
            micros += frac
        }
        return micros
    }

    /// A decimal number (optionally signed, with fraction and exponent) into an unscaled value at `scale`,
    /// rounding HALF_UP; nil when malformed.
    public static func parseDecimal(_ b: UnsafeBufferPointer<UInt8>, scale: Int) -> Int128? {
        var i = 0
        var neg = false
        if i < b.count && (b[i] == 45 || b[i] == 43) { neg = b[i] == 45; i += 1 }
        var mant: Int128 = 0
        var fracDigits = 0
        var sawDigit = false
        var inFrac = false
        var exp = 0
        while i < b.count {
            let c = b[i]
            if c >= 48 && c <= 57 {
                if mant < limit37 {
                    mant = mant * 10 + Int128(c - 48)
                    if inFrac { fracDigits += 1 }
                } else if !inFrac { exp += 1 }
                sawDigit = true
            } else if c == 46 && !inFrac {
                inFrac = true
            } else if c == 101 || c == 69 {
                i += 1
                var eneg = false
                if i < b.count && (b[i] == 45 || b[i] == 43) { eneg = b[i] == 45; i += 1 }
                var e = 0
                var any = false
                while i < b.count, b[i] >= 48 && b[i] <= 57 { e = e * 10 + Int(b[i] - 48); i += 1; any = true }
                guard any, i == b.count else { return nil }
                exp += eneg ? -e : e
                break
            } else {
                return nil
            }
            i += 1
        }
        guard sawDigit else { return nil }
        let v = Decimals.rescale(mant, from: fracDigits - exp, to: scale)
        return neg ? -v : v
    }

    public static func parseInt(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var neg = false
        if i < b.count && (b[i] == 45 || b[i] == 43) { neg = b[i] == 45; i += 1 }
        guard i < b.count else { return nil }
        var v: Int64 = 0
        while i < b.count {
            let c = b[i]
            guard c >= 48 && c <= 57 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(c - 48))
            if o1 || o2 { return nil }
            v = a
            i += 1
        }
        return neg ? -v : v
    }

    public static func parseDouble(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        // Fast path: plain decimal with up to 15 significant digits and no exponent is exact this way.
        var i = 0
        var neg = false
        if i < b.count && (b[i] == 45 || b[i] == 43) { neg = b[i] == 45; i += 1 }
        var mant: UInt64 = 0
        var digitsCount = 0
        var frac = 0
        var inFrac = false
        var simple = i < b.count
        while i < b.count {
            let c = b[i]
            if c >= 48 && c <= 57 {
                mant = mant &* 10 &+ UInt64(c - 48)
                digitsCount += 1
                if inFrac { frac += 1 }
            } else if c == 46 && !inFrac {
                inFrac = true
            } else { simple = false; break }
            i += 1
        }
        if simple && digitsCount > 0 && digitsCount <= 15 && frac <= 22 {
            let v = Double(mant) / pow10Table[frac]
            return neg ? -v : v
        }
        return Double(String(decoding: b, as: UTF8.self))
    }

    static let limit37: Int128 = Decimals.pow10(37)
    static let pow10Table: [Double] = (0...22).map { e in var r = 1.0; for _ in 0..<e { r *= 10 }; return r }

    /// Converts text to a value of `type`; nil when the text cannot be converted.
    public static func value(_ b: UnsafeBufferPointer<UInt8>, as type: DataType) -> Value? {
        switch type.logical {
        case .char, .varchar: return .string(String(decoding: b, as: UTF8.self))
        case .boolean:
            let s = String(decoding: b, as: UTF8.self).lowercased()
            return s == "true" ? .bool(true) : (s == "false" ? .bool(false) : nil)
        case .tinyint, .smallint, .int, .bigint:
            guard let v = parseInt(b) else { return nil }
            return .int(v)
        case .float, .double:
            guard let d = parseDouble(b) else { return nil }
            return .double(d)
        case let .decimal(p, s):
            guard let u = parseDecimal(b, scale: s) else { return nil }
            return Decimals.fits(u, precision: p) ? .decimal(u, scale: s) : .null
        case .date:
            guard let d = parseDate(b) else { return nil }
            return .date(d)
        case .timestamp, .timestampLTZ:
            guard let t = parseTimestamp(b) else { return nil }
            return .timestamp(t)
        case .binary, .varbinary: return .bytes(Array(b))
        default: return .string(String(decoding: b, as: UTF8.self))
        }
    }
}
